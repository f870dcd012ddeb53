package io.objmeta.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.server.MetaServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wal dump|verify} on a stopped meta-server node: its Raft log, read with Ratis' segment parser. */
class RaftLogTest {
    @TempDir
    Path dataDir;

    @BeforeEach
    void writeThroughARealNode() throws Exception {
        // small segments so the log has closed ones; no snapshot so nothing is purged
        try (MetaServer node = MetaServer.builder().dataDir(dataDir).apiPort(0).raftPort(0)
                .raftSegmentSizeBytes(4096).snapshotThresholdEntries(0).build().start()) {
            if (!node.awaitReady(java.time.Duration.ofSeconds(60))) {
                throw new AssertionError("node not ready");
            }
            var client = com.linecorp.armeria.client.grpc.GrpcClients.newClient("http://127.0.0.1:" + node.apiPort(),
                    io.objmeta.api.proto.MetadataGrpc.MetadataBlockingStub.class);
            client.createBucket(CreateBucketRequest.newBuilder().setBucket("raftlog").build());
            for (int i = 0; i < 60; i++) {
                client.putObject(PutObjectRequest.newBuilder().setBucket("raftlog").setKey("key-" + i)
                        .setEtag("\"e\"").setRequestId(RequestId.newBuilder().setClientId("t").setSequence(i + 1))
                        .build());
            }
        }
    }

    private Path current() throws Exception {
        try (Stream<Path> s = Files.list(dataDir.resolve("raft"))) {
            return s.map(g -> g.resolve("current")).filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void dumpDecodesEveryBatchAndVerifyPassesWithoutChangingTheInput() throws Exception {
        Cli.Result dump = InputHashes.runReadOnly(new Path[] {dataDir}, "wal", "dump", dataDir, "-o", "json");
        assertThat(dump.exit()).as(dump.err()).isZero();
        List<JsonObject> lines = dump.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        long puts = lines.stream().filter(o -> o.has("batch")).flatMap(o -> o.getAsJsonObject("batch")
                .getAsJsonArray("commands").asList().stream()).filter(c -> c.getAsJsonObject().has("putObject"))
                .count();
        assertThat(puts).isEqualTo(60);
        assertThat(lines).anyMatch(o -> o.has("entry") && o.get("entry").getAsString().startsWith("CONFIGURATION"));
        assertThat(lines.get(lines.size() - 1).getAsJsonObject("summary").getAsJsonArray("problems")).isEmpty();
        Cli.Result text = Cli.run("wal", "dump", dataDir);
        assertThat(text.out()).contains("PUT_OBJECT raftlog key-59").contains("BATCH 1 command(s), at ");
        Cli.Result verify = InputHashes.runReadOnly(new Path[] {dataDir}, "wal", "verify", dataDir);
        assertThat(verify.exit()).as(verify.out()).isZero();
    }

    @Test
    void aTruncatedClosedSegmentIsReportedAsDamaged() throws Exception {
        Path closed;
        try (Stream<Path> s = Files.list(current())) {
            closed = s.filter(p -> p.getFileName().toString().matches("log_\\d+-\\d+"))
                    .min(Comparator.naturalOrder()).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(closed.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Cli.Result verify = Cli.run("wal", "verify", dataDir);
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("CORRUPTION " + closed.getFileName()).contains("entries end at index");
    }
}
