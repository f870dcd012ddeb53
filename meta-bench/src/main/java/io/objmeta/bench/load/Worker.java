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
    long ops;
    long errors;
    long unmeasuredOps;
    long unmeasuredErrors;
    final Map<String, ErrorCount> errorsByType = new HashMap<>();

    Worker(int id, Op.Factory factory, RunState state) {
        this.id = id;
        this.factory = factory;
        this.state = state;
    }

    @Override
    public void run() {
        Op op;
        try {
            op = factory.create(id);
        } catch (Throwable t) {
            state.fail(new IllegalStateException("setup of worker " + id + " failed: " + t, t));
            state.ready.countDown();
            return;
        }
        state.ready.countDown();
        try {
            state.go.await();
            loop(op);
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
