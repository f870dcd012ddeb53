package io.objmeta.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code threads} workers in a closed loop for a warm-up and then a measured window,
 * and returns what the window measured. See the package documentation for the counting
 * rules. One runner may be used for several runs, one at a time.
 */
public final class LoadRunner {

    private final int threads;
    private final Duration warmup;
    private final Duration measure;
    private final Duration drainTimeout; // how long a call may still run after the window closes
    private final Map<String, LongSupplier> counters; // cumulative counters sampled at the window's edges
    private final List<String> kinds; // kinds of calls of an Op.Kinded, each with its own histogram

    private LoadRunner(Builder b) {
        this.threads = b.threads;
        this.warmup = b.warmup;
        this.measure = b.measure;
        this.drainTimeout = b.drainTimeout;
        this.counters = new LinkedHashMap<>(b.counters);
        this.kinds = List.copyOf(b.kinds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int threads() {
        return threads;
    }

    public Duration warmup() {
        return warmup;
    }

    public Duration measure() {
        return measure;
    }

    /**
     * Runs the workload.
     *
     * @throws ExecutionException if a worker's setup failed or a call threw an {@link Error}
     * @throws TimeoutException if a call was still running {@code drainTimeout} after the window closed
     */
    public LoadResult run(Op.Factory factory)
            throws InterruptedException, ExecutionException, TimeoutException {
        requireNonNull(factory, "factory");
        RunState state = new RunState(threads);
        List<Worker> workers = new ArrayList<>(threads);
        List<Thread> workerThreads = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker(i, factory, state, kinds.size());
            Thread thread = new Thread(worker, "metabench-worker-" + i);
            thread.setDaemon(true); // a stuck call must not keep the JVM alive after we report it
            workers.add(worker);
            workerThreads.add(thread);
            thread.start();
        }
        Map<String, Long> delta = drive(state);
        joinAll(workerThreads, state.endNanos + drainTimeout.toNanos());
        Throwable fatal = state.fatal();
        if (fatal != null) {
            throw new ExecutionException("benchmark aborted: " + fatal, fatal);
        }
        return merge(workers, delta);
    }

    /** Starts the clock once every worker is set up, samples counters at the window's edges. */
    private Map<String, Long> drive(RunState state) throws InterruptedException {
        try {
            return driveWindow(state);
        } finally {
            state.sampled.countDown();
        }
    }

    private Map<String, Long> driveWindow(RunState state) throws InterruptedException {
        try {
            state.ready.await();
            long start = System.nanoTime();
            // written before go.countDown(), so every worker sees them after go.await()
            state.measureStartNanos = start + warmup.toNanos();
            state.endNanos = state.measureStartNanos + measure.toNanos();
            state.go.countDown();
            if (!sleepUntil(state.measureStartNanos, state)) {
                return Map.of();
            }
            Map<String, Long> before = sampleCounters();
            if (!sleepUntil(state.endNanos, state)) {
                return Map.of();
            }
            Map<String, Long> after = sampleCounters();
            Map<String, Long> delta = new LinkedHashMap<>();
            before.forEach((name, value) -> delta.put(name, after.get(name) - value));
            return delta;
        } catch (InterruptedException e) {
            state.stop = true;
            state.go.countDown();
            throw e;
        }
    }

    /** Returns false if the run was aborted while sleeping. */
    private static boolean sleepUntil(long deadlineNanos, RunState state) throws InterruptedException {
        for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
            if (state.fatal() != null) {
                return false;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L)); // wake every 50 ms to notice an abort
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return state.fatal() == null;
    }

    private Map<String, Long> sampleCounters() {
        Map<String, Long> values = new LinkedHashMap<>();
        counters.forEach((name, counter) -> values.put(name, counter.getAsLong()));
        return values;
    }

