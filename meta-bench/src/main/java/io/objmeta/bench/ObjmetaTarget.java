package io.objmeta.bench;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.objmeta.api.GrpcErrors;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.ClusterStatusResponse;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.Member;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Versioning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A running objmeta cluster ({@code bin/metad} or {@code bin/local-cluster}) over gRPC, one HTTP/2 connection per
 * endpoint, through grpc-java over Netty (the default) or Armeria ({@code --objmeta-client armeria}, meta-client's
 * transport): the same generated stubs either way. Measured side by side on 3 nodes with 256 clients, the
 * load generator spent 0.5 of a core with grpc-java and 0.9 with Armeria, and on this 2-core machine the servers
 * got the difference (2,327 vs 1,408 puts/s, BENCHMARKS.md). With {@code --objmeta-routing leader} (the default, as
 * meta-client routes) writes and linearizable reads go to the leader the cluster reports at start, and STALE reads to
 * the thread's own endpoint; with {@code spread} every call goes to the thread's own endpoint (threads spread over
 * the endpoints round-robin, each keeping its node), so two thirds of the writes go through a follower that forwards
 * them and two thirds of the linearizable reads pay a follower's ReadIndex round trip to the leader and its wait to
 * apply up to the leader's commit index. Every run uses a bucket of its own ({@code bench-<millis>}), so runs
 * against the same cluster never collide on CAS creates. Puts are acknowledged once a majority has them on disk and the leader applied them;
 * gets and lists are linearizable (a coalesced ReadIndex round, then the local LMDB) unless the request says
 * {@code STALE} (the contacted node's LMDB).
 */
final class ObjmetaTarget implements StoreTarget {
    private static final int PRELOAD_IN_FLIGHT = 1024;

    private final List<String> endpoints;
    private final List<MetadataGrpc.MetadataBlockingStub> blocking = new ArrayList<>();
    private final List<MetadataGrpc.MetadataFutureStub> async = new ArrayList<>();
    private final AtomicInteger nextThread = new AtomicInteger();
    private final ThreadLocal<Integer> node = ThreadLocal.withInitial(() -> nextThread.getAndIncrement());
    private final String bucket = "bench-" + System.currentTimeMillis();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final String client;

    /** The gRPC client library the target calls through. */
    enum Client { ARMERIA, GRPC_JAVA }

    /** Where writes and linearizable reads go. */
    enum Routing { LEADER, SPREAD }

    private int leader = -1; // index into the endpoints of the leader found at start; -1: spread

    private ObjmetaTarget(List<String> endpoints, Client client) {
        this.endpoints = endpoints;
        this.client = client.name().toLowerCase().replace('_', '-');
        for (String e : endpoints) {
            if (client == Client.ARMERIA) {
                blocking.add(GrpcClients.builder("http://" + e).responseTimeoutMillis(60_000)
                        .build(MetadataGrpc.MetadataBlockingStub.class));
                async.add(GrpcClients.builder("http://" + e).responseTimeoutMillis(60_000)
                        .build(MetadataGrpc.MetadataFutureStub.class));
            } else {
                ManagedChannel ch = NettyChannelBuilder.forTarget(e).usePlaintext().build();
                channels.add(ch);
                blocking.add(MetadataGrpc.newBlockingStub(ch));
                async.add(MetadataGrpc.newFutureStub(ch));
            }
        }
    }

    static ObjmetaTarget open(String endpoints, Client client, Routing routing) {
        ObjmetaTarget t = new ObjmetaTarget(endpointList(endpoints), client);
        if (routing == Routing.LEADER) {
            t.leader = t.findLeader();
        }
        return t;
    }

    /**
     * The index of the leader's API address among the endpoints, asking each endpoint in turn for the cluster
     * status; fails when no endpoint knows a leader that is among them (the run would not measure what it says).
     */
    private int findLeader() {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < blocking.size(); i++) {
            try {
                ClusterStatusResponse r = blocking.get(i).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .clusterStatus(ClusterStatusRequest.getDefaultInstance());
                for (Member m : r.getMembersList()) {
                    if (m.getId().equals(r.getLeaderId()) && endpoints.contains(m.getApiAddress())) {
                        return endpoints.indexOf(m.getApiAddress());
                    }
                }
                answers.add(endpoints.get(i) + ": leader \"" + r.getLeaderId() + "\"");
            } catch (StatusRuntimeException e) {
                answers.add(endpoints.get(i) + ": " + e.getStatus());
            }
        }
        throw new IllegalStateException("--objmeta-routing leader: no endpoint named a leader among " + endpoints
                + " (" + String.join("; ", answers) + "; use --objmeta-routing spread, or list the leader)");
    }

    /** {@code host:port,...} as a list; refuses an empty one. */
    static List<String> endpointList(String endpoints) {
        List<String> list = new ArrayList<>();
        for (String e : endpoints.split(",")) {
            if (!e.isBlank()) {
                list.add(e.trim());
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--endpoints: \"" + endpoints + "\" (expected: host:port,...)");
        }
        return List.copyOf(list);
    }

    /** The thread's own endpoint (round-robin). */
    private MetadataGrpc.MetadataBlockingStub stub() {
        return blocking.get(node.get() % blocking.size());
    }

    /** Writes and linearizable reads: the leader when routing to it, else the thread's own endpoint. */
    private MetadataGrpc.MetadataBlockingStub stub(boolean stale) {
        return leader >= 0 && !stale ? blocking.get(leader) : stub();
    }

    @Override
    public String name() {
        return "objmeta";
    }

    @Override
    public void createBucket(String ignored) {
        blocking.get(0).withDeadlineAfter(60, TimeUnit.SECONDS).createBucket(CreateBucketRequest.newBuilder()
                .setBucket(bucket).setVersioning(Versioning.UNVERSIONED).build());
    }

    /** Failures as the typed exceptions of meta-api (a failed condition is a ConflictException). */
    @Override
    public long put(PutObjectRequest request) {
        try {
            return stub(false).putObject(request.toBuilder().setBucket(bucket).build()).getRevision();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    @Override
    public ObjectVersion get(GetObjectRequest request) {
        try {
            return stub(request.getConsistency() == Consistency.STALE).getObject(request.toBuilder().setBucket(bucket)
                    .build());
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    @Override
    public int list(String ignored, String prefix, int maxKeys, boolean stale) {
        try {
            return stub(stale).listObjects(ListObjectsRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                    .setMaxKeys(maxKeys).setConsistency(stale ? Consistency.STALE : Consistency.LINEARIZABLE)
                    .build()).getContentsCount();
        } catch (StatusRuntimeException e) {
            throw GrpcErrors.fromStatus(e);
        }
    }

    /** Async puts spread over the endpoints, {@value #PRELOAD_IN_FLIGHT} in flight. */
    @Override
    public double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress)
            throws Exception {
        progress.accept(String.format("preloading %d objects over gRPC, %d in flight", count, PRELOAD_IN_FLIGHT));
        long start = System.nanoTime();
        AsyncPuts.run(count, PRELOAD_IN_FLIGHT, n -> {
            var f = async.get((int) (n % async.size())).putObject(requestOf.apply(n).toBuilder().setBucket(bucket)
                    .build());
            CompletableFuture<Object> done = new CompletableFuture<>();
            f.addListener(() -> {
                try {
                    done.complete(f.get());
                } catch (ExecutionException e) {
                    done.completeExceptionally(e.getCause());
                } catch (Exception e) {
                    done.completeExceptionally(e);
                }
            }, Runnable::run);
            return done;
        }, progress);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        progress.accept(String.format("preloaded %d objects: %.0f puts/s", count, rate));
        return rate;
    }

    @Override
    public void describe(Map<String, Object> extra) {
        extra.put("endpoints", String.join(",", endpoints));
        extra.put("bucket", bucket);
        extra.put("client", client);
        extra.put("routing", leader >= 0 ? "leader " + endpoints.get(leader) : "spread");
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
