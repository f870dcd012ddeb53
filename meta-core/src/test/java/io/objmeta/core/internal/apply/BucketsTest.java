package io.objmeta.core.internal.apply;

import static io.objmeta.core.testing.Requests.command;
import static io.objmeta.core.testing.Requests.createBucket;
import static io.objmeta.core.testing.Requests.deleteBucket;
import static io.objmeta.core.testing.Requests.updateBucket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.ErrorCode;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** CreateBucket, GetBucket, UpdateBucket, DeleteBucket, ListBuckets: DESIGN.md "Buckets". */
class BucketsTest {
    private final CoreClient s = CoreClient.create();

    @AfterEach
    void close() {
        s.close();
    }

    @Test
    void createGetUpdateDelete() {
        s.fixture().clock(5_000);
        Bucket created = s.createBucket(createBucket("photos", Versioning.ENABLED)
                .setQuota(Quota.newBuilder().setMaxObjects(10).setMaxBytes(1000)).putLabels("team", "core"));
        assertThat(created.getName()).isEqualTo("photos");
        assertThat(created.getRevision()).isEqualTo(1);
        assertThat(created.getCreateRevision()).isEqualTo(1);
        assertThat(created.getCreatedAt()).isEqualTo(5_000);
        assertThat(created.getVersioning()).isEqualTo(Versioning.ENABLED);
        assertThat(created.getQuota()).isEqualTo(Quota.newBuilder().setMaxObjects(10).setMaxBytes(1000).build());
        assertThat(created.getUsage()).isEqualTo(Usage.getDefaultInstance());
        assertThat(created.getLabelsMap()).containsExactly(Map.entry("team", "core"));
        assertThat(s.bucket("photos")).isEqualTo(created);

        Bucket updated = s.updateBucket(updateBucket("photos").setVersioning(Versioning.SUSPENDED)
                .setQuota(Quota.newBuilder().setMaxObjects(20)));
        assertThat(updated.getRevision()).isEqualTo(2);
        assertThat(updated.getCreateRevision()).isEqualTo(1);
        assertThat(updated.getCreatedAt()).isEqualTo(5_000);
        assertThat(updated.getVersioning()).isEqualTo(Versioning.SUSPENDED);
        assertThat(updated.getQuota()).isEqualTo(Quota.newBuilder().setMaxObjects(20).build()); // replaced whole
        assertThat(s.bucket("photos")).isEqualTo(updated);

        Bucket deleted = s.deleteBucket("photos");
        assertThat(deleted.getRevision()).isEqualTo(3); // the last state, at the deletion's revision
        assertThat(deleted.getVersioning()).isEqualTo(Versioning.SUSPENDED);
        assertThat(s.revision()).isEqualTo(3);
        assertThatThrownBy(() -> s.bucket("photos")).isInstanceOfSatisfying(NoSuchBucketException.class,
                e -> assertThat(e.bucket()).isEqualTo("photos"));
    }

    @Test
    void creatingAnExistingBucketFailsAndConsumesNoRevision() {
        s.createBucket("bk1", Versioning.UNVERSIONED);
        assertThatThrownBy(() -> s.createBucket("bk1", Versioning.ENABLED))
                .isInstanceOfSatisfying(BucketAlreadyExistsException.class,
                        e -> assertThat(e.bucket()).isEqualTo("bk1"));
        assertThat(s.revision()).isEqualTo(1);
        assertThat(s.bucket("bk1").getVersioning()).isEqualTo(Versioning.UNVERSIONED);
    }

