package io.objmeta.bench;

import picocli.CommandLine.Option;

/** The options every workload takes; {@code order} lists them after the workload's own. */
final class RunOptions {

    @Option(names = "--seconds", order = 101, defaultValue = "10", paramLabel = "S",
            description = "Length of the measured window in seconds (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", order = 102, defaultValue = "2", paramLabel = "W",
            description = "Warm-up before the window opens, not measured (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--json", order = 103,
            description = "Print the report as one JSON object, the last line of stdout; the table goes to stderr.")
    boolean json;

    @Option(names = {"-h", "--help"}, order = 104, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
}
