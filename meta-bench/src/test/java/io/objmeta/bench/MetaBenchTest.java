package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.bench.testing.BenchRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the subcommands end to end, as bin/metabench does, on the project's disk. */
class MetaBenchTest {

    private BenchRun bench;
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        bench = new BenchRun("run-");
        dir = bench.dir();
    }

    @AfterEach
    void deleteDir() throws IOException {
        bench.close(); // empty if the command cleaned up after itself, as it must
    }

    private int execute(String... args) {
        return bench.execute(args);
    }

    private Map<String, Object> lastJsonLine() {
        return bench.lastJsonLine();
    }

    private void assertScratchDeleted() throws IOException {
        bench.assertScratchDeleted();
    }

    @Test
    void fsyncReportsSyncsPerSecond() throws IOException {
        int exit = execute("fsync", "--seconds", "1", "--warmup-seconds", "0", "--json",
                "--dir", dir.toString(), "--file-bytes", "1048576");

        assertThat(exit).as(bench.err()).isZero();
        Map<String, Object> report = lastJsonLine();
        assertThat(report).containsEntry("workload", "fsync").containsEntry("threads", 1.0)
                .containsEntry("errors", 0.0).containsEntry("blockBytes", 4096.0);
        assertThat((Double) report.get("opsPerSec")).isPositive();
        assertThat((Double) report.get("fsyncs")).isPositive();
        assertThat((Double) report.get("p99Micros")).isGreaterThanOrEqualTo((Double) report.get("p50Micros"));
        assertThat(bench.err()).contains("workload", "ops/s"); // the table went to stderr
        assertScratchDeleted();
    }

    @Test
    void walReportsDurableAppendsAndGroupCommit() throws IOException {
        int exit = execute("wal", "--writers", "8", "--seconds", "1", "--warmup-seconds", "0", "--json",
                "--dir", dir.toString());

        assertThat(exit).as(bench.err()).isZero();
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
        assertThat(bench.out()).startsWith("workload").contains("fsyncs=");
    }

    @Test
    void helpListsTheWorkloads() {
        assertThat(execute("--help")).isZero();
        assertThat(bench.out()).contains("fsync", "wal", "Examples:");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(execute("wal", "--seconds", "0", "--dir", dir.toString())).isEqualTo(2);
        assertThat(bench.err()).contains("--seconds: 0 (expected: >= 1)");
        assertThat(execute("wal", "--sync-mode", "SOMETIMES")).isEqualTo(2);
        assertThat(execute()).isEqualTo(2);
    }
}
