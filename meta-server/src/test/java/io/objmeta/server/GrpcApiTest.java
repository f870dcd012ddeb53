package io.objmeta.server;

import static io.objmeta.core.testing.Requests.createBucket;
import static io.objmeta.core.testing.Requests.createUpload;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.requestId;
import static io.objmeta.core.testing.Requests.txn;
import static io.objmeta.core.testing.Requests.uploadPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.CompactedException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.Errors;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.MetadataException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.MemberRole;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.api.proto.WatchRequest;
import io.objmeta.api.proto.WatchResponse;
import io.objmeta.core.CoreOptions;
import io.objmeta.api.GrpcErrors;
import io.objmeta.server.testing.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gRPC surface against one real node: status codes, the {@code objmeta-error-bin} trailer rebuilt into typed
 * exceptions, the Watch stream, reflection. One server for the class (a short change-retention window so a
 * compacted Watch can be provoked); every test uses its own buckets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcApiTest {
    private static final long RETENTION = 5;

    private ServerFixture fixture;
    private MetadataGrpc.MetadataBlockingStub stub;
    private MetadataGrpc.MetadataStub async;

    @BeforeAll
    void start() {
        fixture = ServerFixture.start(1, b -> b.coreOptions(CoreOptions.builder().changeRetentionRevisions(RETENTION)
                .build()));
        // generous client timeouts: a loaded machine, and Watch streams live long
        stub = GrpcClients.builder(fixture.baseUrl(0)).responseTimeoutMillis(60_000)
                .build(MetadataGrpc.MetadataBlockingStub.class);
        async = GrpcClients.builder(fixture.baseUrl(0)).responseTimeoutMillis(0)
                .build(MetadataGrpc.MetadataStub.class);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---- helpers ----

    private record Failure(Status.Code code, Error error, MetadataException typed) {
    }

    /** Runs a call that must fail; returns its status code, the trailer's Error and the rebuilt exception. */
    private static Failure fails(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call fails with a StatusRuntimeException").isNotNull();
        assertThat(e.getTrailers()).isNotNull();
        Error err = e.getTrailers().get(GrpcErrors.ERROR_KEY);
        assertThat(err).as("objmeta-error-bin trailer of %s", e).isNotNull();
        assertThat(GrpcErrors.statusCode(err.getCode())).isEqualTo(e.getStatus().getCode());
        return new Failure(e.getStatus().getCode(), err, Errors.fromProto(err));
    }

    private long storeRevision() {
        return stub.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("grpc-rev").setMaxKeys(0)
                .build()).getRevision();
    }

    // ---- life cycle ----

    @Test
    void objectLifeCycleAndNoSuchKeyWithDeleteMarker() {
        var b = stub.createBucket(createBucket("grpc-life", Versioning.ENABLED).build());
        assertThat(b.getName()).isEqualTo("grpc-life");
        assertThat(b.getVersioning()).isEqualTo(Versioning.ENABLED);

        PutObjectResponse p1 = stub.putObject(put("grpc-life", "a/k", "e1", 10).setContentType("text/plain").build());
        PutObjectResponse p2 = stub.putObject(put("grpc-life", "a/k", "e2", 20).build());
        assertThat(p2.getRevision()).isGreaterThan(p1.getRevision());
        assertThat(p1.getVersionId()).isNotEqualTo(p2.getVersionId()).isNotEqualTo("null");

        var v = stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-life").setKey("a/k").build());
        assertThat(v.getEtag()).isEqualTo("e2");
        assertThat(v.getSize()).isEqualTo(20);
        assertThat(v.getRevision()).isEqualTo(p2.getRevision());
        var old = stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-life").setKey("a/k")
                .setVersionId(p1.getVersionId()).build());
        assertThat(old.getContentType()).isEqualTo("text/plain");
        assertThat(stub.listObjects(ListObjectsRequest.newBuilder().setBucket("grpc-life").build()).getContentsList())
                .extracting(ObjectSummary::getKey).containsExactly("a/k");

        var marker = stub.deleteObject(delete("grpc-life", "a/k").build());
        assertThat(marker.getIsDeleteMarker()).isTrue();

        Failure f = fails(() -> stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-life").setKey("a/k")
                .build()));
        assertThat(f.code()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(f.typed()).isInstanceOf(NoSuchKeyException.class);
        NoSuchKeyException nsk = (NoSuchKeyException) f.typed();
        assertThat(nsk.bucket()).isEqualTo("grpc-life");
        assertThat(nsk.key()).isEqualTo("a/k");
        assertThat(nsk.isDeleteMarker()).isTrue();
        assertThat(nsk.versionId()).isEqualTo(marker.getVersionId());

        var versions = stub.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("grpc-life").build());
        assertThat(versions.getVersionsList()).extracting(ObjectSummary::getVersionId)
                .containsExactly(marker.getVersionId(), p2.getVersionId(), p1.getVersionId());
        assertThat(versions.getVersions(0).getIsLatest()).isTrue();
        assertThat(versions.getVersions(0).getIsDeleteMarker()).isTrue();

        // an absent key in a fresh bucket: plain NoSuchKey, not a marker
        Failure plain = fails(() -> stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-life").setKey("zz")
                .build()));
        assertThat(((NoSuchKeyException) plain.typed()).isDeleteMarker()).isFalse();
    }

    @Test
    void conflictCarriesCurrentRevisionInTheTrailer() {
        stub.createBucket(createBucket("grpc-cas", Versioning.UNVERSIONED).build());
        long r1 = stub.putObject(put("grpc-cas", "k", "e1", 1).setExpectedRevision(0).build()).getRevision();

        Failure f = fails(() -> stub.putObject(put("grpc-cas", "k", "e2", 2).setExpectedRevision(0).build()));
        assertThat(f.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(f.error().getReason()).isEqualTo(Error.Reason.CONFLICT);
        assertThat(f.typed()).isInstanceOf(ConflictException.class);
        assertThat(((ConflictException) f.typed()).currentRevision()).isEqualTo(r1);

        Failure etag = fails(() -> stub.putObject(put("grpc-cas", "k", "e2", 2).setExpectedEtag("nope").build()));
        assertThat(((ConflictException) etag.typed()).currentRevision()).isEqualTo(r1);
        assertThat(stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-cas").setKey("k").build()).getEtag())
                .isEqualTo("e1");

        // a Txn whose second op fails: FAILED_PRECONDITION naming index 1, nothing applied
        Failure t = fails(() -> stub.txn(txn(op(put("grpc-cas", "new", "e", 1)),
                op(put("grpc-cas", "k", "e", 1).setExpectedRevision(r1 + 1000))).build()));
        assertThat(t.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        ConflictException c = (ConflictException) t.typed();
        assertThat(c.failedOpIndex()).isEqualTo(1);
        assertThat(c.currentRevision()).isEqualTo(r1);
        assertThat(fails(() -> stub.getObject(GetObjectRequest.newBuilder().setBucket("grpc-cas").setKey("new")
                .build())).typed()).isInstanceOf(NoSuchKeyException.class);

        var ok = stub.txn(txn(op(put("grpc-cas", "new", "e", 1)), op(put("grpc-cas", "k", "e3", 1)
                .setExpectedRevision(r1))).build());
        assertThat(ok.getResultsCount()).isEqualTo(2);
        assertThat(ok.getResults(0).getPut().getRevision()).isEqualTo(ok.getRevision());
        assertThat(ok.getResults(1).getPut().getRevision()).isEqualTo(ok.getRevision());
    }

    @Test
    void bucketErrorsAreTyped() {
        stub.createBucket(createBucket("grpc-bkt", Versioning.UNVERSIONED).build());
        Failure dup = fails(() -> stub.createBucket(createBucket("grpc-bkt", Versioning.UNVERSIONED).build()));
        assertThat(dup.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(dup.typed()).isInstanceOf(BucketAlreadyExistsException.class);

        stub.putObject(put("grpc-bkt", "k").build());
        Failure notEmpty = fails(() -> stub.deleteBucket(io.objmeta.core.testing.Requests.deleteBucket("grpc-bkt")
                .build()));
        assertThat(notEmpty.code()).isEqualTo(Status.Code.ABORTED);
        assertThat(notEmpty.typed()).isInstanceOf(BucketNotEmptyException.class);

        Failure noBucket = fails(() -> stub.getBucket(io.objmeta.api.proto.GetBucketRequest.newBuilder()
                .setBucket("grpc-none").build()));
        assertThat(noBucket.code()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(noBucket.error().getReason()).isEqualTo(Error.Reason.NO_SUCH_BUCKET);
    }

    @Test
    void invalidArgumentNamesTheFieldAndChangesNothing() {
        stub.createBucket(createBucket("grpc-rev", Versioning.UNVERSIONED).build());
        stub.createBucket(createBucket("grpc-bad", Versioning.UNVERSIONED).build());
        String upload = stub.createMultipartUpload(createUpload("grpc-bad", "up").build()).getUploadId();
        long before = storeRevision();

        record Case(String field, Runnable call) {
        }
        List<Case> cases = List.of(
                new Case("bucket", () -> stub.createBucket(createBucket("A_B!", Versioning.UNVERSIONED).build())),
                new Case("key", () -> stub.putObject(put("grpc-bad", "").build())),
                new Case("key", () -> stub.putObject(put("grpc-bad", "k".repeat(1025)).build())),
                new Case("partNumber", () -> stub.uploadPart(uploadPart("grpc-bad", upload, 10001, 1, "e").build())),
                new Case("maxKeys", () -> stub.listObjects(ListObjectsRequest.newBuilder().setBucket("grpc-bad")
                        .setMaxKeys(-1).build())),
                new Case("requestId.sequence", () -> stub.putObject(put("grpc-bad", "k")
                        .setRequestId(requestId("c", 0)).build())));
        for (Case c : cases) {
            Failure f = fails(c.call());
            assertThat(f.code()).as(c.field()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(f.typed()).as(c.field()).isInstanceOf(InvalidArgumentException.class);
            assertThat(((InvalidArgumentException) f.typed()).field()).isEqualTo(c.field());
            assertThat(f.error().getMessage()).startsWith(c.field() + ":");
        }
        assertThat(storeRevision()).isEqualTo(before);
        assertThat(stub.listObjects(ListObjectsRequest.newBuilder().setBucket("grpc-bad").build()).getContentsCount())
                .isZero();
    }

    @Test
    void sameRequestIdTwiceAppliesOnce() {
        stub.createBucket(createBucket("grpc-rid", Versioning.ENABLED).build());
        var req = put("grpc-rid", "k").setRequestId(requestId("grpc-test", 7)).build();
        PutObjectResponse a = stub.putObject(req);
        PutObjectResponse b = stub.putObject(req);
        assertThat(b).isEqualTo(a);
        assertThat(stub.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("grpc-rid").build())
                .getVersionsCount()).isEqualTo(1);
    }

    // ---- watch ----

    /** Collects a Watch stream. */
    private static final class Collector implements StreamObserver<WatchResponse> {
        final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        final BlockingQueue<Long> progress = new LinkedBlockingQueue<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Throwable error;

        @Override
        public void onNext(WatchResponse r) {
            if (r.getChangesCount() == 0) {
                progress.add(r.getRevision());
            }
            changes.addAll(r.getChangesList());
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        List<Change> take(int n, long timeoutSeconds) throws InterruptedException {
            List<Change> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (out.size() < n) {
                Change c = changes.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) {
                    break;
                }
                out.add(c);
            }
            return out;
        }
    }

    private Collector watch(WatchRequest r) {
        Collector c = new Collector();
        async.watch(r, c);
        return c;
    }

    @Test
    void watchStreamsChangesInRevisionOrderWithBucketAndPrefixFilter() throws Exception {
        stub.createBucket(createBucket("grpc-watch", Versioning.UNVERSIONED).build());
        stub.createBucket(createBucket("grpc-other", Versioning.UNVERSIONED).build());
        long first = stub.putObject(put("grpc-watch", "a/1", "e1", 1).build()).getRevision();

        // resume from an exact revision: the change at `first` is replayed, then new ones follow
        Collector c = watch(WatchRequest.newBuilder().setFromRevision(first).setBucket("grpc-watch").setPrefix("a/")
                .build());
        long skipKey = stub.putObject(put("grpc-watch", "b/1", "x", 1).build()).getRevision();
        long otherBucket = stub.putObject(put("grpc-other", "a/9", "x", 1).build()).getRevision();
        long second = stub.putObject(put("grpc-watch", "a/2", "e2", 2).build()).getRevision();
        long third = stub.deleteObject(delete("grpc-watch", "a/1").build()).getRevision();

        List<Change> got = c.take(3, 30);
        assertThat(c.error).isNull();
        assertThat(got).extracting(Change::getRevision).containsExactly(first, second, third);
        assertThat(got).extracting(Change::getKey).containsExactly("a/1", "a/2", "a/1");
        assertThat(got).extracting(Change::getBucket).containsOnly("grpc-watch");
        assertThat(got).extracting(Change::getType).containsExactly(ChangeType.OBJECT_PUT, ChangeType.OBJECT_PUT,
                ChangeType.OBJECT_DELETED);
        assertThat(got.get(1).getVersion().getEtag()).isEqualTo("e2");
        assertThat(skipKey).isLessThan(second);
        assertThat(otherBucket).isLessThan(second);
        // nothing filtered-out slipped through
        assertThat(c.take(1, 1)).isEmpty();

        // from 0 = from the next write: an earlier write is not replayed
        Collector now = watch(WatchRequest.newBuilder().setBucket("grpc-other").build());
        Thread.sleep(500); // let the stream open before the next write
        long next = stub.putObject(put("grpc-other", "n/1", "e", 1).build()).getRevision();
        List<Change> fromNow = now.take(1, 30);
        assertThat(now.error).isNull();
        assertThat(fromNow).extracting(Change::getRevision).containsExactly(next);
        assertThat(fromNow.get(0).getKey()).isEqualTo("n/1");
    }

    @Test
    void watchFromACompactedRevisionIsOutOfRange() throws Exception {
        stub.createBucket(createBucket("grpc-compact", Versioning.UNVERSIONED).build());
        // push the store past the retention window
        Supplier<Long> revision = () -> stub.listObjects(ListObjectsRequest.newBuilder().setBucket("grpc-compact")
                .setMaxKeys(0).build()).getRevision();
        for (int i = 0; revision.get() <= RETENTION + 5 && i < RETENTION + 10; i++) {
            stub.putObject(put("grpc-compact", "k" + i).build());
        }
        assertThat(revision.get()).isGreaterThan(RETENTION + 5);

        Collector c = watch(WatchRequest.newBuilder().setFromRevision(1).build());
        assertThat(c.ended.await(30, TimeUnit.SECONDS)).as("the watch fails").isTrue();
        assertThat(c.error).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) c.error;
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        Error err = e.getTrailers().get(GrpcErrors.ERROR_KEY);
        assertThat(err).isNotNull();
        MetadataException typed = Errors.fromProto(err);
        assertThat(typed).isInstanceOf(CompactedException.class);
        assertThat(((CompactedException) typed).requestedRevision()).isEqualTo(1);
        assertThat(((CompactedException) typed).compactRevision()).isGreaterThan(1);
        assertThat(c.changes).isEmpty();
    }

    // ---- cluster, reflection ----

    @Test
    void clusterStatusShowsOneLeader() {
        var s = stub.clusterStatus(ClusterStatusRequest.getDefaultInstance());
        assertThat(s.getMembersCount()).isEqualTo(1);
        assertThat(s.getMembers(0).getRole()).isEqualTo(MemberRole.LEADER);
        assertThat(s.getLeaderId()).isEqualTo(s.getMembers(0).getId());
        assertThat(s.getMembers(0).getTerm()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void readModifyWriteLoopsOnOneKeyNeverStall() throws Exception {
        // linearizable reads and conditional writes interleaved by many callers: each ReadIndex round completes
        // inside Ratis under its read-queue lock and starts the next round; that must not block a Ratis thread
        // (it once deadlocked the node within a second of this load)
        stub.createBucket(createBucket("grpc-rmw", Versioning.UNVERSIONED).build());
        stub.putObject(put("grpc-rmw", "hot").build());
        int threads = 8;
        int updates = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < updates; ) {
                        var s = stub.withDeadlineAfter(20, TimeUnit.SECONDS);
                        long rev = s.getObject(GetObjectRequest.newBuilder().setBucket("grpc-rmw").setKey("hot")
                                .build()).getRevision();
                        try {
                            s.putObject(put("grpc-rmw", "hot").setExpectedRevision(rev).build());
                            i++;
                        } catch (StatusRuntimeException e) {
                            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                            conflicts++;
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        var v = stub.listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket("grpc-rmw").build());
        assertThat(v.getVersionsCount()).isEqualTo(1); // unversioned: the last update replaced the rest
        assertThat(v.getVersions(0).getRevision()).isGreaterThanOrEqualTo(threads * updates);
    }

    @Test
    void reflectionListsTheMetadataService() throws Exception {
        var refl = GrpcClients.builder(fixture.baseUrl(0)).responseTimeoutMillis(30_000)
                .build(ServerReflectionGrpc.ServerReflectionStub.class);
        BlockingQueue<ServerReflectionResponse> replies = new LinkedBlockingQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> req = refl.serverReflectionInfo(
                new StreamObserver<ServerReflectionResponse>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        replies.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse r = replies.poll(30, TimeUnit.SECONDS);
        req.onCompleted();
        assertThat(r).isNotNull();
        assertThat(r.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
                .contains("objmeta.v1.Metadata", "grpc.reflection.v1.ServerReflection");
        assertThat(fixture.http(0).get("/docs/specification.json").body())
                .contains("grpc.reflection.v1.ServerReflection");
    }
}
