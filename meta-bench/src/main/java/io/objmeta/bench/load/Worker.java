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
    final Histogram latencyNanos = new Histogram(3); // auto-resizing, 3 significant digits
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
            kindLatencyNanos[k] = new Histogram(3);
        }
        this.kindOps = new long[kinds];
    }

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
