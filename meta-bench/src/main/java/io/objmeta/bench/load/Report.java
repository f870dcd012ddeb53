package io.objmeta.bench.load;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The result of one workload against one target, the shape every {@code metabench}
 * subcommand prints. {@code extra} holds workload-specific numbers (fsyncs,
 * recordsPerFsync, conflicts) and settings; in JSON they sit beside the fixed fields.
 *
 * @param threads concurrent callers (writers, clients)
 * @param seconds length of the measured window
 * @param ops successful calls in the window
 * @param errors failed calls in the window
 */
public record Report(String workload, String target, int threads, double seconds, long ops, double opsPerSec,
                     double p50Micros, double p99Micros, double p999Micros, double maxMicros, long errors,
                     Map<String, Object> extra) {

    private static final Set<String> FIELDS = Set.of("workload", "target", "threads", "seconds", "ops",
            "opsPerSec", "p50Micros", "p99Micros", "p999Micros", "maxMicros", "errors");

    public Report {
        requireNonNull(workload, "workload");
        requireNonNull(target, "target");
        requireNonNull(extra, "extra");
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        if (ops < 0 || errors < 0) {
            throw new IllegalArgumentException("ops, errors: " + ops + ", " + errors + " (expected: >= 0)");
        }
        extra.forEach((key, value) -> {
            if (FIELDS.contains(key)) {
                throw new IllegalArgumentException("extra key: " + key + " (expected: not a fixed field)");
            }
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("extra " + key + ": " + value
                        + " (expected: a String, Number or Boolean)");
            }
        });
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra)); // keeps the caller's order
    }

    /** Builds the report of a run; errors outside the window are added to {@code extra} when there were any. */
    public static Report of(String workload, String target, LoadResult result, Map<String, Object> extra) {
        Map<String, Object> all = new LinkedHashMap<>(extra);
        if (result.unmeasuredErrors() > 0) {
            all.put("unmeasuredErrors", result.unmeasuredErrors());
        }
        return new Report(workload, target, result.threads(), result.seconds(), result.ops(), result.opsPerSec(),
                result.latencyMicrosAt(50), result.latencyMicrosAt(99), result.latencyMicrosAt(99.9),
                result.maxLatencyMicros(), result.errors(), all);
    }

    /** One line, no line breaks: fixed fields first, then {@code extra} in its order. NaN is {@code null}. */
    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("workload", workload);
        fields.put("target", target);
        fields.put("threads", threads);
        fields.put("seconds", seconds);
        fields.put("ops", ops);
        fields.put("opsPerSec", opsPerSec);
        fields.put("p50Micros", p50Micros);
        fields.put("p99Micros", p99Micros);
        fields.put("p999Micros", p999Micros);
        fields.put("maxMicros", maxMicros);
        fields.put("errors", errors);
        fields.putAll(extra);
        return Json.object(fields);
    }

    /** A human table, one row per report, each report's {@code extra} on an indented line below. */
    public static String table(List<Report> reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"workload", "target", "threads", "seconds", "ops", "ops/s",
            "p50 us", "p99 us", "p99.9 us", "max us", "errors"});
        for (Report r : reports) {
            rows.add(new String[] {r.workload, r.target, Integer.toString(r.threads), fixed(r.seconds),
                Long.toString(r.ops), fixed(r.opsPerSec), fixed(r.p50Micros), fixed(r.p99Micros),
                fixed(r.p999Micros), fixed(r.maxMicros), Long.toString(r.errors)});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r > 0 && !reports.get(r - 1).extra.isEmpty()) {
                out.append("  ");
                reports.get(r - 1).extra.forEach((k, v) -> out.append(' ').append(k).append('=')
                        .append(v instanceof Double d ? fixed(d) : v));
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, String[] row, int[] widths) {
        for (int i = 0; i < row.length; i++) {
            // text columns left-aligned, numbers right-aligned
            String format = i < 2 ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
            out.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[i]));
        }
        out.append('\n');
    }

    private static String fixed(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d);
    }
}
