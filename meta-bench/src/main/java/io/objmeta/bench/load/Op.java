package io.objmeta.bench.load;

/**
 * One benchmark operation, called repeatedly by one worker thread. Returning means success;
 * throwing an {@link Exception} means the call failed and is counted as an error.
 */
@FunctionalInterface
public interface Op {

    void call() throws Exception;

    /**
     * Creates the op of one worker, on that worker's thread, before the clock starts, so
     * per-worker state (a key counter, a payload, a client) needs no synchronisation and
     * its setup cost is not measured. Throwing aborts the run.
     */
    @FunctionalInterface
    interface Factory {
        Op create(int worker) throws Exception;
    }

    /**
     * An op whose calls are of several kinds (a delimiter listing, a prefix listing), each given its own
     * latency histogram besides the shared one. Used with {@link LoadRunner.Builder#kinds}: after each
     * successful call the worker asks {@link #lastKind()} which kind that call was.
     */
    interface Kinded extends Op {

        /** The kind of the call that just returned: an index into the names given to {@code kinds}. */
        int lastKind();
    }
}
