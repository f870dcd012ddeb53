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

/** The meta-core workloads end to end, as bin/metabench runs them, with tiny stores and 1 s windows. */
class CoreWorkloadsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        Path base = Path.of("target", "test-bench");
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "core-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("left behind in " + dir).isEmpty(); // the command deletes its store
        }
        Files.delete(dir);
    }

    private Map<String, Object> run(String... args) {
        CommandLine cmd = MetaBench.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(Stream.concat(Stream.of(args),
                Stream.of("--seconds", "1", "--warmup-seconds", "0", "--json", "--dir", dir.toString()))
                .toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).as("stdout").isNotEmpty();
        Map<String, Object> report = FlatJson.parse(lines.get(lines.size() - 1));
        assertThat(report).containsEntry("target", "core").containsEntry("errors", 0.0);
        assertThat((Double) report.get("opsPerSec")).isPositive();
        return report;
    }

    @Test
    void applyCountsPutsAndReportsBatches() {
        Map<String, Object> report = run("apply", "--batch", "16");

        assertThat(report).containsEntry("workload", "apply").containsEntry("batch", 16.0)
                .containsEntry("failedPuts", 0.0).containsEntry("keyOrder", "RANDOM").containsEntry("build", "AHEAD")
                .containsEntry("latencyOf", "batch");
        double batches = (Double) report.get("batches");
        assertThat(batches).isPositive();
        assertThat((Double) report.get("ops")).isEqualTo(batches * 16);
        assertThat((Double) report.get("opsPerSec")).isCloseTo((Double) report.get("batchesPerSec") * 16,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat((Double) report.get("recordBytes")).isBetween(250.0, 260.0);
        assertThat((Double) report.get("storeKeys")).isGreaterThanOrEqualTo(batches * 16);
    }

    @Test
    void applyCanBuildInlineWithSequentialKeys() {
        Map<String, Object> report = run("apply", "--batch", "4", "--build", "inline", "--key-order", "sequential",
                "--record-bytes", "512");

        assertThat(report).containsEntry("build", "INLINE").containsEntry("keyOrder", "SEQUENTIAL")
                .doesNotContainKey("feederStalls");
        assertThat((Double) report.get("recordBytes")).isBetween(506.0, 518.0);
    }

    @Test
    void getReadsPreloadedKeysFromSeveralThreads() {
        Map<String, Object> report = run("get", "--threads", "2", "--keys", "500", "--prefixes", "7",
                "--preload-batch", "64");

        assertThat(report).containsEntry("workload", "get").containsEntry("threads", 2.0).containsEntry("keys", 500.0);
        assertThat((Double) report.get("preloadPutsPerSec")).isPositive();
        assertThat(err.toString()).contains("preloaded 500 keys");
    }

    @Test
    void listChecksEveryPageAndReportsBothKinds() {
        Map<String, Object> report = run("list", "--keys", "1000", "--prefixes", "30", "--max-keys", "20");

        assertThat(report).containsEntry("workload", "list").containsEntry("mode", "MIXED")
                .containsEntry("maxKeys", 20.0);
        assertThat((Double) report.get("delimiterPages")).isPositive();
        assertThat((Double) report.get("prefixPages")).isPositive();
        assertThat((Double) report.get("delimiterPages") + (Double) report.get("prefixPages"))
                .isEqualTo((Double) report.get("ops"));
        assertThat((Double) report.get("delimiterMeanEntries")).isBetween(1.0, 20.0);
        assertThat((Double) report.get("prefixMeanEntries")).isBetween(1.0, 20.0);
    }

    @Test
    void listWithFullPagesOfOneKind() {
        Map<String, Object> report = run("list", "--keys", "1000", "--prefixes", "10", "--max-keys", "50",
                "--mode", "prefix", "--full-pages");

        assertThat(report).containsEntry("fullPages", true).doesNotContainKey("delimiterPages");
        // every page holds 50 entries; the entry counter is sampled at the window's edges, so nearly exactly
        assertThat((Double) report.get("prefixMeanEntries")).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1.0));
    }
}
