package io.objmeta.snapshot;

import io.objmeta.api.MetadataException;
import io.objmeta.snapshot.internal.DiffCommand;
import io.objmeta.snapshot.internal.DumpCommand;
import io.objmeta.snapshot.internal.ExitCodes;
import io.objmeta.snapshot.internal.GetCommand;
import io.objmeta.snapshot.internal.InfoCommand;
import io.objmeta.snapshot.internal.LsCommand;
import io.objmeta.snapshot.internal.RestoreCommand;
import io.objmeta.snapshot.internal.ServeCommand;
import io.objmeta.snapshot.internal.StatsCommand;
import io.objmeta.snapshot.internal.ToolException;
import io.objmeta.snapshot.internal.VerifyCommand;
import io.objmeta.snapshot.internal.WalCommand;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code metasnap}: offline, read-only inspection of snapshots and stopped data directories. Run it with
 * {@code bin/metasnap}, or in-process with {@link #run}.
 */
@Command(name = "metasnap", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = MetaSnap.Version.class,
        description = {"Inspects, verifies, dumps, diffs, restores and serves objmeta snapshots and stopped data "
                + "directories. Never writes to its input.",
                "",
                "PATH is a snapshot (manifest.json + data.mdb), a stopped embedded data directory (lmdb/ + wal/), "
                        + "a stopped server node directory (lmdb/ + raft/) or a bare LMDB directory "
                        + "(data.mdb); the kind is detected."},
        subcommands = {InfoCommand.class, VerifyCommand.class, LsCommand.class, GetCommand.class, DumpCommand.class,
                StatsCommand.class, DiffCommand.class, WalCommand.class, RestoreCommand.class, ServeCommand.class},
        footer = {"", "Examples:", "  metasnap info backups/meta-1200", "  metasnap verify data/ -o json",
                "  metasnap dump backups/meta-1200 --format csv --bucket photos > photos.csv",
                "  metasnap diff backups/meta-1200 backups/meta-1500", ExitCodes.HELP})
public final class MetaSnap implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                1 << 16));
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(o, e).execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MetaSnap());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getOut().flush();
            if (ex instanceof ToolException t) {
                line.getErr().println("metasnap: " + t.getMessage());
                return t.exitCode();
            }
            if (ex instanceof MetadataException m) { // NoSuchBucket, NoSuchKey...
                line.getErr().println("metasnap: " + m.getMessage());
                return ExitCodes.NOT_FOUND;
            }
            if (ex instanceof IllegalStateException || ex instanceof org.lmdbjava.LmdbException) {
                line.getErr().println("metasnap: damaged input: " + ex.getMessage()
                        + " (run `metasnap verify` to see every problem)");
                return ExitCodes.DAMAGED;
            }
            throw ex;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MetaSnap.class.getPackage().getImplementationVersion();
            return new String[] {"metasnap " + (v == null ? "(development build)" : v)};
        }
    }
}
