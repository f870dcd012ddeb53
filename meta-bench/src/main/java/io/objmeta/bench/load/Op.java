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
}
