package io.objmeta.bench;

import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code metabench}: whole-workload benchmarks. Each workload is a subcommand. */
@Command(name = "metabench",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        versionProvider = MetaBench.Version.class,
        subcommands = {FsyncCommand.class, WalCommand.class, ApplyCommand.class, GetCommand.class, ListCommand.class,
            PutCommand.class, CasCommand.class, MixedCommand.class, ReopenCommand.class, CommandLine.HelpCommand.class},
        description = "Runs one workload with a fixed concurrency for a warm-up and a measured duration, then"
            + " prints ops/s and latency percentiles (HdrHistogram). Errors are counted and reported, never"
            + " dropped.",
        footer = {
            "",
            "Examples:",
            "  metabench fsync --seconds 10                  # the disk's limit: one fdatasync per 4 KiB append",
            "  metabench wal --writers 64 --seconds 10       # WAL durable appends with group commit",
            "  metabench wal --writers 64 --json | tail -n1  # one JSON object, for scripts and BENCHMARKS.md",
            "  metabench apply --seconds 15                  # meta-core apply: puts/s, 256 creates per batch",
            "  metabench get --threads 2                     # meta-core point reads of 1M preloaded keys",
            "  metabench list                                # meta-core ListObjects pages of 1M keys, 1000 prefixes",
            "  metabench put --target embedded --writers 64  # durable CAS creates: objmeta embedded (or rocksdb)",
            "  metabench put --target etcd --endpoints 127.0.0.1:2379 --clients 256  # the same against etcd",
            "  metabench cas --target objmeta --clients 256  # read + conditional update of 1,000 hot keys",
            "  metabench mixed --target objmeta --clients 256  # 70% get, 20% put, 10% list",
            "  metabench reopen                              # embedded recovery: 1M objects, 100k WAL puts",
            "  metabench help wal                            # the options of one workload",
            "",
            "Exit status: 0 clean run, 1 run aborted, 2 bad usage, " + WorkloadCommand.EXIT_ERRORS
                + " run finished but saw errors.",
        })
public final class MetaBench implements Runnable {

    @Spec
    private CommandSpec spec;

    /** The command line with every subcommand, ready for {@link CommandLine#execute}. */
    public static CommandLine commandLine() {
        return new CommandLine(new MetaBench()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing workload: name one of "
                + spec.subcommands().keySet());
    }

    /** Names the build and the JVM, which belong next to any number we publish. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Objects.requireNonNullElse(MetaBench.class.getPackage().getImplementationVersion(),
                    "(built from source)");
            return new String[] {
                "metabench " + version,
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs",
            };
        }
    }
}
