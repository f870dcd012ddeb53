package io.objmeta.snapshot.internal;

import io.objmeta.core.CoreInspector;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Human output: aligned tables, sizes, times, and keys that print on one line whatever they hold. */
public final class Text {
    private Text() {
    }

    /**
     * Prints rows as columns padded to the widest cell. A column whose cells below the first row are all numbers
     * is right-aligned.
     */
    public static void table(PrintWriter out, List<String[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        boolean[] numeric = new boolean[cols];
        java.util.Arrays.fill(numeric, rows.size() > 1);
        for (int r = 0; r < rows.size(); r++) {
            for (int i = 0; i < cols; i++) {
                String cell = rows.get(r)[i];
                width[i] = Math.max(width[i], cell.length());
                if (r > 0 && (cell.isEmpty() || !cell.chars().allMatch(c -> c >= '0' && c <= '9'))) {
                    numeric[i] = false;
                }
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                sb.append(numeric[i] ? pad + r[i] : r[i] + pad);
                if (i < cols - 1) {
                    sb.append("  ");
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** {@code 1536} → {@code "1.5 KiB"}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String time(long epochMillis) {
        return epochMillis == 0 ? "-" : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** A key quoted only when it needs escaping, so ordinary keys read as themselves. */
    public static String key(String key) {
        String e = CoreInspector.escapeKey(key);
        return e.equals(key) && !key.isEmpty() && !key.contains(" ") ? key : "\"" + e + "\"";
    }

    /** Where a problem is: {@code versions[bucket id 5, key "a", revision 9] (0x...)}. */
    public static String where(String db, byte[] rowKey) {
        return db + "[" + CoreInspector.describeKey(db, rowKey) + "] (key 0x" + HexFormat.of().formatHex(rowKey) + ")";
    }
}
