package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.StatusRuntimeException;
import io.objmeta.api.proto.AddMemberRequest;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.MemberRole;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.RemoveMemberRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.SnapshotNowRequest;
import io.objmeta.api.proto.TransferLeaderRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.server.testing.ServerFixture;
import io.objmeta.wal.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Three real nodes in this JVM (Ratis + Armeria on loopback): replication, failover, snapshots, membership. */
class ClusterTest {
    private static PutObjectResponse put(MetadataGrpc.MetadataBlockingStub s, String bucket, String key, String client,
                                         long seq) {
        return s.withDeadlineAfter(30, TimeUnit.SECONDS).putObject(PutObjectRequest.newBuilder().setBucket(bucket)
                .setKey(key).setEtag("\"" + key + "\"").setSize(key.length())
                .setRequestId(RequestId.newBuilder().setClientId(client).setSequence(seq)).build());
    }

    private static String digest(MetaServer n) {
        return n.raftNode().stateMachine().read(c -> {
            try {
                return c.canonicalDigest();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static int versionsOf(MetadataGrpc.MetadataBlockingStub s, String bucket, String key, long minRevision) {
        return (int) s.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket(bucket).setPrefix(key)
                .setConsistency(Consistency.STALE).setMinRevision(minRevision).build()).getVersionsList().stream()
                .filter(v -> v.getKey().equals(key)).count();
    }

    @Test
    void writesThroughAFollowerAreReadEverywhereAndStaleReadsHonourMinRevision() {
        try (ServerFixture f = ServerFixture.start(3)) {
            int follower = f.follower();
            f.grpc(follower).createBucket(CreateBucketRequest.newBuilder().setBucket("via-follower").build());
            PutObjectResponse r = put(f.grpc(follower), "via-follower", "k1", "c1", 1);
            for (int i = 0; i < 3; i++) {
                // linearizable by default: every node returns the acknowledged write at once
                var v = f.grpc(i).getObject(GetObjectRequest.newBuilder().setBucket("via-follower").setKey("k1").build());
                assertThat(v.getRevision()).isEqualTo(r.getRevision());
                var stale = f.grpc(i).getObject(GetObjectRequest.newBuilder().setBucket("via-follower").setKey("k1")
                        .setConsistency(Consistency.STALE).setMinRevision(r.getRevision()).build());
                assertThat(stale.getRevision()).isEqualTo(r.getRevision());
            }
            // a minRevision no replica will reach within staleWaitMillis: UNAVAILABLE, not a stale answer
            long start = System.nanoTime();
            try {
                f.grpc(follower).getObject(GetObjectRequest.newBuilder().setBucket("via-follower").setKey("k1")
                        .setConsistency(Consistency.STALE).setMinRevision(r.getRevision() + 1000).build());
                throw new AssertionError("expected UNAVAILABLE");
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("minRevision");
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(4_000);
            var status = f.grpc(follower).clusterStatus(ClusterStatusRequest.getDefaultInstance());
            assertThat(status.getMembersList()).hasSize(3);
            assertThat(status.getMembersList()).filteredOn(m -> m.getRole() == MemberRole.LEADER).hasSize(1);
            assertThat(status.getMembersList()).allSatisfy(m -> assertThat(m.getAppliedIndex()).isPositive());
        }
    }

    @Test
    void leaderLossUnderLoadLosesNoAcknowledgedWriteAndAppliesNoneTwice() throws Exception {
        try (ServerFixture f = ServerFixture.start(3)) {
            int leader = f.leader();
            f.grpc(leader).createBucket(CreateBucketRequest.newBuilder().setBucket("failover")
                    .setVersioning(Versioning.ENABLED).build());
            Map<String, Long> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    for (long seq = 1; !stop.get(); seq++) {
                        String key = "w" + id + "/" + seq;
                        // retry the same requestId on any live node until it is acknowledged
                        for (int attempt = 0; !stop.get() || attempt == 0; attempt++) {
                            int node = (int) ((seq + attempt) % 3);
                            if (f.node(node) == null) {
                                continue;
                            }
                            try {
                                acked.put(key, put(f.grpc(node), "failover", key, "writer-" + id, seq).getRevision());
                                break;
                            } catch (RuntimeException e) {
                                if (attempt > 200) {
                                    throw e;
                                }
                            }
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            while (acked.size() < 100) {
                Thread.sleep(10); // let load build up
            }
            f.stopNode(leader);
            long stoppedAt = System.nanoTime();
            int newLeader = f.leader();
            long electedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            int before = acked.size();
            while (acked.size() < before + 100) {
                Thread.sleep(10);
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join(60_000);
            }
            assertThat(newLeader).isNotEqualTo(leader);
            assertThat(electedMillis).as("new leader within a few seconds").isLessThan(10_000);
            long top = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            for (int i = 0; i < 3; i++) {
                if (f.node(i) == null) {
                    continue;
                }
                for (var e : acked.entrySet()) {
                    assertThat(versionsOf(f.grpc(i), "failover", e.getKey(), top)).as(e.getKey() + " on node " + i)
                            .isEqualTo(1);
                }
            }
            // the old leader comes back and catches up to the same state
            f.startNode(leader);
            f.awaitAllReady();
            long rev = f.node(newLeader).revision();
            f.awaitRevision(rev);
            assertThat(digest(f.node(leader))).isEqualTo(digest(f.node(newLeader)));
        }
    }

    @Test
    void aWipedNodeReturnsThroughSnapshotInstallAfterTheLogWasPurged() throws Exception {
        try (ServerFixture f = ServerFixture.start(3, b -> b.snapshotThresholdEntries(50).raftSegmentSizeBytes(8192))) {
            int leader = f.leader();
            var s = f.grpc(leader);
            s.createBucket(CreateBucketRequest.newBuilder().setBucket("purged").build());
            int victim = f.follower();
            f.stopNode(victim);
            for (int i = 0; i < 300; i++) {
                put(s, "purged", "k" + i, "c", i + 1);
            }
            var snap = s.snapshotNow(SnapshotNowRequest.getDefaultInstance());
            assertThat(snap.getAppliedIndex()).isPositive();
            TempDirs.delete(f.dataDir(victim));
            assertThat(Files.exists(f.dataDir(victim))).isFalse();
            f.startNode(victim);
            f.awaitAllReady();
            f.awaitRevision(f.node(leader).revision());
            assertThat(digest(f.node(victim))).isEqualTo(digest(f.node(leader)));
            assertThat(f.node(victim).raftNode().stateMachine().snapshots().list()).isNotEmpty();
        }
    }

    @Test
    void membersAreAddedRemovedAndLeadershipMoves() throws Exception {
        try (ServerFixture f = ServerFixture.start(3)) {
            int leader = f.leader();
            var s = f.grpc(leader);
            s.createBucket(CreateBucketRequest.newBuilder().setBucket("members").build());
            put(s, "members", "before", "c", 1);
            // a fourth node: started knowing the cluster, joins once a member adds it
            Peer p4 = new Peer("n4", "127.0.0.1:" + ServerFixture.freePort(), "127.0.0.1:" + ServerFixture.freePort());
            List<Peer> all = new ArrayList<>(f.peers());
            all.add(p4);
            try (MetaServer n4 = MetaServer.builder().nodeId("n4").dataDir(f.root().resolve("n4"))
                    .apiPort(Integer.parseInt(p4.apiAddress().split(":")[1]))
                    .raftPort(Integer.parseInt(p4.raftAddress().split(":")[1])).peers(all).build().start()) {
                var added = f.grpc(f.follower()).addMember(AddMemberRequest.newBuilder().setId("n4")
                        .setAddress(p4.raftAddress()).setApiAddress(p4.apiAddress()).build());
                assertThat(added.getMembersList()).extracting(m -> m.getId()).contains("n1", "n2", "n3", "n4");
                assertThat(n4.awaitReady(java.time.Duration.ofSeconds(60))).isTrue();
                long rev = f.node(leader).revision();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (n4.revision() < rev && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(digest(n4)).isEqualTo(digest(f.node(leader)));
                var status = s.clusterStatus(ClusterStatusRequest.getDefaultInstance());
                assertThat(status.getMembersList()).extracting(m -> m.getId()).containsExactlyInAnyOrder("n1", "n2",
                        "n3", "n4");
                var removed = s.removeMember(RemoveMemberRequest.newBuilder().setId("n4").build());
                assertThat(removed.getMembersList()).extracting(m -> m.getId()).doesNotContain("n4");
            }
            // leadership moves where it is asked to
            int target = f.follower();
            var moved = s.transferLeader(TransferLeaderRequest.newBuilder()
                    .setTargetId(f.peers().get(target).id()).build());
            assertThat(moved.getLeaderId()).isEqualTo(f.peers().get(target).id());
            assertThat(f.leader()).isEqualTo(target);
            put(f.grpc(target), "members", "after", "c", 2);
        }
    }
}
