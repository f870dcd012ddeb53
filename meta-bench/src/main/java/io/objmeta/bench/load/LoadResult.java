package io.objmeta.bench.load;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one {@link LoadRunner#run} measured. Latency accessors return NaN when no call succeeded. */
public final class LoadResult {

    private final int threads;
    private final long measuredNanos; // length of the measured window
    private final long ops; // successful calls inside the window
    private final long errors; // failed calls inside the window
    private final long unmeasuredOps; // successful calls in warm-up or straddling an edge
    private final long unmeasuredErrors; // failed calls in warm-up or straddling an edge
    private final Histogram latencyNanos; // successful calls inside the window
    private final Map<String, Long> counters; // counter name -> increase over the window
    private final Map<String, ErrorCount> errorsByType; // exception class -> count, all calls
    private final Map<String, Histogram> kindLatencyNanos; // kind -> its successful measured calls, in order

    LoadResult(int threads, long measuredNanos, long ops, long errors, long unmeasuredOps,
               long unmeasuredErrors, Histogram latencyNanos, Map<String, Long> counters,
               Map<String, ErrorCount> errorsByType, Map<String, Histogram> kindLatencyNanos) {
        this.threads = threads;
        this.measuredNanos = measuredNanos;
        this.ops = ops;
        this.errors = errors;
        this.unmeasuredOps = unmeasuredOps;
        this.unmeasuredErrors = unmeasuredErrors;
        this.latencyNanos = latencyNanos.copy();
        this.counters = Map.copyOf(counters);
        this.errorsByType = Map.copyOf(errorsByType);
        Map<String, Histogram> kinds = new LinkedHashMap<>();
        kindLatencyNanos.forEach((kind, histogram) -> kinds.put(kind, histogram.copy()));
        this.kindLatencyNanos = Collections.unmodifiableMap(kinds);
    }

    public int threads() {
        return threads;
    }

    public double seconds() {
        return measuredNanos / 1e9;
    }

    public long ops() {
        return ops;
    }

    public long errors() {
        return errors;
    }

    public long unmeasuredOps() {
        return unmeasuredOps;
    }

    public long unmeasuredErrors() {
        return unmeasuredErrors;
    }

    public double opsPerSec() {
        return measuredNanos == 0 ? 0 : ops / seconds();
    }

    /** Latency at {@code percentile} (0..100) of the successful measured calls. */
    public double latencyMicrosAt(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile: " + percentile + " (expected: 0..100)");
        }
        return ops == 0 ? Double.NaN : latencyNanos.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxLatencyMicros() {
        return ops == 0 ? Double.NaN : latencyNanos.getMaxValue() / 1e3;
    }

    /** A copy of the merged latency histogram, in nanoseconds. */
    public Histogram latencyNanos() {
        return latencyNanos.copy();
    }

    /** The increase of a counter registered with {@link LoadRunner.Builder#counter} over the window. */
    public long counter(String name) {
        Long delta = counters.get(requireNonNull(name, "name"));
        if (delta == null) {
            throw new IllegalArgumentException("counter: " + name + " (expected one of: " + counters.keySet() + ")");
        }
        return delta;
    }

    public Map<String, Long> counters() {
        return counters;
    }

    /** The kinds given to {@link LoadRunner.Builder#kinds}, in their order; empty without kinds. */
    public List<String> kinds() {
        return List.copyOf(kindLatencyNanos.keySet());
    }

    /** Successful measured calls of one kind. */
    public long kindOps(String kind) {
        return kindHistogram(kind).getTotalCount();
    }

    /** Latency at {@code percentile} (0..100) of the successful measured calls of one kind; NaN if none. */
    public double kindLatencyMicrosAt(String kind, double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile: " + percentile + " (expected: 0..100)");
        }
        Histogram h = kindHistogram(kind);
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e3;
    }

    private Histogram kindHistogram(String kind) {
        Histogram h = kindLatencyNanos.get(requireNonNull(kind, "kind"));
        if (h == null) {
            throw new IllegalArgumentException("kind: " + kind + " (expected one of: " + kindLatencyNanos.keySet()
                    + ")");
        }
        return h;
    }

    /** Every error of the run, measured or not, by exception class. */
    public Map<String, ErrorCount> errorsByType() {
        return errorsByType;
    }
}
