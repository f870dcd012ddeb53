package io.objmeta.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** The preloads' write loop: async puts with a bounded number outstanding, whatever the store. */
final class AsyncPuts {

    private AsyncPuts() {
    }

    /**
     * Starts {@code put.apply(n)} for {@code 0 <= n < count} with at most {@code inFlight} outstanding, reports every
     * tenth of the way to {@code progress}, and waits for all; stops starting new ones at the first failure and
     * throws it.
     */
    static void run(long count, int inFlight, LongFunction<CompletableFuture<?>> put, Consumer<String> progress)
            throws Exception {
        Semaphore window = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long step = Math.max(1, count / 10);
        long start = System.nanoTime();
        for (long n = 0; n < count && failure.get() == null; n++) {
            window.acquire();
            put.apply(n).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                window.release();
            });
            if ((n + 1) % step == 0 && n + 1 < count) {
                progress.accept(String.format("  %d objects (%.0f puts/s)", n + 1,
                        (n + 1) / ((System.nanoTime() - start) / 1e9)));
            }
        }
        window.acquire(inFlight); // every put answered
        window.release(inFlight);
        Throwable t = failure.get();
        if (t != null) {
            throw new ExecutionException("a put failed: " + t, t);
        }
    }
}
