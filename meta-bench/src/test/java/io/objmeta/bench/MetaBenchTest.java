package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.bench.testing.FlatJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the subcommands end to end, as bin/metabench does, on the project's disk. */
class MetaBenchTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        Path base = Path.of("target", "test-bench");
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "run-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        Files.deleteIfExists(dir); // empty if the command cleaned up after itself, as it must
    }

    private int execute(String... args) {
        CommandLine cmd = MetaBench.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private Map<String, Object> lastJsonLine() {
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("stdout").isNotEmpty();
        return FlatJson.parse(lines.get(lines.size() - 1));
    }

    private void assertScratchDeleted() throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("left behind in " + dir).isEmpty();
        }
    }

    @Test
    void fsyncReportsSyncsPerSecond() throws IOException {
        int exit = execute("fsync", "--seconds", "1", "--warmup-seconds", "0", "--json",
                "--dir", dir.toString(), "--file-bytes", "1048576");

        assertThat(exit).as(err.toString()).isZero();
        Map<String, Object> report = lastJsonLine();
        assertThat(report).containsEntry("workload", "fsync").containsEntry("threads", 1.0)
                .containsEntry("errors", 0.0).containsEntry("blockBytes", 4096.0);
        assertThat((Double) report.get("opsPerSec")).isPositive();
        assertThat((Double) report.get("fsyncs")).isPositive();
        assertThat((Double) report.get("p99Micros")).isGreaterThanOrEqualTo((Double) report.get("p50Micros"));
        assertThat(err.toString()).contains("workload", "ops/s"); // the table went to stderr
        assertScratchDeleted();
    }

    @Test
    void walReportsDurableAppendsAndGroupCommit() throws IOException {
        int exit = execute("wal", "--writers", "8", "--seconds", "1", "--warmup-seconds", "0", "--json",
                "--dir", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        Map<String, Object> report = lastJsonLine();
        assertThat(report).containsEntry("workload", "wal").containsEntry("threads", 8.0)
                .containsEntry("errors", 0.0).containsEntry("syncMode", "SYNC").containsEntry("recordBytes", 256.0);
        assertThat((Double) report.get("opsPerSec")).isPositive();
        assertThat((Double) report.get("fsyncs")).isPositive();
        assertThat((Double) report.get("recordsPerFsync")).isGreaterThanOrEqualTo(1.0);
        assertScratchDeleted();
    }

    @Test
    void withoutJsonStdoutHasTheTable() {
        int exit = execute("fsync", "--seconds", "1", "--warmup-seconds", "0", "--dir", dir.toString(),
                "--file-bytes", "65536", "--block-bytes", "512");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("workload").contains("fsyncs=");
    }

    @Test
    void helpListsTheWorkloads() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("fsync", "wal", "Examples:");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(execute("wal", "--seconds", "0", "--dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--seconds: 0 (expected: >= 1)");
        assertThat(execute("wal", "--sync-mode", "SOMETIMES")).isEqualTo(2);
        assertThat(execute()).isEqualTo(2);
    }
}
