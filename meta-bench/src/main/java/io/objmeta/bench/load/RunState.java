package io.objmeta.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** What the coordinator and the workers of one run share. */
final class RunState {

    final CountDownLatch ready; // counted down by each worker once its op is created (or failed to be)
    final CountDownLatch go = new CountDownLatch(1); // opened by the coordinator once the clock is set
    // opened once the counters were sampled at the window's end: workers live until then, so a counter may read
    // their threads (their CPU time) at the end
    final CountDownLatch sampled = new CountDownLatch(1);
    long measureStartNanos; // System.nanoTime() at which the window opens; published by `go`
    long endNanos; // System.nanoTime() at which the window closes; published by `go`
    volatile boolean stop; // set when the run is aborted
    private final AtomicReference<@Nullable Throwable> fatal = new AtomicReference<>();

    RunState(int threads) {
        this.ready = new CountDownLatch(threads);
    }

    /** Aborts the run; the first cause wins. */
    void fail(Throwable cause) {
        fatal.compareAndSet(null, cause);
        stop = true;
    }

    @Nullable Throwable fatal() {
        return fatal.get();
    }
}
