/**
 * The {@code metabench} command line: one picocli subcommand per workload.
 *
 * <p>A subcommand extends {@link io.objmeta.bench.WorkloadCommand}, which brings the shared
 * options ({@code --seconds}, {@code --warmup-seconds}, {@code --json}), runs a
 * {@link io.objmeta.bench.load.LoadRunner} and prints the {@link io.objmeta.bench.load.Report};
 * it only has to set up its target, hand the runner an op per worker, and name the extra
 * numbers worth reporting. Register it in {@link io.objmeta.bench.MetaBench}'s subcommand list.
 *
 * <p>Workloads that touch the local disk take {@code --dir} ({@link io.objmeta.bench.DirOptions})
 * and work in a {@link io.objmeta.bench.ScratchDir} that is deleted afterwards. The default lies
 * under the checkout's {@code meta-bench/target/bench-tmp}: the disk of the project, not a tmpfs
 * where fsync costs nothing.
 *
 * <p>The engine workloads ({@code apply}, {@code get}, {@code list}) extend
 * {@link io.objmeta.bench.CoreWorkload} and drive {@code meta-core}'s {@code MetaCore} directly through a
 * {@link io.objmeta.bench.CoreTarget}: no WAL or RPC in front, so they measure the engine alone.
 */
@NullMarked
package io.objmeta.bench;

import org.jspecify.annotations.NullMarked;
