package io.objmeta.server.internal;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.netty.util.AttributeKey;
import io.objmeta.api.Errors;
import io.objmeta.api.GrpcErrors;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.Validation;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.*;
import io.objmeta.api.proto.Error;
import io.objmeta.core.MetaCore;
import io.objmeta.core.internal.embedded.EmbeddedWatch;
import io.objmeta.server.Peer;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code objmeta.v1.Metadata} on one node. Writes are validated here (bad input never reaches the log), then
 * coalesced into Raft entries by {@link RaftNode}; results and failures come back per command. Reads run against
 * the local LMDB: after a ReadIndex round by default, at once (after waiting for {@code minRevision}) when
 * {@code consistency=STALE}.
 */
public final class MetadataService extends MetadataGrpc.MetadataImplBase {
    private static final System.Logger LOG = System.getLogger(MetadataService.class.getName());
    /** The error of the call, for the HTTP/JSON error renderer. */
    public static final AttributeKey<Error> ERROR = AttributeKey.valueOf(MetadataService.class, "ERROR");

    private final RaftNode node;
    private final MetaStateMachine sm;
    private final ClusterView cluster;
    private final long staleWaitMillis;
    private final Set<EmbeddedWatch> watches = ConcurrentHashMap.newKeySet();

    public MetadataService(RaftNode node, ClusterView cluster, long staleWaitMillis) {
        this.node = node;
        this.sm = node.stateMachine();
        this.cluster = cluster;
        this.staleWaitMillis = staleWaitMillis;
        // watches read the core they started with; after a snapshot install they end and the client resumes
        sm.onCoreReplaced(() -> watches.forEach(EmbeddedWatch::cancel));
    }

    // ---- plumbing ----

