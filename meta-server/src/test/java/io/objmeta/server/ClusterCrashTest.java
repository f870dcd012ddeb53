package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.Versioning;
import io.objmeta.server.testing.HttpJson;
import io.objmeta.server.testing.ServerFixture;
import io.objmeta.wal.testing.ChildProcess;
import io.objmeta.wal.testing.TempDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Three {@code metad} processes; the leader's process is SIGKILLed under a write load. Every write carries a
 * requestId and is retried with it on another node until acknowledged. Afterwards every acknowledged write is on
 * every survivor exactly once (one version in a versioned bucket) with the revision that was acknowledged, and the
 * killed node, restarted, catches up to the same state.
 */
class ClusterCrashTest {
    private static final int NODES = 3;

    @Test
    void leaderKilledUnderLoadLosesNothingAcknowledgedAndRetriesApplyOnce() throws Exception {
        Path root = TempDirs.create("objmeta-crash");
        List<Peer> peers = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            peers.add(new Peer("n" + i, "127.0.0.1:" + ServerFixture.freePort(),
                    "127.0.0.1:" + ServerFixture.freePort()));
        }
        String peerSpec = peers.stream().map(Peer::toString).collect(Collectors.joining(","));
        ChildProcess[] procs = new ChildProcess[NODES];
        try {
            for (int i = 0; i < NODES; i++) {
                procs[i] = start(root, peers, peerSpec, i);
            }
            MetadataGrpc.MetadataBlockingStub[] stubs = new MetadataGrpc.MetadataBlockingStub[NODES];
            for (int i = 0; i < NODES; i++) {
                stubs[i] = GrpcClients.newClient("http://" + peers.get(i).apiAddress(),
                        MetadataGrpc.MetadataBlockingStub.class);
                awaitHealthy(peers.get(i));
            }
            stubs[0].withDeadlineAfter(30, TimeUnit.SECONDS).createBucket(CreateBucketRequest.newBuilder()
                    .setBucket("crash").setVersioning(Versioning.ENABLED).build());

            Map<String, Long> acked = new ConcurrentHashMap<>();
            AtomicInteger retried = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            boolean[] down = new boolean[NODES];
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    for (long seq = 1; !stop.get(); seq++) {
                        String key = "w" + id + "/" + seq;
                        PutObjectRequest req = PutObjectRequest.newBuilder().setBucket("crash").setKey(key)
                                .setEtag("\"" + key + "\"").setSize(seq)
                                .setRequestId(RequestId.newBuilder().setClientId("crash-writer-" + id).setSequence(seq))
                                .build();
                        for (int attempt = 0; ; attempt++) {
                            int node = (int) ((seq + attempt) % NODES);
                            if (down[node]) {
                                continue;
                            }
                            try {
                                acked.put(key, stubs[node].withDeadlineAfter(15, TimeUnit.SECONDS).putObject(req)
                                        .getRevision());
                                if (attempt > 0) {
                                    retried.incrementAndGet();
                                }
                                break;
                            } catch (RuntimeException e) {
                                if (attempt > 500) {
                                    throw e;
                                }
                            }
                        }
                    }
                }, "writer-" + w);
                t.start();
                writers.add(t);
            }
            awaitCount(acked, 150);
            String leaderId = stubs[0].withDeadlineAfter(10, TimeUnit.SECONDS)
                    .clusterStatus(ClusterStatusRequest.newBuilder().setLocalOnly(true).build()).getLeaderId();
            int leader = Integer.parseInt(leaderId.substring(1)) - 1;
            down[leader] = true;
            procs[leader].kill(); // SIGKILL mid-write
            int before = acked.size();
            awaitCount(acked, before + 150);
            stop.set(true);
            for (Thread t : writers) {
                t.join(120_000);
            }

            long top = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            for (int i = 0; i < NODES; i++) {
                if (!down[i]) {
                    assertEveryAckedWriteOnceWithItsRevision(stubs[i], acked, top, "node n" + (i + 1));
                }
            }
            // the killed node restarts on its data and catches up
            procs[leader] = start(root, peers, peerSpec, leader);
            awaitHealthy(peers.get(leader));
            assertEveryAckedWriteOnceWithItsRevision(stubs[leader], acked, top, "restarted node " + leaderId);
            assertThat(retried.get()).as("writes retried with their requestId across the kill").isPositive();
        } finally {
            for (ChildProcess p : procs) {
                if (p != null) {
                    p.close();
                }
            }
            TempDirs.delete(root);
        }
    }

    private static ChildProcess start(Path root, List<Peer> peers, String peerSpec, int i) throws Exception {
        Peer p = peers.get(i);
        ChildProcess c = ChildProcess.start(Metad.class, root.resolve(p.id() + ".stderr"), "--node-id", p.id(),
                "--data-dir", root.resolve(p.id()).toString(),
                "--api-port", p.apiAddress().split(":")[1], "--raft-port", p.raftAddress().split(":")[1],
                "--peers", peerSpec);
        if (!c.awaitLines(1, 120_000)) {
            throw new AssertionError("metad " + p.id() + " did not start; see " + root.resolve(p.id() + ".stderr"));
        }
        return c;
    }

    private static void awaitHealthy(Peer p) throws InterruptedException {
        HttpJson h = new HttpJson("http://" + p.apiAddress());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (h.get("/health").ok()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(100); // polling an external process's health endpoint
        }
        throw new AssertionError(p.id() + " not healthy within 120 s");
    }

    private static void awaitCount(Map<String, Long> acked, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (acked.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(acked.size() + " writes acknowledged (expected: " + n + " within 180 s)");
            }
            Thread.sleep(10);
        }
    }

    /** A replica catching up answers a STALE read with minRevision UNAVAILABLE after 5 s; ask again for 2 minutes. */
    private static void awaitRevision(MetadataGrpc.MetadataBlockingStub s, long minRevision, String who) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                s.withDeadlineAfter(30, TimeUnit.SECONDS).listBuckets(io.objmeta.api.proto.ListBucketsRequest
                        .newBuilder().setConsistency(Consistency.STALE).setMinRevision(minRevision).build());
                return;
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE || System.nanoTime() > deadline) {
                    throw new AssertionError(who + " did not reach revision " + minRevision, e);
                }
            }
        }
    }

    private static void assertEveryAckedWriteOnceWithItsRevision(MetadataGrpc.MetadataBlockingStub s,
                                                                 Map<String, Long> acked, long minRevision,
                                                                 String who) {
        Map<String, List<Long>> stored = new HashMap<>();
        String keyMarker = "";
        String versionMarker = "";
        awaitRevision(s, minRevision, who);
        while (true) {
            var page = s.withDeadlineAfter(60, TimeUnit.SECONDS).listObjectVersions(ListObjectVersionsRequest
                    .newBuilder().setBucket("crash").setKeyMarker(keyMarker).setVersionIdMarker(versionMarker)
                    .setConsistency(Consistency.STALE).setMinRevision(minRevision).build());
            for (ObjectSummary v : page.getVersionsList()) {
                stored.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(v.getRevision());
            }
            if (!page.getIsTruncated()) {
                break;
            }
            keyMarker = page.getNextKeyMarker();
            versionMarker = page.getNextVersionIdMarker();
        }
        for (var e : acked.entrySet()) {
            assertThat(stored.get(e.getKey())).as(e.getKey() + " on " + who).containsExactly(e.getValue());
        }
        // and a linearizable read agrees with the stale listing
        String any = acked.keySet().iterator().next();
        assertThat(s.withDeadlineAfter(30, TimeUnit.SECONDS).getObject(GetObjectRequest.newBuilder()
                .setBucket("crash").setKey(any).build()).getRevision()).isEqualTo(acked.get(any));
    }
}
