package io.objmeta.bench.load;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.HdrHistogram.Histogram;

/**
 * One worker thread of a run. Its counters are plain fields: only this thread writes them,
 * and the coordinator reads them after {@link Thread#join}.
 */
final class Worker implements Runnable {

    private final int id;
    private final Op.Factory factory;
    private final RunState state;
    final Histogram latencyNanos = histogram();
    final Histogram[] kindLatencyNanos; // per kind of a Kinded op; empty without kinds
    final long[] kindOps;
    long ops;
    long errors;
    long unmeasuredOps;
    long unmeasuredErrors;
    final Map<String, ErrorCount> errorsByType = new HashMap<>();

    Worker(int id, Op.Factory factory, RunState state, int kinds) {
        this.id = id;
        this.factory = factory;
        this.state = state;
        this.kindLatencyNanos = new Histogram[kinds];
        for (int k = 0; k < kinds; k++) {
            kindLatencyNanos[k] = histogram();
        }
        this.kindOps = new long[kinds];
    }

    /**
     * A histogram of latencies, 3 significant digits, its counts sized up front for up to {@link #SIZED_FOR_NANOS}
     * (auto-resizing beyond). Sized before the clock starts, so the measured window neither allocates nor copies
     * counts, and the arrays, made with the worker, are old by the end of a warm-up instead of young garbage-collector
     * work in the window: left to auto-size from empty, the first measured calls of 64 workers allocated ~9 MB of
     * counts that every young collection of the window copied again (G1 log, {@code put --target embedded
     * --writers 64}).
     */
    static Histogram histogram() {
        Histogram h = new Histogram(SIZED_FOR_NANOS, 3);
        h.setAutoResize(true);
        return h;
    }

    static final long SIZED_FOR_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    @Override
    public void run() {
        Op op;
        try {
            op = factory.create(id);
            if (kindOps.length > 0 && !(op instanceof Op.Kinded)) {
                throw new IllegalArgumentException("op " + op.getClass().getName() + " (expected: an Op.Kinded,"
                        + " as the runner has kinds)");
            }
        } catch (Throwable t) {
            state.fail(new IllegalStateException("setup of worker " + id + " failed: " + t, t));
            state.ready.countDown();
            return;
        }
        state.ready.countDown();
        try {
            state.go.await();
            loop(op);
            state.sampled.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the coordinator was interrupted and is unwinding
        } catch (Throwable t) {
            state.fail(t); // an Error from the op: the numbers can't be trusted
        }
    }

    private void loop(Op op) {
        long measureStart = state.measureStartNanos;
        long end = state.endNanos;
        while (!state.stop) {
            long t0 = System.nanoTime();
            if (t0 - end >= 0) {
                return;
            }
            Exception failure = null;
            try {
                op.call();
            } catch (Exception e) {
                failure = e;
            }
            long t1 = System.nanoTime();
            boolean measured = t0 - measureStart >= 0 && end - t1 >= 0;
            if (failure == null) {
                if (measured) {
                    latencyNanos.recordValue(t1 - t0);
                    ops++;
                    if (kindOps.length > 0) {
                        int kind = ((Op.Kinded) op).lastKind();
                        kindLatencyNanos[kind].recordValue(t1 - t0); // out of range: a bug, aborts the run
                        kindOps[kind]++;
                    }
                } else {
                    unmeasuredOps++;
                }
            } else {
                if (measured) {
                    errors++;
                } else {
                    unmeasuredErrors++;
                }
                tally(failure);
            }
        }
    }

    private void tally(Exception failure) {
        Throwable cause = failure;
        // a failed future says nothing; what failed it does
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String type = cause.getClass().getName();
        String example = cause.getMessage() == null ? type : cause.getMessage();
        errorsByType.merge(type, new ErrorCount(1, example), (mine, one) -> mine.plus(1));
    }
}