    private static void joinAll(List<Thread> threads, long deadlineNanos)
            throws InterruptedException, TimeoutException {
        for (Thread thread : threads) {
            long leftMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
            thread.join(leftMillis);
            if (thread.isAlive()) {
                throw new TimeoutException(thread.getName() + " was still inside a call when the drain timeout"
                        + " ran out; the system under test stopped answering");
            }
        }
    }

    private LoadResult merge(List<Worker> workers, Map<String, Long> counterDeltas) {
        Histogram latency = new Histogram(3);
        long ops = 0;
        long errors = 0;
        long unmeasuredOps = 0;
        long unmeasuredErrors = 0;
        Map<String, ErrorCount> errorsByType = new HashMap<>();
        Map<String, Histogram> kindLatency = new LinkedHashMap<>();
        kinds.forEach(kind -> kindLatency.put(kind, new Histogram(3)));
        for (Worker w : workers) {
            latency.add(w.latencyNanos);
            for (int k = 0; k < kinds.size(); k++) {
                kindLatency.get(kinds.get(k)).add(w.kindLatencyNanos[k]);
            }
            ops += w.ops;
            errors += w.errors;
            unmeasuredOps += w.unmeasuredOps;
            unmeasuredErrors += w.unmeasuredErrors;
            w.errorsByType.forEach((type, count) -> errorsByType.merge(type, count,
                    (mine, theirs) -> mine.plus(theirs.count())));
        }
        return new LoadResult(threads, measure.toNanos(), ops, errors, unmeasuredOps, unmeasuredErrors,
                latency, counterDeltas, errorsByType, kindLatency);
    }

    /** Options of a {@link LoadRunner}. Defaults: 1 thread, 2 s warm-up, 10 s measured, 30 s drain. */
    public static final class Builder {
        private int threads = 1;
        private Duration warmup = Duration.ofSeconds(2);
        private Duration measure = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
        private List<String> kinds = List.of();

        private Builder() {}

        public Builder threads(int threads) {
            if (threads < 1 || threads > 10_000) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: 1..10000)");
            }
            this.threads = threads;
            return this;
        }

        public Builder warmup(Duration warmup) {
            if (requireNonNull(warmup, "warmup").isNegative()) {
                throw new IllegalArgumentException("warmup: " + warmup + " (expected: >= 0)");
            }
            this.warmup = warmup;
            return this;
        }

        public Builder measure(Duration measure) {
            if (requireNonNull(measure, "measure").isNegative() || measure.isZero()) {
                throw new IllegalArgumentException("measure: " + measure + " (expected: > 0)");
            }
            this.measure = measure;
            return this;
        }

        public Builder drainTimeout(Duration drainTimeout) {
            if (requireNonNull(drainTimeout, "drainTimeout").isNegative()) {
                throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: >= 0)");
            }
            this.drainTimeout = drainTimeout;
            return this;
        }

        /**
         * Registers a cumulative counter of the system under test (fsyncs, appends) whose
         * increase over the measured window ends up in {@link LoadResult#counter}.
         */
        public Builder counter(String name, LongSupplier counter) {
            requireNonNull(name, "name");
            requireNonNull(counter, "counter");
            if (counters.putIfAbsent(name, counter) != null) {
                throw new IllegalArgumentException("counter: " + name + " (expected: a name not registered yet)");
            }
            return this;
        }

        /**
         * Names the kinds of calls of a workload whose ops are {@link Op.Kinded}: each kind gets its own latency
         * histogram ({@link LoadResult#kindOps}, {@link LoadResult#kindLatencyMicrosAt}) besides the shared one.
         */
        public Builder kinds(String... names) {
            List<String> list = List.of(names);
            if (list.isEmpty() || list.stream().distinct().count() != list.size()) {
                throw new IllegalArgumentException("kinds: " + list + " (expected: at least one, no name twice)");
            }
            this.kinds = list;
            return this;
        }

        public LoadRunner build() {
            return new LoadRunner(this);
        }
    }
}