    private static <T> void reply(StreamObserver<T> obs, CompletableFuture<T> f) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        f.whenComplete((v, e) -> {
            if (e == null) {
                obs.onNext(v);
                obs.onCompleted();
            } else {
                fail(ctx, obs, e);
            }
        });
    }

    static void fail(StreamObserver<?> obs, Throwable t) {
        fail(ServiceRequestContext.currentOrNull(), obs, t);
    }

    static void fail(ServiceRequestContext ctx, StreamObserver<?> obs, Throwable t) {
        Error err = Errors.toProto(t);
        if (err.getCode() == ErrorCode.INTERNAL) {
            LOG.log(Level.ERROR, "internal error", Errors.unwrap(t));
        }
        fail(ctx, obs, err);
    }

    private static void fail(ServiceRequestContext ctx, StreamObserver<?> obs, Error err) {
        if (ctx != null) {
            ctx.setAttr(ERROR, err);
        }
        obs.onError(GrpcErrors.toStatusException(err));
    }

    /**
     * A command through Raft. A command that failed at apply (a conflict, a missing key) comes back as the
     * {@code Error} in its result and goes to the wire as it is: no exception is built for it on the way.
     */
    private <T> void write(Supplier<Command> command, Function<CommandResult, T> extract, StreamObserver<T> obs) {
        ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
        CompletableFuture<CommandResult> f;
        try {
            Command c = command.get();
            Validation.validate(c);
            f = node.write(c);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, e) -> {
            if (e != null) {
                fail(ctx, obs, e);
            } else if (r.hasError()) {
                if (r.getError().getCode() == ErrorCode.INTERNAL) {
                    LOG.log(Level.ERROR, "internal error at apply: {0}", r.getError().getMessage());
                }
                fail(ctx, obs, r.getError());
            } else {
                T v;
                try {
                    v = extract.apply(r);
                } catch (RuntimeException x) {
                    fail(ctx, obs, x);
                    return;
                }
                obs.onNext(v);
                obs.onCompleted();
            }
        });
    }

    /** A point read: microseconds of work, run on the request's event loop. */
    private <T> void read(Runnable validate, Consistency consistency, long minRevision,
                          Function<MetaCore, T> body, StreamObserver<T> obs) {
        read(false, validate, consistency, minRevision, body, obs);
    }

    /**
     * A listing page: up to a thousand rows (about a millisecond), run on the blocking executor so a page never
     * holds up the point reads and writes that share its event loop.
     */
    private <T> void readPage(Runnable validate, Consistency consistency, long minRevision,
                              Function<MetaCore, T> body, StreamObserver<T> obs) {
        read(true, validate, consistency, minRevision, body, obs);
    }

    private <T> void read(boolean page, Runnable validate, Consistency consistency, long minRevision,
                          Function<MetaCore, T> body, StreamObserver<T> obs) {
        CompletableFuture<T> f;
        try {
            validate.run();
            ServiceRequestContext ctx = ServiceRequestContext.current();
            Executor exec = page ? ctx.blockingTaskExecutor() : ctx.eventLoop();
            if (consistency == Consistency.STALE) {
                if (sm.revision() >= minRevision && !page) {
                    f = CompletableFuture.completedFuture(sm.read(body));
                } else {
                    f = CompletableFuture.supplyAsync(() -> {
                        awaitRevision(minRevision);
                        return sm.read(body);
                    }, ctx.blockingTaskExecutor());
                }
            } else {
                f = node.linearizable().thenApplyAsync(v -> sm.read(body), exec);
            }
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        reply(obs, f);
    }

    private void awaitRevision(long minRevision) {
        long deadline = System.nanoTime() + staleWaitMillis * 1_000_000;
        long seen = sm.revision();
        try {
            while (seen < minRevision) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new UnavailableException("minRevision: " + minRevision + " (expected: <= this replica's "
                            + "revision " + seen + " within " + staleWaitMillis + " ms); retry or read from the leader");
                }
                seen = sm.notifier().awaitAbove(seen, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for minRevision " + minRevision);
        }
    }

    // ---- buckets ----

    @Override
    public void createBucket(CreateBucketRequest r, StreamObserver<Bucket> obs) {
        write(() -> Command.newBuilder().setCreateBucket(r).build(), CommandResult::getCreateBucket, obs);
    }

    @Override
    public void getBucket(GetBucketRequest r, StreamObserver<Bucket> obs) {
        read(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.getBucket(r.getBucket()),
                obs);
    }

    @Override
    public void deleteBucket(DeleteBucketRequest r, StreamObserver<Bucket> obs) {
        write(() -> Command.newBuilder().setDeleteBucket(r).build(), CommandResult::getDeleteBucket, obs);
    }

    @Override
    public void updateBucket(UpdateBucketRequest r, StreamObserver<Bucket> obs) {
        write(() -> Command.newBuilder().setUpdateBucket(r).build(), CommandResult::getUpdateBucket, obs);
    }

    @Override
    public void listBuckets(ListBucketsRequest r, StreamObserver<ListBucketsResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listBuckets(r), obs);
    }

    // ---- objects ----

    @Override
    public void putObject(PutObjectRequest r, StreamObserver<PutObjectResponse> obs) {
        write(() -> Command.newBuilder().setPutObject(r).build(), CommandResult::getPutObject, obs);
    }

    @Override
    public void getObject(GetObjectRequest r, StreamObserver<ObjectVersion> obs) {
        read(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.getObject(r), obs);
    }

    @Override
    public void deleteObject(DeleteObjectRequest r, StreamObserver<DeleteObjectResponse> obs) {
        write(() -> Command.newBuilder().setDeleteObject(r).build(), CommandResult::getDeleteObject, obs);
    }

    @Override
    public void listObjects(ListObjectsRequest r, StreamObserver<ListObjectsResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listObjects(r), obs);
    }

    @Override
    public void listObjectVersions(ListObjectVersionsRequest r, StreamObserver<ListObjectVersionsResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listObjectVersions(r),
                obs);
    }

    // ---- multipart ----

    @Override
    public void createMultipartUpload(CreateMultipartUploadRequest r,
                                      StreamObserver<CreateMultipartUploadResponse> obs) {
        write(() -> Command.newBuilder().setCreateMultipartUpload(r).build(),
                CommandResult::getCreateMultipartUpload, obs);
    }

    @Override
    public void uploadPart(UploadPartRequest r, StreamObserver<UploadPartResponse> obs) {
        write(() -> Command.newBuilder().setUploadPart(r).build(), CommandResult::getUploadPart, obs);
    }

    @Override
    public void completeMultipartUpload(CompleteMultipartUploadRequest r, StreamObserver<ObjectVersion> obs) {
        write(() -> Command.newBuilder().setCompleteMultipartUpload(r).build(),
                CommandResult::getCompleteMultipartUpload, obs);
    }

    @Override
    public void abortMultipartUpload(AbortMultipartUploadRequest r, StreamObserver<AbortMultipartUploadResponse> obs) {
        write(() -> Command.newBuilder().setAbortMultipartUpload(r).build(), CommandResult::getAbortMultipartUpload,
                obs);
    }

    @Override
    public void listMultipartUploads(ListMultipartUploadsRequest r,
                                     StreamObserver<ListMultipartUploadsResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listMultipartUploads(r),
                obs);
    }

    @Override
    public void listParts(ListPartsRequest r, StreamObserver<ListPartsResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listParts(r), obs);
    }

    // ---- txn, garbage ----

    @Override
    public void txn(TxnRequest r, StreamObserver<TxnResponse> obs) {
        write(() -> Command.newBuilder().setTxn(r).build(), CommandResult::getTxn, obs);
    }

    @Override
    public void listGarbage(ListGarbageRequest r, StreamObserver<ListGarbageResponse> obs) {
        readPage(() -> Validation.validate(r), r.getConsistency(), r.getMinRevision(), c -> c.listGarbage(r), obs);
    }

    @Override
    public void ackGarbage(AckGarbageRequest r, StreamObserver<AckGarbageResponse> obs) {
        write(() -> Command.newBuilder().setAckGarbage(r).build(), CommandResult::getAckGarbage, obs);
    }

    // ---- watch: server streaming, back-pressured by the transport's readiness ----

    @Override
    public void watch(WatchRequest r, StreamObserver<WatchResponse> obs) {
        ServerCallStreamObserver<WatchResponse> call = (ServerCallStreamObserver<WatchResponse>) obs;
        try {
            Validation.validate(r);
        } catch (RuntimeException e) {
            fail(obs, e);
            return;
        }
        ServiceRequestContext ctx = ServiceRequestContext.current();
        ctx.clearRequestTimeout(); // a watch lives until cancelled
        WatchListener listener = new WatchListener() {
            @Override
            public void onChanges(List<Change> changes) {
                while (!call.isReady() && !call.isCancelled()) {
                    LockSupport.parkNanos(1_000_000); // the watch's own thread waits: back-pressure
                }
                if (!call.isCancelled()) {
                    call.onNext(WatchResponse.newBuilder().addAllChanges(changes)
                            .setRevision(changes.get(changes.size() - 1).getRevision()).build());
                }
            }

            @Override
            public void onProgress(long revision) {
                if (call.isReady() && !call.isCancelled()) {
                    call.onNext(WatchResponse.newBuilder().setRevision(revision).build());
                }
            }

            @Override
            public void onError(Throwable error) {
                if (!call.isCancelled()) {
                    fail(call, error);
                }
            }

            @Override
            public void onCompleted() {
                if (!call.isCancelled()) {
                    fail(call, new UnavailableException("the watch ended on this node (shutdown or state replaced "
                            + "by a snapshot); resume from the last revision received"));
                }
            }
        };
        EmbeddedWatch w = sm.read(core -> new EmbeddedWatch(core, sm.notifier(), r.getFromRevision(), r.getBucket(),
                r.getPrefix(), listener));
        watches.add(w);
        call.setOnCancelHandler(() -> {
            w.cancel();
            watches.remove(w);
        });
    }

    public void closeWatches() {
        watches.forEach(EmbeddedWatch::cancel);
    }

    // ---- cluster and admin ----

    @Override
    public void clusterStatus(ClusterStatusRequest r, StreamObserver<ClusterStatusResponse> obs) {
        reply(obs, cluster.status(r.getLocalOnly()));
    }

    @Override
    public void addMember(AddMemberRequest r, StreamObserver<AddMemberResponse> obs) {
        admin(obs, () -> {
            Peer p = new Peer(r.getId(), r.getAddress(), r.getApiAddress().isEmpty() ? r.getAddress()
                    : r.getApiAddress());
            return AddMemberResponse.newBuilder().addAllMembers(cluster.rows(node.addMember(p, r.getListener())))
                    .build();
        });
    }

    @Override
    public void removeMember(RemoveMemberRequest r, StreamObserver<RemoveMemberResponse> obs) {
        admin(obs, () -> {
            if (r.getId().isEmpty()) {
                throw InvalidArgumentException.of("id", "", "the id of a member");
            }
            return RemoveMemberResponse.newBuilder().addAllMembers(cluster.rows(node.removeMember(r.getId())))
                    .build();
        });
    }

    @Override
    public void transferLeader(TransferLeaderRequest r, StreamObserver<TransferLeaderResponse> obs) {
        admin(obs, () -> TransferLeaderResponse.newBuilder()
                .setLeaderId(node.transferLeader(r.getTargetId(), r.getTimeoutMillis())).build());
    }

    @Override
    public void snapshotNow(SnapshotNowRequest r, StreamObserver<SnapshotNowResponse> obs) {
        admin(obs, () -> {
            long index = node.snapshotNow();
            var latest = sm.snapshots().list();
            SnapshotNowResponse.Builder b = SnapshotNowResponse.newBuilder().setAppliedIndex(index);
            if (!latest.isEmpty()) {
                var m = io.objmeta.core.SnapshotManifest.read(latest.get(0));
                b.setAppliedIndex(m.appliedIndex()).setRevision(m.revision()).setTerm(m.term())
                        .setSizeBytes(m.sizeBytes());
            }
            return b.build();
        });
    }

    interface AdminCall<T> {
        T run() throws Exception;
    }

    /** Admin operations block on Ratis: run them off the event loop. */
    private static <T> void admin(StreamObserver<T> obs, AdminCall<T> call) {
        ServiceRequestContext ctx = ServiceRequestContext.current();
        reply(obs, CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new UnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, ctx.blockingTaskExecutor()));
    }
}
