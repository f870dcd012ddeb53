package io.objmeta.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.objmeta.bench.testing.BenchRun;
import io.objmeta.server.testing.ServerFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The etcd race's workloads (cas, mixed, list and get against stores) end to end, as bin/metabench runs them:
 * against the embedded store, a real one-node objmeta server, and a real etcd process when the machine has one
 * ({@code .ci/run} installs Debian's etcd-server).
 */
class RaceWorkloadsTest {

    private BenchRun bench;

    @BeforeEach
    void createDir() throws IOException {
        bench = new BenchRun("race-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        bench.close(); // the command deletes its store
    }

    @Test
    void casOnOneHotKeyCountsConflictsAndRetriesThem() {
        // 8 clients on a single key: reads race, so conditional puts fail and are retried
        Map<String, Object> report = bench.runShort("embedded", "cas", "--target", "embedded", "--clients", "8",
                "--keys", "1");

        assertThat(report).containsEntry("workload", "cas").containsEntry("hotKeys", 1.0);
        assertThat((Double) report.get("conflicts")).isPositive();
        assertThat((Double) report.get("attemptsPerUpdate")).isGreaterThan(1.0);
    }

    @Test
    void mixedRunsEveryKindAndChecksThem() {
        Map<String, Object> report = bench.runShort("embedded", "mixed", "--target", "embedded", "--clients", "4",
                "--keys", "600", "--prefixes", "6", "--max-keys", "50");

        assertThat(report).containsEntry("workload", "mixed").containsEntry("maxKeys", 50.0);
        for (String kind : new String[] {"get", "put", "list"}) {
            assertThat((Double) report.get(kind + "Ops")).as(kind).isPositive();
            assertThat((Double) report.get(kind + "P99Micros")).as(kind).isPositive();
        }
        double ops = (Double) report.get("ops");
        assertThat((Double) report.get("getOps") / ops).isBetween(0.5, 0.9); // 70% by default
    }

    @Test
    void listAgainstTheEmbeddedStore() {
        Map<String, Object> report = bench.runShort("embedded", "list", "--target", "embedded", "--clients", "2",
                "--keys", "500", "--prefixes", "5", "--max-keys", "1000");

        assertThat(report).containsEntry("workload", "list").containsEntry("maxKeys", 1000.0);
    }

    @Test
    void staleIsOnlyForReplicatedStores() {
        assertThat(bench.execute("get", "--target", "embedded", "--stale", "--dir", bench.dir().toString()))
                .isEqualTo(2);
        assertThat(bench.err()).contains("--stale: with --target embedded");
        assertThat(bench.execute("cas", "--target", "rocksdb", "--stale", "--dir", bench.dir().toString()))
                .isEqualTo(2);
        assertThat(bench.execute("list", "--target", "rocksdb", "--dir", bench.dir().toString())).isEqualTo(2);
        assertThat(bench.err()).contains("the RocksDB baseline has no listing");
    }

    @Test
    void everyRaceWorkloadAgainstAnObjmetaNode() {
        try (ServerFixture cluster = ServerFixture.start(1)) {
            cluster.awaitAllReady();
            String endpoints = URI.create(cluster.baseUrl(0)).getAuthority();
            Map<String, Object> put = bench.runShort("objmeta", "put", "--target", "objmeta", "--endpoints",
                    endpoints, "--clients", "4");
            assertThat((Double) put.get("keysPut")).isPositive();
            assertThat(put).containsEntry("client", "grpc-java");
            Map<String, Object> viaArmeria = bench.runShort("objmeta", "put", "--target", "objmeta", "--endpoints",
                    endpoints, "--clients", "4", "--objmeta-client", "armeria");
            assertThat(viaArmeria).containsEntry("client", "armeria");
            Map<String, Object> cas = bench.runShort("objmeta", "cas", "--target", "objmeta", "--endpoints",
                    endpoints, "--clients", "8", "--keys", "1");
            assertThat((Double) cas.get("conflicts")).isPositive();
            bench.runShort("objmeta", "get", "--target", "objmeta", "--endpoints", endpoints, "--clients", "2",
                    "--keys", "300", "--prefixes", "3", "--stale");
            bench.runShort("objmeta", "list", "--target", "objmeta", "--endpoints", endpoints, "--clients", "2",
                    "--keys", "300", "--prefixes", "3");
            Map<String, Object> mixed = bench.runShort("objmeta", "mixed", "--target", "objmeta", "--endpoints",
                    endpoints, "--clients", "4", "--keys", "300", "--prefixes", "3", "--max-keys", "100");
            assertThat((Double) mixed.get("listOps")).isPositive();
        }
    }

    @Test
    void everyRaceWorkloadAgainstARealEtcd() throws Exception {
        Path etcd = Path.of("/usr/bin/etcd");
        assumeTrue(Files.isExecutable(etcd), "etcd is not installed (apt-get install etcd-server)");
        int client = ServerFixture.freePort();
        int peer = ServerFixture.freePort();
        Path data = bench.dir().resolveSibling(bench.dir().getFileName() + "-etcd");
        Process p = new ProcessBuilder(etcd.toString(), "--name", "e1", "--data-dir", data.toString(),
                "--listen-client-urls", "http://127.0.0.1:" + client,
                "--advertise-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "e1=http://127.0.0.1:" + peer, "--logger", "zap", "--log-level", "warn")
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
                .start();
        try {
            awaitHealthy(client, p);
            String endpoints = "127.0.0.1:" + client;
            Map<String, Object> put = bench.runShort("etcd", "put", "--target", "etcd", "--endpoints", endpoints,
                    "--clients", "4");
            assertThat((Double) put.get("keysPut")).isPositive();
            Map<String, Object> cas = bench.runShort("etcd", "cas", "--target", "etcd", "--endpoints", endpoints,
                    "--clients", "8", "--keys", "1");
            assertThat((Double) cas.get("conflicts")).isPositive(); // compare on mod_revision really compares
            bench.runShort("etcd", "get", "--target", "etcd", "--endpoints", endpoints, "--clients", "2",
                    "--keys", "300", "--prefixes", "3");
            bench.runShort("etcd", "get", "--target", "etcd", "--endpoints", endpoints, "--clients", "2",
                    "--keys", "300", "--prefixes", "3", "--stale");
            bench.runShort("etcd", "list", "--target", "etcd", "--endpoints", endpoints, "--clients", "2",
                    "--keys", "300", "--prefixes", "3");
            Map<String, Object> mixed = bench.runShort("etcd", "mixed", "--target", "etcd", "--endpoints",
                    endpoints, "--clients", "4", "--keys", "300", "--prefixes", "3", "--max-keys", "100");
            assertThat((Double) mixed.get("listOps")).isPositive();
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            deleteTree(data);
            Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".log"));
        }
    }

    private static void awaitHealthy(int port, Process p) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            assertThat(p.isAlive()).as("etcd exited with " + (p.isAlive() ? "" : p.exitValue())).isTrue();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("etcd healthy within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
