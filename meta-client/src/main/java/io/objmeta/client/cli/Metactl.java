package io.objmeta.client.cli;

import io.objmeta.api.MetadataException;
import io.objmeta.client.MetaClient;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code metactl}: every RPC of objmeta from a shell. See the package documentation and the README.
 */
@Command(name = "metactl",
        mixinStandardHelpOptions = true,
        versionProvider = Metactl.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "The operator CLI of objmeta: every RPC of a meta-server cluster from a shell.",
                "Tables for people by default, -o json (proto3 JSON, one object per line) for scripts."},
        subcommands = {
                BucketCommands.class,
                ObjectCommands.Put.class, ObjectCommands.Get.class, ObjectCommands.Head.class,
                ObjectCommands.Rm.class, ObjectCommands.Ls.class, ObjectCommands.Versions.class,
                MpuCommands.class,
                TxnCommand.class,
                WatchCommand.class,
                GarbageCommands.class,
                ClusterCommands.class,
                AdminCommands.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "Environment:",
                "  OBJMETA_ENDPOINTS  endpoints when --endpoints is not given (default " + Metactl.DEFAULT_ENDPOINTS
                        + ")",
                "",
                "Exit codes:",
                "  0  success",
                "  1  other error (internal, quota exceeded, compacted, I/O...)",
                "  2  usage: bad or missing flags or arguments, or input the server rejects as invalid",
                "  3  not found: no such bucket, key, version or upload",
                "  4  conflict: a condition failed (--if-*), bucket exists, bucket not empty",
                "  5  unavailable: no node answered in time (after --retries)",
                "",
                "Examples:",
                "  metactl bucket create photos --versioning ENABLED",
                "  metactl put photos cat.jpg --size 1234 --etag 9a0364b9 --location-text s3://blobs/1",
                "  metactl ls photos --prefix 2024/ --delimiter / --all",
                "  metactl -o json get photos cat.jpg | jq .revision",
                "  OBJMETA_ENDPOINTS=10.0.0.1:7750,10.0.0.2:7750 metactl cluster status"})
public final class Metactl {
    public static final String DEFAULT_ENDPOINTS = "127.0.0.1:7750";
    public static final String ENV_ENDPOINTS = "OBJMETA_ENDPOINTS";

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_NOT_FOUND = 3;
    public static final int EXIT_CONFLICT = 4;
    public static final int EXIT_UNAVAILABLE = 5;

    /** Output format. */
    public enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--endpoints"}, paramLabel = "HOST:PORT[,...]", scope = ScopeType.INHERIT,
            description = "API addresses of any cluster members (default: $" + ENV_ENDPOINTS + ", else "
                    + DEFAULT_ENDPOINTS + ")")
    String endpoints;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "table (default) or json: proto3 JSON, one object per line")
    Format output;

    @Option(names = "--timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "deadline of one attempt, e.g. 500ms, 10s, 1m (default 10s)")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "retries of a call on another node after an unavailable or timeout (default 5)")
    Integer retries;

    private final Function<String, String> env;
    private InputStream stdin = System.in;

    /** A metactl reading the process environment. */
    public Metactl() {
        this(System::getenv);
    }

    /** A metactl reading its environment from {@code env} (tests). */
    public Metactl(Function<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        if (System.getProperty("com.linecorp.armeria.warnNettyVersions") == null) {
            System.setProperty("com.linecorp.armeria.warnNettyVersions", "false"); // keep stderr for our errors
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System::getenv));
    }

    /** Runs one command line to completion and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, String> env) {
        CommandLine cl = commandLine(new Metactl(env));
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured picocli command line: exit codes and one-line errors as documented. */
    public static CommandLine commandLine(Metactl metactl) {
        CommandLine cl = new CommandLine(metactl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("metactl: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            Throwable t = unwrap(ex);
            PrintWriter err = c.getErr();
            err.println("metactl: " + message(t));
            err.flush();
            return exitCode(t);
        });
        return cl;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String message(Throwable t) {
        String m = t.getMessage();
        if (t instanceof MetadataException || t instanceof UsageError) {
            return m;
        }
        return m == null ? t.toString() : t.getClass().getSimpleName() + ": " + m;
    }

    /** The exit code of a failure (see the footer of --help). */
    public static int exitCode(Throwable t) {
        if (t instanceof UsageError) {
            return EXIT_USAGE;
        }
        if (!(t instanceof MetadataException e)) {
            return EXIT_ERROR;
        }
        return switch (e.code()) {
            case INVALID_ARGUMENT -> EXIT_USAGE;
            case NOT_FOUND -> EXIT_NOT_FOUND;
            case FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED -> EXIT_CONFLICT;
            case UNAVAILABLE -> EXIT_UNAVAILABLE;
            default -> EXIT_ERROR;
        };
    }

    // ---- shared by the subcommands ----

    /** The endpoints: --endpoints, else $OBJMETA_ENDPOINTS, else the default. */
    String endpoints() {
        if (endpoints != null && !endpoints.isBlank()) {
            return endpoints;
        }
        String e = env.apply(ENV_ENDPOINTS);
        return e != null && !e.isBlank() ? e : DEFAULT_ENDPOINTS;
    }

    /** Standard input of {@code txn -f -}. */
    InputStream stdin() {
        return stdin;
    }

    /** Replaces standard input (tests). */
    public Metactl stdin(InputStream in) {
        this.stdin = in;
        return this;
    }

    Format format() {
        return output == null ? Format.table : output;
    }

    /** A new client from the global options; the caller closes it. */
    MetaClient client() {
        MetaClient.Builder b = MetaClient.builder().clientId("metactl-" + Long.toHexString(System.nanoTime()));
        try {
            b.endpoints(endpoints());
        } catch (MetadataException e) {
            throw new UsageError("--endpoints: " + e.getMessage());
        }
        if (timeout != null) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw new UsageError("--timeout: must be > 0");
            }
            b.callTimeout(timeout);
        }
        if (retries != null) {
            if (retries < 0 || retries > 99) {
                throw new UsageError("--retries: " + retries + " (expected: 0..99)");
            }
            b.maxAttempts(retries + 1);
        }
        return b.build();
    }

    /** The root of {@code spec}'s command tree. */
    static Metactl root(CommandSpec spec) {
        return (Metactl) spec.root().userObject();
    }

    /** Bad input found while running a command (exit code 2). */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}, a bare number of milliseconds, or ISO-8601 ({@code PT10S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            try {
                if (s.startsWith("pt") || s.startsWith("p")) {
                    return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
                }
                if (s.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
                }
                if (s.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
                }
                if (s.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
                }
                return Duration.ofMillis(Long.parseLong(s));
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + v + "' is not a duration (e.g. 500ms, 10s, 1m)");
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Metactl.class.getPackage().getImplementationVersion();
            return new String[] {"metactl " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
