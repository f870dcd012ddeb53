package io.objmeta.wal.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The futures of one durable group, completed by whichever threads claim them: the log's waker thread
 * completes the first few, every appender completes a few more right after framing its own record, and the
 * flusher completes whatever is left before it waits for records or publishes the next group.
 *
 * <p>Why: completing a future whose appender is parked wakes that thread (a futex call), and on a small machine
 * the woken thread usually preempts the waker. A single thread waking a group of appenders one by one is
 * switched out at almost every wake (measured with 64 appenders on 2 cores: 0.5 extra context switches per
 * append, about 5 us of CPU each) and becomes the bottleneck. Spread over the appenders themselves, the wakes
 * form a tree that fans out over every core, and each appender wakes the next ones just before it parks, so
 * the context switch it pays for is the one it needed anyway.
 *
 * <p>Every future here is already durable in the sense of the sync mode; only the order in which they complete
 * is unspecified. Dependent actions of a future run on the thread that completes it.
 */
final class GroupCompletion {
    private final CompletableFuture<Long>[] futures;
    private final long firstSequence;
    private final AtomicInteger claimed = new AtomicInteger(); // next index to complete (may overshoot)

    GroupCompletion(CompletableFuture<Long>[] futures, long firstSequence) {
        this.futures = futures;
        this.firstSequence = firstSequence;
    }

    /** True while some future has not been claimed yet. */
    boolean hasUnclaimed() {
        return claimed.get() < futures.length;
    }

    /** Completes up to {@code max} futures that nobody claimed yet. */
    void help(int max) {
        for (int done = 0; done < max && claimed.get() < futures.length; done++) {
            int i = claimed.getAndIncrement();
            if (i >= futures.length) {
                return;
            }
            futures[i].complete(firstSequence + i);
        }
    }

    /** True once every future is completed (dependent actions may still be running). */
    boolean isDone() {
        for (CompletableFuture<Long> f : futures) {
            if (!f.isDone()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Completes everything unclaimed, then waits until every future is done: a helper may be between its claim
     * and its {@code complete}, which sets the result before running dependent actions, so this never waits for
     * those.
     */
    void finish() {
        help(Integer.MAX_VALUE);
        for (CompletableFuture<Long> f : futures) {
            while (!f.isDone()) {
                Thread.yield(); // the helper is not blocked, only descheduled
            }
        }
    }
}
