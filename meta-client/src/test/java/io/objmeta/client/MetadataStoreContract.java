package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.objmeta.api.BlockingMetadataStore;
import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.MetadataStore;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.*;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * One behaviour, two implementations: every semantic rule a frontend relies on, run against the embedded store and
 * against {@link MetaClient} talking to a 3-node cluster. A difference between the two is a bug.
 */
abstract class MetadataStoreContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    /** The store under test, shared by the tests of one class. */
    abstract MetadataStore store();

    BlockingMetadataStore s() {
        return store().blocking();
    }

    static String bucket(String stem) {
        return stem + "-" + BUCKETS.incrementAndGet();
    }

    String create(String stem, Versioning v) {
        String b = bucket(stem);
        s().createBucket(CreateBucketRequest.newBuilder().setBucket(b).setVersioning(v).build());
        return b;
    }

    static PutObjectRequest.Builder put(String b, String k, String etag) {
        return PutObjectRequest.newBuilder().setBucket(b).setKey(k).setEtag(etag).setSize(etag.length())
                .setLocation(ByteString.copyFromUtf8("loc:" + k + ":" + etag));
    }

    ObjectVersion get(String b, String k) {
        return s().getObject(GetObjectRequest.newBuilder().setBucket(b).setKey(k).build());
    }

    @Test
    void bucketsAreCreatedOnceUpdatedWithCasAndDeletedOnlyWhenEmpty() {
        String b = create("bkt", Versioning.UNVERSIONED);
        assertThatThrownBy(() -> s().createBucket(CreateBucketRequest.newBuilder().setBucket(b).build()))
                .isInstanceOf(BucketAlreadyExistsException.class);
        Bucket got = s().getBucket(GetBucketRequest.newBuilder().setBucket(b).build());
        Bucket updated = s().updateBucket(UpdateBucketRequest.newBuilder().setBucket(b)
                .setExpectedRevision(got.getRevision()).putLabels("team", "media").build());
        assertThat(updated.getLabelsMap()).containsEntry("team", "media");
        assertThatThrownBy(() -> s().updateBucket(UpdateBucketRequest.newBuilder().setBucket(b)
                .setExpectedRevision(got.getRevision()).putLabels("x", "y").build()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.currentRevision()).isEqualTo(updated.getRevision()));
        s().putObject(put(b, "k", "\"e\"").build());
        assertThatThrownBy(() -> s().deleteBucket(DeleteBucketRequest.newBuilder().setBucket(b).build()))
                .isInstanceOf(BucketNotEmptyException.class);
        s().deleteObject(DeleteObjectRequest.newBuilder().setBucket(b).setKey("k").build());
        s().deleteBucket(DeleteBucketRequest.newBuilder().setBucket(b).build());
        assertThatThrownBy(() -> s().getBucket(GetBucketRequest.newBuilder().setBucket(b).build()))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void casCreateAndUpdateReportTheCurrentRevision() {
        String b = create("cas", Versioning.UNVERSIONED);
        PutObjectResponse first = s().putObject(put(b, "k", "\"1\"").setExpectedRevision(0).build());
        assertThat(first.getVersionId()).isEqualTo("null");
        assertThatThrownBy(() -> s().putObject(put(b, "k", "\"2\"").setExpectedRevision(0).build()))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.currentRevision()).isEqualTo(first.getRevision()));
        PutObjectResponse second = s().putObject(put(b, "k", "\"2\"").setExpectedRevision(first.getRevision())
                .build());
        assertThat(second.getRevision()).isGreaterThan(first.getRevision());
        assertThatThrownBy(() -> s().putObject(put(b, "k", "\"3\"").setExpectedEtag("\"1\"").build()))
                .isInstanceOf(ConflictException.class);
        assertThat(get(b, "k").getEtag()).isEqualTo("\"2\"");
    }

    @Test
    void versionedBucketsKeepVersionsAndDeleteMarkers() {
        String b = create("ver", Versioning.ENABLED);
        PutObjectResponse v1 = s().putObject(put(b, "doc", "\"1\"").build());
        PutObjectResponse v2 = s().putObject(put(b, "doc", "\"2\"").build());
        assertThat(v1.getVersionId()).isNotEqualTo("null").isNotEqualTo(v2.getVersionId());
        DeleteObjectResponse marker = s().deleteObject(DeleteObjectRequest.newBuilder().setBucket(b).setKey("doc")
                .build());
        assertThat(marker.getIsDeleteMarker()).isTrue();
        assertThatThrownBy(() -> get(b, "doc")).isInstanceOfSatisfying(NoSuchKeyException.class,
                e -> assertThat(e.isDeleteMarker()).isTrue());
        ObjectVersion old = s().getObject(GetObjectRequest.newBuilder().setBucket(b).setKey("doc")
                .setVersionId(v1.getVersionId()).build());
        assertThat(old.getEtag()).isEqualTo("\"1\"");
        var versions = s().listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket(b).build());
        assertThat(versions.getVersionsList()).extracting(ObjectSummary::getVersionId)
                .containsExactly(marker.getVersionId(), v2.getVersionId(), v1.getVersionId());
        assertThat(versions.getVersions(0).getIsLatest()).isTrue();
        assertThat(versions.getVersions(0).getIsDeleteMarker()).isTrue();
    }

    @Test
    void listingsPageWithContinuationTokensAndGroupByDelimiter() {
        String b = create("list", Versioning.UNVERSIONED);
        for (int i = 0; i < 25; i++) {
            s().putObject(put(b, String.format("a/%02d", i), "\"e\"").build());
        }
        s().putObject(put(b, "b/x", "\"e\"").build());
        s().putObject(put(b, "top", "\"e\"").build());
        List<String> keys = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            var page = s().listObjects(ListObjectsRequest.newBuilder().setBucket(b).setPrefix("a/").setMaxKeys(10)
                    .setContinuationToken(token).build());
            page.getContentsList().forEach(c -> keys.add(c.getKey()));
            token = page.getIsTruncated() ? page.getNextContinuationToken() : "";
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(keys).hasSize(25).isSorted();
        var grouped = s().listObjects(ListObjectsRequest.newBuilder().setBucket(b).setDelimiter("/").build());
        assertThat(grouped.getCommonPrefixesList()).containsExactly("a/", "b/");
        assertThat(grouped.getContentsList()).extracting(ObjectSummary::getKey).containsExactly("top");
    }

    @Test
    void multipartUploadsCompleteIntoOneVersionAndAbortRemovesThem() {
        String b = create("mpu", Versioning.UNVERSIONED);
        String id = s().createMultipartUpload(CreateMultipartUploadRequest.newBuilder().setBucket(b).setKey("big")
                .build()).getUploadId();
        s().uploadPart(UploadPartRequest.newBuilder().setBucket(b).setUploadId(id).setPartNumber(1)
                .setSize(5L << 20).setEtag("\"p1\"").build());
        s().uploadPart(UploadPartRequest.newBuilder().setBucket(b).setUploadId(id).setPartNumber(2).setSize(10)
                .setEtag("\"p2\"").build());
        assertThat(s().listParts(ListPartsRequest.newBuilder().setBucket(b).setUploadId(id).build())
                .getPartsCount()).isEqualTo(2);
        ObjectVersion v = s().completeMultipartUpload(CompleteMultipartUploadRequest.newBuilder().setBucket(b)
                .setUploadId(id).addParts(CompletedPart.newBuilder().setPartNumber(1).setEtag("\"p1\""))
                .addParts(CompletedPart.newBuilder().setPartNumber(2).setEtag("\"p2\"")).build());
        assertThat(v.getEtag()).matches("\"[0-9a-f]{32}-2\""); // S3's composite form, quoted like the parts
        assertThat(v.getSize()).isEqualTo((5L << 20) + 10);
        assertThat(get(b, "big").getEtag()).isEqualTo(v.getEtag());
        String id2 = s().createMultipartUpload(CreateMultipartUploadRequest.newBuilder().setBucket(b).setKey("gone")
                .build()).getUploadId();
        s().abortMultipartUpload(AbortMultipartUploadRequest.newBuilder().setBucket(b).setUploadId(id2).build());
        assertThatThrownBy(() -> s().listParts(ListPartsRequest.newBuilder().setBucket(b).setUploadId(id2).build()))
                .isInstanceOf(NoSuchUploadException.class);
        assertThat(s().listMultipartUploads(ListMultipartUploadsRequest.newBuilder().setBucket(b).build())
                .getUploadsCount()).isZero();
    }

    @Test
    void aTxnAppliesAllOrNothingAndNamesTheFailedOperation() {
        String b = create("txn", Versioning.UNVERSIONED);
        s().putObject(put(b, "exists", "\"e\"").build());
        TxnResponse ok = s().txn(TxnRequest.newBuilder()
                .addOps(TxnOp.newBuilder().setPut(put(b, "t1", "\"1\"").setExpectedRevision(0)))
                .addOps(TxnOp.newBuilder().setDelete(DeleteObjectRequest.newBuilder().setBucket(b).setKey("exists")))
                .build());
        assertThat(ok.getResultsCount()).isEqualTo(2);
        assertThatThrownBy(() -> s().txn(TxnRequest.newBuilder()
                .addOps(TxnOp.newBuilder().setPut(put(b, "t2", "\"2\"").setExpectedRevision(0)))
                .addOps(TxnOp.newBuilder().setPut(put(b, "t1", "\"x\"").setExpectedRevision(0)))
                .build()))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.failedOpIndex()).isEqualTo(1));
        assertThatThrownBy(() -> get(b, "t2")).isInstanceOf(NoSuchKeyException.class);
        assertThat(get(b, "t1").getEtag()).isEqualTo("\"1\"");
    }

    @Test
    void overwrittenLocationsReachTheGarbageFeedUntilAcknowledged() {
        String b = create("gc", Versioning.UNVERSIONED);
        s().putObject(put(b, "k", "\"old\"").build());
        PutObjectResponse r = s().putObject(put(b, "k", "\"new\"").build());
        var items = s().listGarbage(ListGarbageRequest.newBuilder().build()).getItemsList().stream()
                .filter(g -> g.getBucket().equals(b)).toList();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).getLocation().toStringUtf8()).isEqualTo("loc:k:\"old\"");
        s().ackGarbage(AckGarbageRequest.newBuilder().setUpToRevision(r.getRevision()).build());
        assertThat(s().listGarbage(ListGarbageRequest.newBuilder().build()).getItemsList())
                .noneMatch(g -> g.getBucket().equals(b));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        String b = create("bad", Versioning.UNVERSIONED);
        assertThatThrownBy(() -> s().putObject(put(b, "", "\"e\"").build()))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("key"));
        assertThatThrownBy(() -> s().createBucket(CreateBucketRequest.newBuilder().setBucket("No_Such!").build()))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("bucket"));
        assertThatThrownBy(() -> s().uploadPart(UploadPartRequest.newBuilder().setBucket(b).setUploadId("x")
                .setPartNumber(10001).setEtag("\"e\"").build()))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.getMessage()).contains("partNumber: 10001"));
        assertThat(s().listObjects(ListObjectsRequest.newBuilder().setBucket(b).build()).getKeyCount()).isZero();
        assertThatThrownBy(() -> s().putObject(put("no-such-bucket-x", "k", "\"e\"").build()))
                .isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void aRepeatedRequestIdReturnsTheFirstResultAndAppliesOnce() {
        String b = create("dedup", Versioning.ENABLED);
        RequestId id = RequestId.newBuilder().setClientId("contract-" + b).setSequence(1).build();
        PutObjectResponse first = s().putObject(put(b, "k", "\"1\"").setRequestId(id).build());
        PutObjectResponse again = s().putObject(put(b, "k", "\"1\"").setRequestId(id).build());
        assertThat(again).isEqualTo(first);
        assertThat(s().listObjectVersions(ListObjectVersionsRequest.newBuilder().setBucket(b).build())
                .getVersionsCount()).isEqualTo(1);
    }

    @Test
    void watchDeliversChangesInRevisionOrderFilteredByPrefix() throws Exception {
        String b = create("watch", Versioning.UNVERSIONED);
        List<Change> seen = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        PutObjectResponse before = s().putObject(put(b, "logs/0", "\"e\"").build());
        try (var w = store().watch(WatchRequest.newBuilder().setFromRevision(before.getRevision()).setBucket(b)
                .setPrefix("logs/").build(), new WatchListener() {
                    @Override
                    public void onChanges(List<Change> changes) {
                        seen.addAll(changes);
                    }

                    @Override
                    public void onError(Throwable error) {
                        errors.add(error);
                    }
                })) {
            long last = 0;
            for (int i = 1; i <= 5; i++) {
                last = s().putObject(put(b, "logs/" + i, "\"e\"").build()).getRevision();
                s().putObject(put(b, "other/" + i, "\"e\"").build());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 6 && errors.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // the watch delivers on its own thread
            }
            assertThat(errors).isEmpty();
            assertThat(seen).extracting(Change::getKey).containsExactly("logs/0", "logs/1", "logs/2", "logs/3",
                    "logs/4", "logs/5");
            assertThat(seen).extracting(Change::getRevision).isSorted();
            assertThat(seen.get(seen.size() - 1).getRevision()).isEqualTo(last);
        }
    }
}
