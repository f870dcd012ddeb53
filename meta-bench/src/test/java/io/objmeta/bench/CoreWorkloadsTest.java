package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.bench.testing.BenchRun;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meta-core workloads end to end, as bin/metabench runs them, with tiny stores and 1 s windows. */
class CoreWorkloadsTest {

    private BenchRun bench;

    @BeforeEach
    void createDir() throws IOException {
        bench = new BenchRun("core-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        bench.close(); // the command deletes its store
    }

    private Map<String, Object> run(String... args) {
        return bench.runShort("core", args);
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
        assertThat((Double) report.get("uncommittedAppliesAtEnd")).as("at interval 0 every apply commits before returning")
                .isZero();
    }

    @Test
    void applyWithBackgroundCommitsSaysHowFarLmdbIsBehind() {
        Map<String, Object> report = run("apply", "--batch", "16", "--commit-interval-ms", "60000");

        // one commit a minute: nothing of a 1 s run reaches LMDB, every apply (the bucket's create and each
        // batch of 16 puts) is still in the overlay
        assertThat((Double) report.get("uncommittedAppliesAtEnd"))
                .isEqualTo((Double) report.get("storeKeys") / 16 + 1);
        assertThat((Double) report.get("uncommittedMiBAtEnd")).isGreaterThanOrEqualTo(0.0);
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
    void applyFloorWritesTheEnginesRowsIntoLmdbAlone() {
        Map<String, Object> report = bench.runShort("lmdb", "apply", "--target", "lmdb", "--batch", "16",
                "--commit-interval-ms", "0");

        assertThat(bench.err()).contains("rows per put as meta-core writes them");
        double batches = (Double) report.get("batches");
        assertThat((Double) report.get("ops")).isEqualTo(batches * 16);
        // a versions row (key ~40 B, the ~256 B record grown by what the engine adds) and a change row of a
        // little more
        assertThat((Double) report.get("rowBytes")).isBetween(560.0, 760.0);
        assertThat((Double) report.get("commits")).as("one write transaction per batch at interval 0")
                .isBetween(batches, batches + 2);
        assertThat((Double) report.get("storeKeys")).as("every put is a row of its own")
                .isBetween(batches * 16, (batches + 2) * 16);
    }

    @Test
    void getFloorReadsTheEnginesOwnRowsWithLmdbAlone() {
        Map<String, Object> report = bench.runShort("lmdb", "get", "--target", "lmdb", "--threads", "2", "--keys",
                "500", "--prefixes", "7", "--preload-batch", "64");

        assertThat(report).containsEntry("workload", "get").containsEntry("keys", 500.0);
        assertThat(bench.err()).contains("preloaded 500 keys");
    }

    @Test
    void getReadsPreloadedKeysFromSeveralThreads() {
        Map<String, Object> report = run("get", "--threads", "2", "--keys", "500", "--prefixes", "7",
                "--preload-batch", "64");

        assertThat(report).containsEntry("workload", "get").containsEntry("threads", 2.0).containsEntry("keys", 500.0);
        assertThat((Double) report.get("preloadPutsPerSec")).isPositive();
        assertThat(bench.err()).contains("preloaded 500 keys");
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
