package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.bench.testing.BenchRun;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store workloads (put, get against a store, reopen) end to end, as bin/metabench runs them, tiny sizes. */
class StoreWorkloadsTest {

    private BenchRun bench;

    @BeforeEach
    void createDir() throws IOException {
        bench = new BenchRun("store-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        bench.close(); // the command deletes its store
    }

    private Map<String, Object> run(String target, String... args) {
        return bench.runShort(target, args);
    }

    @Test
    void putEmbeddedIsDurableAndGroupCommitted() {
        Map<String, Object> report = run("embedded", "put", "--target", "embedded", "--writers", "4");

        assertThat(report).containsEntry("workload", "put").containsEntry("threads", 4.0)
                .containsEntry("syncMode", "SYNC");
        assertThat((Double) report.get("walFsyncs")).isPositive();
        assertThat((Double) report.get("putsPerFsync")).isGreaterThanOrEqualTo(1.0);
        assertThat((Double) report.get("recordBytes")).isBetween(250.0, 260.0);
        assertThat((Double) report.get("keysPut")).isGreaterThanOrEqualTo((Double) report.get("ops"));
    }

    @Test
    void putRocksdbWithStatistics() {
        Map<String, Object> report = run("rocksdb", "put", "--target", "rocksdb", "--writers", "4",
                "--rocksdb-statistics");

        assertThat(report).containsEntry("workload", "put").containsEntry("rocksdbPipelinedWrite", true)
                .containsEntry("rocksdbStatistics", true);
        assertThat((Double) report.get("walFsyncs")).isPositive();
        assertThat((Double) report.get("recordBytes")).isBetween(250.0, 260.0);
    }

    @Test
    void putRocksdbWithoutPipelinedWrite() {
        Map<String, Object> report = run("rocksdb", "put", "--target", "rocksdb", "--rocksdb-pipelined-write",
                "false");

        assertThat(report).containsEntry("rocksdbPipelinedWrite", false).doesNotContainKey("walFsyncs");
    }

    @Test
    void getReadsFromTheEmbeddedStore() {
        Map<String, Object> report = run("embedded", "get", "--target", "embedded", "--threads", "2", "--keys",
                "500", "--prefixes", "7");

        assertThat(report).containsEntry("workload", "get").containsEntry("keys", 500.0);
        assertThat((Double) report.get("preloadPutsPerSec")).isPositive();
    }

    @Test
    void getReadsFromRocksdb() {
        Map<String, Object> report = run("rocksdb", "get", "--target", "rocksdb", "--threads", "2", "--keys", "500",
                "--prefixes", "7");

        assertThat(report).containsEntry("workload", "get").containsEntry("keys", 500.0);
    }

    @Test
    void reopenReplaysEveryPutAfterTheCheckpoint() {
        Map<String, Object> report = run("embedded", "reopen", "--objects", "2000", "--wal-records", "500",
                "--trials", "2");

        assertThat(report).containsEntry("workload", "reopen").containsEntry("putsReplayed", 500.0)
                .containsEntry("ops", 500.0).containsEntry("crash", "SIGKILL");
        assertThat((Double) report.get("reopenMillis")).isPositive();
        assertThat((Double) report.get("walRecordsReplayed")).isBetween(1.0, 500.0);
        // only what LMDB had not committed yet (its background commit runs every 100 ms) comes from the WAL
        assertThat((Double) report.get("sigkillWalRecordsReplayed")).isBetween(0.0,
                (Double) report.get("walRecordsReplayed"));
        assertThat(report).containsKey("reopenMillisWarmMin");
    }
}
