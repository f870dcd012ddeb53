package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.CoreInspector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stats", header = "per-bucket counts and bytes, size histogram, largest prefixes",
        description = {"Summarises what PATH stores, in one scan: per bucket the keys with a live "
        + "latest version, stored versions, delete markers and bytes (latest and all versions); a histogram of "
        + "version sizes in power-of-2 buckets; and the largest key prefixes at --depth (components split on "
        + "--delimiter) by bytes. Memory grows with the number of distinct prefixes at that depth, not with the "
        + "number of keys."},
        footer = {"", "Examples:", "  metasnap stats backups/meta-1200", "  metasnap stats data/ --depth 2 --top 20 -o json",
                ExitCodes.HELP})
public final class StatsCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Option(names = "--bucket", description = "only this bucket")
    String bucket;

    @Option(names = "--depth", defaultValue = "1", description = "prefix depth in delimiter-separated components "
            + "(default: 1)")
    int depth;

    @Option(names = "--delimiter", defaultValue = "/", description = "prefix component delimiter (default: /)")
    String delimiter;

    @Option(names = "--top", defaultValue = "10", description = "how many prefixes to show (default: 10)")
    int top;

    @Mixin
    OutputOption output;

    /** Figures of one bucket or prefix. */
    static final class Tally {
        long keys;          // keys whose latest version is live
        long versions;      // stored versions (delete markers excluded)
        long deleteMarkers;
        long latestBytes;   // sum of the sizes of the live latest versions
        long bytes;         // sum of the sizes of every stored version (what usage counts)

        void add(CoreInspector.VersionRow row) {
            ObjectVersion v = row.version();
            if (v.getIsDeleteMarker()) {
                deleteMarkers++;
                return;
            }
            versions++;
            bytes += v.getSize();
            if (row.latest()) {
                keys++;
                latestBytes += v.getSize();
            }
        }

        Map<String, Object> json() {
            return Json.obj("keys", keys, "versions", versions, "deleteMarkers", deleteMarkers, "latestBytes",
                    latestBytes, "bytes", bytes);
        }
    }

    @Override
    public Integer call() {
        if (depth < 1 || top < 0 || delimiter.isEmpty()) {
            throw new ToolException(ExitCodes.USAGE, "--depth: " + depth + " (expected: >= 1), --top: " + top
                    + " (expected: >= 0), --delimiter: not empty");
        }
        Map<String, Tally> buckets = new LinkedHashMap<>();
        Map<String, Tally> prefixes = new HashMap<>();
        long[] histogram = new long[65]; // [0] size 0; [i] sizes in [2^(i-1), 2^i)
        Tally total = new Tally();
        try (Input in = Input.open(path);
             Progress p = Progress.start("stats", Scans.versionRows(in.core()));
             CoreInspector.VersionScan scan = in.core().scanVersions(bucket, "")) {
            if (bucket == null) {
                in.core().buckets().forEach(b -> buckets.put(b.getName(), new Tally()));
            }
            while (scan.hasNext()) {
                CoreInspector.VersionRow row = scan.next();
                p.step(1);
                total.add(row);
                buckets.computeIfAbsent(row.bucket(), b -> new Tally()).add(row);
                prefixes.computeIfAbsent(row.bucket() + "/" + prefix(row.key()), k -> new Tally()).add(row);
                if (!row.version().getIsDeleteMarker()) {
                    histogram[64 - Long.numberOfLeadingZeros(row.version().getSize())]++;
                }
            }
        }
        List<Map.Entry<String, Tally>> largest = new ArrayList<>(prefixes.entrySet());
        largest.sort(Comparator.comparingLong((Map.Entry<String, Tally> e) -> e.getValue().bytes).reversed()
                .thenComparing(Map.Entry::getKey));
        largest = largest.subList(0, Math.min(top, largest.size()));
        if (output.json()) {
            printJson(total, buckets, histogram, largest);
        } else {
            printHuman(total, buckets, histogram, largest);
        }
        return ExitCodes.OK;
    }

    /** The first {@code depth} components of the key, each with its delimiter; the whole key when shorter. */
    private String prefix(String key) {
        int at = 0;
        for (int d = 0; d < depth; d++) {
            int i = key.indexOf(delimiter, at);
            if (i < 0) {
                return key;
            }
            at = i + delimiter.length();
        }
        return key.substring(0, at);
    }

    private static String range(int i) {
        if (i <= 1) {
            return i == 0 ? "0" : "1 B";
        }
        return Text.bytes(1L << (i - 1)) + " .. " + (i == 64 ? "max" : Text.bytes((1L << i) - 1));
    }

    private void printJson(Tally total, Map<String, Tally> buckets, long[] histogram,
                           List<Map.Entry<String, Tally>> largest) {
        Map<String, Object> b = new LinkedHashMap<>();
        buckets.forEach((k, v) -> b.put(k, v.json()));
        List<Object> h = new ArrayList<>();
        for (int i = 0; i < histogram.length; i++) {
            if (histogram[i] > 0) {
                h.add(Json.obj("minBytes", i == 0 ? 0 : 1L << (i - 1), "maxBytes", i == 0 ? 0
                        : i == 64 ? Long.MAX_VALUE : (1L << i) - 1, "versions", histogram[i]));
            }
        }
        List<Object> l = new ArrayList<>();
        for (Map.Entry<String, Tally> e : largest) {
            Map<String, Object> m = Json.obj("prefix", e.getKey());
            m.putAll(e.getValue().json());
            l.add(m);
        }
        out().println(Json.write(Json.obj("path", path.toString(), "total", total.json(), "buckets", b,
                "sizeHistogram", h, "depth", depth, "largestPrefixes", l)));
    }

    private void printHuman(Tally total, Map<String, Tally> buckets, long[] histogram,
                            List<Map.Entry<String, Tally>> largest) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"bucket", "keys", "versions", "delete markers", "latest bytes", "all bytes"});
        buckets.forEach((k, t) -> rows.add(row(k, t)));
        rows.add(row("(total)", total));
        Text.table(out(), rows);
        out().println();
        out().println("version sizes:");
        List<String[]> h = new ArrayList<>();
        long max = 1;
        for (long c : histogram) {
            max = Math.max(max, c);
        }
        for (int i = 0; i < histogram.length; i++) {
            if (histogram[i] > 0) {
                h.add(new String[] {"  " + range(i), "" + histogram[i], "#".repeat((int) (40 * histogram[i] / max))});
            }
        }
        Text.table(out(), h);
        out().println();
        out().println("largest prefixes at depth " + depth + " (bucket/prefix, by all bytes):");
        List<String[]> l = new ArrayList<>();
        l.add(new String[] {"  prefix", "keys", "versions", "all bytes", ""});
        for (Map.Entry<String, Tally> e : largest) {
            l.add(new String[] {"  " + Text.key(e.getKey()), "" + e.getValue().keys, "" + e.getValue().versions,
                    "" + e.getValue().bytes, Text.bytes(e.getValue().bytes)});
        }
        Text.table(out(), l);
    }

    private static String[] row(String name, Tally t) {
        return new String[] {name, "" + t.keys, "" + t.versions, "" + t.deleteMarkers, "" + t.latestBytes,
                "" + t.bytes};
    }
}