    @Test
    void updatingOrDeletingAMissingBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> s.updateBucket(updateBucket("nope").putLabels("a", "b")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s.deleteBucket("nope")).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s.put("nope", "k", "e", 1)).isInstanceOf(NoSuchBucketException.class);
        assertThat(s.revision()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}: allowed {2}")
    @CsvSource({
        "UNVERSIONED, ENABLED,     true",
        "UNVERSIONED, SUSPENDED,   true",
        "ENABLED,     SUSPENDED,   true",
        "ENABLED,     ENABLED,     true",
        "SUSPENDED,   ENABLED,     true",
        "SUSPENDED,   SUSPENDED,   true",
        "UNVERSIONED, UNVERSIONED, false",
        "ENABLED,     UNVERSIONED, false",
        "SUSPENDED,   UNVERSIONED, false",
    })
    void versioningTransitions(Versioning from, Versioning to, boolean allowed) {
        s.createBucket("bk1", from == Versioning.SUSPENDED ? Versioning.ENABLED : from);
        if (from == Versioning.SUSPENDED) {
            s.setVersioning("bk1", Versioning.SUSPENDED);
        }
        long before = s.revision();
        if (allowed) {
            assertThat(s.setVersioning("bk1", to).getVersioning()).isEqualTo(to);
            assertThat(s.revision()).isEqualTo(before + 1);
            return;
        }
        // rejected before the log, as S3 never lets a bucket go back to UNVERSIONED
        assertThatThrownBy(() -> s.setVersioning("bk1", to))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("versioning: UNVERSIONED (expected: ENABLED or SUSPENDED)");
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.bucket("bk1").getVersioning()).isEqualTo(from);
    }

    @ParameterizedTest
    @EnumSource(value = Versioning.class, names = {"ENABLED", "SUSPENDED"})
    void theStoreItselfRefusesAVersionedBucketGoingBackToUnversioned(Versioning from) {
        s.createBucket("bk1", Versioning.ENABLED);
        s.setVersioning("bk1", from);
        long before = s.revision();
        // bypass validation, as a command from an older leader might: apply has its own check
        var cmd = command(updateBucket("bk1").setVersioning(Versioning.UNVERSIONED)).toBuilder()
                .setTimestampMillis(1).build();
        CommandResult r = s.core().apply(s.core().appliedIndex() + 1, List.of(cmd)).get(0);
        assertThat(r.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(r.getError().getField()).isEqualTo("versioning");
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.bucket("bk1").getVersioning()).isEqualTo(from);
    }

    @Test
    void creatingASuspendedBucketIsInvalid() {
        assertThatThrownBy(() -> s.createBucket("bk1", Versioning.SUSPENDED))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("versioning: SUSPENDED (expected: UNVERSIONED or ENABLED)");
    }

    @Test
    void bucketExpectedRevisionIsACompareAndSwapOnTheBucketConfiguration() {
        long rev = s.createBucket("bk1", Versioning.UNVERSIONED).getRevision();
        // object writes change usage, not the bucket's revision: a configuration CAS still holds
        s.put("bk1", "k", "e", 10);
        s.put("bk1", "k2", "e", 10);
        assertThat(s.bucket("bk1").getRevision()).isEqualTo(rev);
        assertThat(s.bucket("bk1").getUsage().getObjectCount()).isEqualTo(2);

        Bucket updated = s.updateBucket(updateBucket("bk1").setExpectedRevision(rev).putLabels("env", "prod"));
        assertThat(updated.getRevision()).isEqualTo(4);

        long before = s.revision();
        String digest = s.dataDigest();
        assertThatThrownBy(() -> s.updateBucket(updateBucket("bk1").setExpectedRevision(rev).putLabels("x", "y")))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.currentRevision()).isEqualTo(4);
                    assertThat(e.failedOpIndex()).isEqualTo(-1);
                    assertThat(e).hasMessage("expectedRevision: 1 (current bucket revision: 4)");
                });
        assertThatThrownBy(() -> s.deleteBucket(deleteBucket("bk1").setExpectedRevision(0)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.currentRevision()).isEqualTo(4));
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.dataDigest()).isEqualTo(digest);

        s.delete("bk1", "k");
        s.delete("bk1", "k2");
        assertThat(s.deleteBucket(deleteBucket("bk1").setExpectedRevision(4)).getName()).isEqualTo("bk1");
    }

    @Test
    void labelsMergeAndRemoveRemovalsFirst() {
        s.createBucket(createBucket("bk1", Versioning.UNVERSIONED).putLabels("a", "1").putLabels("b", "2")
                .putLabels("c", "3"));
        Bucket b = s.updateBucket(updateBucket("bk1").putLabels("b", "20").putLabels("d", "4").addRemoveLabels("a")
                .addRemoveLabels("missing"));
        assertThat(b.getLabelsMap()).containsOnly(Map.entry("b", "20"), Map.entry("c", "3"), Map.entry("d", "4"));
        // a key both removed and set: the removal goes first, so it ends up set
        b = s.updateBucket(updateBucket("bk1").addRemoveLabels("c").putLabels("c", "30"));
        assertThat(b.getLabelsMap()).containsOnly(Map.entry("b", "20"), Map.entry("c", "30"), Map.entry("d", "4"));
        // an update without labels leaves them alone
        b = s.setVersioning("bk1", Versioning.ENABLED);
        assertThat(b.getLabelsMap()).hasSize(3);
        assertThat(s.bucket("bk1").getLabelsMap()).isEqualTo(b.getLabelsMap());
    }

    @Test
    void labelCountIsCheckedAfterTheMerge() {
        var create = createBucket("bk1", Versioning.UNVERSIONED);
        IntStream.range(0, 60).forEach(i -> create.putLabels("k" + i, "v"));
        s.createBucket(create);
        var update = updateBucket("bk1");
        IntStream.range(0, 5).forEach(i -> update.putLabels("n" + i, "v"));
        long before = s.revision();
        assertThatThrownBy(() -> s.updateBucket(update))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("labels: 65 labels after the update (expected: at most 64 labels per bucket)");
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.bucket("bk1").getLabelsCount()).isEqualTo(60);
        // removing one in the same update makes it fit
        assertThat(s.updateBucket(update.addRemoveLabels("k0")).getLabelsCount()).isEqualTo(64);
    }

    @ParameterizedTest
    @EnumSource(value = Versioning.class, names = {"UNVERSIONED", "ENABLED", "SUSPENDED"})
    void maxObjectsQuota(Versioning versioning) {
        s.createBucket("bk1", versioning == Versioning.SUSPENDED ? Versioning.ENABLED : versioning);
        if (versioning == Versioning.SUSPENDED) {
            s.setVersioning("bk1", Versioning.SUSPENDED);
        }
        s.updateBucket(updateBucket("bk1").setQuota(Quota.newBuilder().setMaxObjects(2)));
        s.put("bk1", "a", "e", 1);
        s.put("bk1", "b", "e", 1);
        long before = s.revision();
        assertThatThrownBy(() -> s.put("bk1", "c", "e", 1))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.bucket()).isEqualTo("bk1");
                    assertThat(e.quotaField()).isEqualTo("maxObjects");
                    assertThat(e.limit()).isEqualTo(2);
                    assertThat(e).hasMessage("bucket \"bk1\": quota.maxObjects 2 exceeded");
                });
        assertThat(s.revision()).isEqualTo(before);
        if (versioning == Versioning.ENABLED) {
            // every PUT adds a version, which counts
            assertThatThrownBy(() -> s.put("bk1", "a", "e2", 1)).isInstanceOf(QuotaExceededException.class);
            // delete markers do not count: a DELETE at the limit succeeds
            assertThat(s.delete("bk1", "a").getIsDeleteMarker()).isTrue();
            assertThat(s.bucket("bk1").getUsage().getObjectCount()).isEqualTo(2);
        } else {
            // an overwrite replaces the null version: the count does not grow
            s.put("bk1", "a", "e2", 1);
            s.delete("bk1", "a");
            s.put("bk1", "c", "e", 1);
            assertThat(s.bucket("bk1").getUsage().getObjectCount()).isEqualTo(2);
        }
        // lifting the quota (0 = unlimited) lets writes through
        s.updateBucket(updateBucket("bk1").setQuota(Quota.getDefaultInstance()));
        s.put("bk1", "z", "e", 1);
    }

    @Test
    void maxBytesQuotaCountsEveryStoredVersionButNotDeleteMarkers() {
        s.createBucket(createBucket("bk1", Versioning.ENABLED).setQuota(Quota.newBuilder().setMaxBytes(100)));
        s.put("bk1", "a", "e1", 60);
        assertThatThrownBy(() -> s.put("bk1", "a", "e2", 41))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.quotaField()).isEqualTo("maxBytes");
                    assertThat(e.limit()).isEqualTo(100);
                });
        s.put("bk1", "a", "e2", 40); // exactly at the limit
        assertThat(s.bucket("bk1").getUsage().getBytesUsed()).isEqualTo(100);
        s.delete("bk1", "a"); // a marker: no bytes
        assertThat(s.bucket("bk1").getUsage()).isEqualTo(Usage.newBuilder().setObjectCount(2).setBytesUsed(100)
                .build());
        assertThatThrownBy(() -> s.put("bk1", "b", "e", 1)).isInstanceOf(QuotaExceededException.class);
        // removing a version permanently frees its bytes
        String oldest = s.core().listObjectVersions(io.objmeta.api.proto.ListObjectVersionsRequest.newBuilder()
                .setBucket("bk1").build()).getVersions(2).getVersionId();
        s.deleteVersion("bk1", "a", oldest);
        assertThat(s.bucket("bk1").getUsage().getBytesUsed()).isEqualTo(40);
        s.put("bk1", "b", "e", 60);
    }

    @Test
    void lowerQuotaThanUsageStillAllowsWritesThatDoNotGrow() {
        s.createBucket("bk1", Versioning.UNVERSIONED);
        s.put("bk1", "a", "e", 50);
        s.put("bk1", "b", "e", 50);
        s.updateBucket(updateBucket("bk1").setQuota(Quota.newBuilder().setMaxObjects(1).setMaxBytes(10)));
        s.put("bk1", "a", "e2", 5);  // shrinks bytes, keeps the count
        s.delete("bk1", "b");        // frees
        assertThatThrownBy(() -> s.put("bk1", "a", "e3", 11)).isInstanceOf(QuotaExceededException.class);
        assertThat(s.bucket("bk1").getUsage()).isEqualTo(Usage.newBuilder().setObjectCount(1).setBytesUsed(5)
                .build());
    }

    @ParameterizedTest
    @EnumSource(value = Versioning.class, names = {"UNVERSIONED", "ENABLED", "SUSPENDED"})
    void usageIsExactThroughOverwritesDeletesAndVersions(Versioning versioning) {
        s.createBucket("bk1", versioning == Versioning.SUSPENDED ? Versioning.ENABLED : versioning);
        if (versioning == Versioning.SUSPENDED) {
            s.put("bk1", "kept", "e", 1000); // a versioned version, kept through suspension
            s.setVersioning("bk1", Versioning.SUSPENDED);
        }
        long baseObjects = versioning == Versioning.SUSPENDED ? 1 : 0;
        long baseBytes = versioning == Versioning.SUSPENDED ? 1000 : 0;
        s.put("bk1", "a", "e1", 10);
        s.put("bk1", "a", "e2", 20);
        s.put("bk1", "b", "e1", 5);
        s.delete("bk1", "b");
        s.delete("bk1", "never-existed");
        Usage u = s.bucket("bk1").getUsage();
        switch (versioning) {
            case UNVERSIONED, SUSPENDED -> // one version of a (20); b removed (or hidden by a null marker)
                    assertThat(u).isEqualTo(usage(baseObjects + 1, baseBytes + 20));
            case ENABLED -> // a: 10 + 20, b: 5, plus two markers that do not count
                    assertThat(u).isEqualTo(usage(3, 35));
            default -> throw new AssertionError(versioning);
        }
        assertThat(s.core().verify()).isEmpty(); // the counters equal the versions really stored
    }

    private static Usage usage(long objects, long bytes) {
        return Usage.newBuilder().setObjectCount(objects).setBytesUsed(bytes).build();
    }

    @Test
    void deletingABucketWithVersionsFails() {
        s.createBucket("bk1", Versioning.UNVERSIONED);
        s.put("bk1", "k", "e", 1);
        assertThatThrownBy(() -> s.deleteBucket("bk1")).isInstanceOfSatisfying(BucketNotEmptyException.class,
                e -> assertThat(e.bucket()).isEqualTo("bk1"));
        s.delete("bk1", "k");
        s.deleteBucket("bk1");
    }

    @Test
    void deletingABucketHoldingOnlyADeleteMarkerFails() {
        s.createBucket("bk1", Versioning.ENABLED);
        String v = s.put("bk1", "k", "e", 1).getVersionId();
        s.deleteVersion("bk1", "k", v);
        String marker = s.delete("bk1", "k").getVersionId(); // a marker on a key with no versions
        assertThat(s.bucket("bk1").getUsage()).isEqualTo(Usage.getDefaultInstance());
        long before = s.revision();
        assertThatThrownBy(() -> s.deleteBucket("bk1")).isInstanceOf(BucketNotEmptyException.class);
        assertThat(s.revision()).isEqualTo(before);
        s.deleteVersion("bk1", "k", marker);
        s.deleteBucket("bk1");
    }

    @Test
    void deletingABucketWithAnUploadInProgressFails() {
        s.createBucket("bk1", Versioning.UNVERSIONED);
        String upload = s.createUpload("bk1", "k");
        assertThatThrownBy(() -> s.deleteBucket("bk1")).isInstanceOf(BucketNotEmptyException.class);
        s.abort("bk1", upload);
        s.deleteBucket("bk1");
    }

    @Test
    void aRecreatedBucketStartsEmpty() {
        s.createBucket("bk1", Versioning.ENABLED);
        s.createBucket("bk2", Versioning.UNVERSIONED);
        s.put("bk2", "k", "e", 1); // a neighbour's rows must not make b1 look non-empty
        s.deleteBucket("bk1");
        Bucket again = s.createBucket("bk1", Versioning.UNVERSIONED);
        assertThat(again.getCreateRevision()).isEqualTo(5);
        assertThat(again.getVersioning()).isEqualTo(Versioning.UNVERSIONED);
        s.put("bk1", "k", "e", 1);
        s.delete("bk1", "k");
        assertThatThrownBy(() -> s.get("bk1", "k")).isInstanceOf(NoSuchKeyException.class);
        assertThat(s.list(ListObjectsRequest.newBuilder().setBucket("bk1")).getKeyCount()).isZero();
        s.deleteBucket("bk1");
        assertThat(s.get("bk2", "k").getEtag()).isEqualTo("e");
    }

    @Test
    void listBucketsPagesByPrefixAndToken() {
        List<String> names = List.of("alpha", "beta-1", "beta-2", "beta-3", "beta.x", "betb", "gamma");
        for (int i = names.size() - 1; i >= 0; i--) { // created out of order, listed in order
            s.createBucket(names.get(i), Versioning.UNVERSIONED);
        }
        assertThat(s.listBuckets(ListBucketsRequest.newBuilder()).getBucketsList())
                .extracting(Bucket::getName).containsExactlyElementsOf(names);

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListBucketsResponse page = s.listBuckets(ListBucketsRequest.newBuilder().setPrefix("beta")
                    .setMaxBuckets(2).setContinuationToken(token));
            assertThat(page.getBucketsCount()).isLessThanOrEqualTo(2);
            page.getBucketsList().forEach(b -> seen.add(b.getName()));
            assertThat(page.getNextContinuationToken().isEmpty()).isEqualTo(!page.getIsTruncated());
            token = page.getNextContinuationToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);
        assertThat(seen).containsExactly("beta-1", "beta-2", "beta-3", "beta.x");
        assertThat(pages).isEqualTo(2); // exactly full pages end without an empty extra page

        ListBucketsResponse empty = s.listBuckets(ListBucketsRequest.newBuilder().setMaxBuckets(0));
        assertThat(empty.getBucketsCount()).isZero();
        assertThat(s.listBuckets(ListBucketsRequest.newBuilder().setPrefix("zzz")).getBucketsCount()).isZero();
        assertThat(s.listBuckets(ListBucketsRequest.newBuilder().setMaxBuckets(5000)).getBucketsCount())
                .isEqualTo(names.size());
        assertThatThrownBy(() -> s.listBuckets(ListBucketsRequest.newBuilder().setContinuationToken("%%")))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("continuationToken"));
    }

    @Test
    void listedBucketsCarryTheirUsage() {
        s.createBucket("bk1", Versioning.UNVERSIONED);
        s.put("bk1", "a", "e", 7);
        Map<String, Long> bytes = s.listBuckets(ListBucketsRequest.newBuilder()).getBucketsList().stream()
                .collect(Collectors.toMap(Bucket::getName, b -> b.getUsage().getBytesUsed()));
        assertThat(bytes).containsExactly(Map.entry("bk1", 7L));
    }
}
