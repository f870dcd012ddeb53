package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.SnapshotNowRequest;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.server.testing.ServerFixture;
import io.objmeta.wal.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node started on an LMDB state with no Raft log (what {@code metasnap restore --node-id} prepares) serves that
 * state and applies every new write after it — across a restart too.
 */
class RestoredStateTest {
    @Test
    void aNodeStartedFromARestoredStateContinuesAfterItsIndex() throws Exception {
        Path restored = TempDirs.create("objmeta-restored");
        try {
            try (ServerFixture f = ServerFixture.start(1)) {
                var s = f.grpc(0);
                s.createBucket(CreateBucketRequest.newBuilder().setBucket("restored").build());
                for (int i = 0; i < 20; i++) {
                    s.putObject(PutObjectRequest.newBuilder().setBucket("restored").setKey("old-" + i)
                            .setEtag("\"e\"").build());
                }
                s.snapshotNow(SnapshotNowRequest.getDefaultInstance());
                List<Path> snaps = f.node(0).raftNode().stateMachine().snapshots().list();
                Path snap = snaps.get(0);
                Files.createDirectories(restored.resolve("lmdb"));
                Files.copy(snap.resolve(SnapshotManifest.DATA_FILE),
                        restored.resolve("lmdb").resolve(SnapshotManifest.DATA_FILE));
            }
            for (int run = 0; run < 2; run++) {
                try (MetaServer node = MetaServer.builder().dataDir(restored).apiPort(0).raftPort(0).build().start()) {
                    assertThat(node.awaitReady(java.time.Duration.ofSeconds(60))).isTrue();
                    var s = com.linecorp.armeria.client.grpc.GrpcClients.newClient("http://127.0.0.1:"
                            + node.apiPort(), io.objmeta.api.proto.MetadataGrpc.MetadataBlockingStub.class);
                    assertThat(s.getObject(GetObjectRequest.newBuilder().setBucket("restored").setKey("old-19")
                            .build()).getEtag()).isEqualTo("\"e\"");
                    for (int i = 0; i < 5; i++) {
                        s.putObject(PutObjectRequest.newBuilder().setBucket("restored").setKey("new-" + run + "-" + i)
                                .setEtag("\"n\"").build());
                    }
                    assertThat(s.listObjects(ListObjectsRequest.newBuilder().setBucket("restored").build())
                            .getKeyCount()).isEqualTo(20 + 5 * (run + 1));
                }
            }
        } finally {
            TempDirs.delete(restored);
        }
    }
}
