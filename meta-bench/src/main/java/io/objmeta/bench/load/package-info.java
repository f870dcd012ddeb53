/**
 * The measuring engine every {@code metabench} workload shares.
 *
 * <p>{@link io.objmeta.bench.load.LoadRunner} runs a fixed number of worker threads, each
 * calling its own {@link io.objmeta.bench.load.Op} in a closed loop (the next call starts
 * when the previous one returned), first for a warm-up and then for a measured window:
 *
 * <pre>
 *   setup (Op.Factory per worker) | warm-up ........ | measured window ........ | drain
 *                                 start             measureStart               end
 * </pre>
 *
 * <p>A call counts in the measured window only if it started at or after {@code measureStart}
 * and returned at or before {@code end}; every other call (warm-up, or straddling an edge)
 * is counted as "unmeasured", so no call is lost from the books. A call that throws an
 * {@link java.lang.Exception} is an error: counted, tallied by exception class with one
 * example message, and never recorded as a latency. A {@link java.lang.Error} (or a failed
 * setup) aborts the run.
 *
 * <p>Latencies are recorded in nanoseconds into one HdrHistogram per worker (no sharing on
 * the hot path) and merged when the run ends. They are service times of a closed loop:
 * with no target rate there is nothing for coordinated-omission correction to correct,
 * and ops/s is what {@code threads} concurrent callers actually achieve. A workload whose calls
 * are of several kinds (listings with and without a delimiter) returns an
 * {@link io.objmeta.bench.load.Op.Kinded} and names the kinds to the runner; each kind then gets
 * a histogram of its own besides the shared one.
 *
 * <p>{@link io.objmeta.bench.load.Report} is the one result shape every workload prints:
 * a human table, and with {@code --json} one JSON object on the last line of stdout.
 */
@NullMarked
package io.objmeta.bench.load;

import org.jspecify.annotations.NullMarked;
