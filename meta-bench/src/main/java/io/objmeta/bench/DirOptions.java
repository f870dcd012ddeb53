package io.objmeta.bench;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The option of workloads that write to the local disk. */
final class DirOptions {

    @Option(names = "--dir", order = 100, paramLabel = "D",
            description = "Create the scratch directory (deleted afterwards) inside D, which must be on the disk"
                + " to measure (default: meta-bench/target/bench-tmp of the checkout, the project's disk).")
    @Nullable Path dir;
}
