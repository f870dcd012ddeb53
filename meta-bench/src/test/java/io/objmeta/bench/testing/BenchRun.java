package io.objmeta.bench.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.bench.MetaBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Runs {@code metabench} subcommands in-process, as bin/metabench does, with captured stdout/stderr and a scratch
 * directory on the project's disk. {@link #close()} checks the command deleted everything it created there.
 */
public final class BenchRun implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Path dir;

    public BenchRun(String prefix) throws IOException {
        Path base = Path.of("target", "test-bench");
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, prefix);
    }

    public Path dir() {
        return dir;
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Runs one command line; returns its exit code. */
    public int execute(String... args) {
        CommandLine cmd = MetaBench.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    /** The report: the JSON object on the last line of stdout. */
    public Map<String, Object> lastJsonLine() {
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("stdout").isNotEmpty();
        return FlatJson.parse(lines.get(lines.size() - 1));
    }

    /**
     * Runs a workload for a 1 s window with no warm-up in the scratch directory, and checks it exited 0 and
     * reported the {@code target}, no errors and a positive rate.
     */
    public Map<String, Object> runShort(String target, String... args) {
        int exit = execute(Stream.concat(Stream.of(args),
                Stream.of("--seconds", "1", "--warmup-seconds", "0", "--json", "--dir", dir.toString()))
                .toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        Map<String, Object> report = lastJsonLine();
        assertThat(report).as(err.toString()).containsEntry("target", target).containsEntry("errors", 0.0);
        assertThat((Double) report.get("opsPerSec")).isPositive();
        return report;
    }

    /** Asserts the scratch directory is empty: the command deleted what it made. */
    public void assertScratchDeleted() throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("left behind in " + dir).isEmpty();
        }
    }

    @Override
    public void close() throws IOException {
        assertScratchDeleted();
        Files.delete(dir);
    }
}
