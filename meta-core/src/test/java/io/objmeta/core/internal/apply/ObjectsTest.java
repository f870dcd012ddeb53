package io.objmeta.core.internal.apply;

import static io.objmeta.core.testing.Requests.complete;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.location;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.objmeta.api.ConflictException;
import io.objmeta.api.Ids;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PutObject, GetObject, DeleteObject with S3 versioning and optimistic CAS: DESIGN.md "Objects and versions". */
class ObjectsTest {
    private final CoreClient s = CoreClient.create();

    @AfterEach
    void close() {
        s.close();
    }

    /** Versions of a key as "versionId:etag" (markers as "versionId:marker"), newest first. */
    private List<String> versions(String bucket, String key) {
        List<String> out = new ArrayList<>();
        for (ObjectSummary v : s.versions(ListObjectVersionsRequest.newBuilder().setBucket(bucket).setPrefix(key))
                .getVersionsList()) {
            if (v.getKey().equals(key)) {
                out.add(v.getVersionId() + ":" + (v.getIsDeleteMarker() ? "marker" : v.getEtag()));
            }
        }
        return out;
    }

    private List<GarbageItem> garbage() {
        return s.garbage(0, 1000).getItemsList();
    }

    @Test
    void aVersionKeepsWhatWasPut() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.fixture().clock(42_000);
        s.put(put("bkt", "dir/a.txt", "\"abc\"", 123).setContentType("text/plain")
                .putUserMetadata("color", "blue").putUserMetadata("x-y", "é"));
        ObjectVersion v = s.get("bkt", "dir/a.txt");
        assertThat(v.getKey()).isEqualTo("dir/a.txt");
        assertThat(v.getVersionId()).isEqualTo("null");
        assertThat(v.getRevision()).isEqualTo(2);
        assertThat(v.getSize()).isEqualTo(123);
        assertThat(v.getEtag()).isEqualTo("\"abc\"");
        assertThat(v.getContentType()).isEqualTo("text/plain");
        assertThat(v.getLastModified()).isEqualTo(42_000);
        assertThat(v.getUserMetadataMap()).containsOnly(Map.entry("color", "blue"), Map.entry("x-y", "é"));
        assertThat(v.getStorageClass()).isEqualTo("STANDARD");
        assertThat(v.getLocation()).isEqualTo(location("bkt/dir/a.txt:\"abc\""));
        assertThat(v.getIsDeleteMarker()).isFalse();
        assertThat(v.getPartsCount()).isZero();
        s.put(put("bkt", "cold", "e", 1).setStorageClass("GLACIER_IR"));
        assertThat(s.get("bkt", "cold").getStorageClass()).isEqualTo("GLACIER_IR");
    }

    @Test
    void unversionedKeepsOneNullVersionAndAnOverwriteIsGarbage() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        PutObjectResponse first = s.put("bkt", "k", "e1", 10);
        assertThat(first.getVersionId()).isEqualTo("null");
        assertThat(first.getRevision()).isEqualTo(2);
        PutObjectResponse second = s.put("bkt", "k", "e2", 20);
        assertThat(second.getVersionId()).isEqualTo("null");
        assertThat(second.getRevision()).isEqualTo(3);
        assertThat(versions("bkt", "k")).containsExactly("null:e2");
        assertThat(s.get("bkt", "k").getEtag()).isEqualTo("e2");
        assertThat(s.get("bkt", "k", "null").getEtag()).isEqualTo("e2");
        assertThat(garbage()).containsExactly(GarbageItem.newBuilder().setRevision(3).setBucket("bkt").setKey("k")
                .setVersionId("null").setLocation(location("bkt/k:e1")).setSize(10).build());

        DeleteObjectResponse d = s.delete("bkt", "k");
        assertThat(d.getRevision()).isEqualTo(4);
        assertThat(d.getVersionId()).isEqualTo("null"); // the version removed
        assertThat(d.getIsDeleteMarker()).isFalse();
        assertThat(versions("bkt", "k")).isEmpty();
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
            assertThat(e.isDeleteMarker()).isFalse();
            assertThat(e.versionId()).isEmpty();
            assertThat(e.bucket()).isEqualTo("bkt");
            assertThat(e.key()).isEqualTo("k");
        });
        assertThat(garbage()).extracting(GarbageItem::getRevision).containsExactly(3L, 4L);
    }

    @Test
    void deletingAMissingKeyInAnUnversionedBucketSucceedsAndChangesNothing() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.put("bkt", "other", "e", 1);
        String digest = s.dataDigest();
        DeleteObjectResponse d = s.delete("bkt", "missing");
        assertThat(d.getRevision()).isEqualTo(2); // the store's revision: no new one
        assertThat(d.getVersionId()).isEmpty();
        assertThat(d.getIsDeleteMarker()).isFalse();
        assertThat(s.revision()).isEqualTo(2);
        assertThat(s.dataDigest()).isEqualTo(digest);
        assertThat(s.changes(1)).hasSize(2); // no change was published
    }

    @Test
    void enabledAddsAVersionPerPutAndAMarkerPerDelete() {
        s.createBucket("bkt", Versioning.ENABLED);
        String v1 = s.put("bkt", "k", "e1", 10).getVersionId();
        String v2 = s.put("bkt", "k", "e2", 20).getVersionId();
        assertThat(v1).isEqualTo(Ids.versionId(2));
        assertThat(v2).isEqualTo(Ids.versionId(3));
        assertThat(s.get("bkt", "k").getVersionId()).isEqualTo(v2);
        assertThat(s.get("bkt", "k", v1).getEtag()).isEqualTo("e1");
        assertThat(garbage()).isEmpty(); // nothing released

        DeleteObjectResponse marker = s.delete("bkt", "k");
        assertThat(marker.getIsDeleteMarker()).isTrue();
        assertThat(marker.getRevision()).isEqualTo(4);
        assertThat(marker.getVersionId()).isEqualTo(Ids.versionId(4));
        assertThat(versions("bkt", "k")).containsExactly(marker.getVersionId() + ":marker", v2 + ":e2", v1 + ":e1");
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
            assertThat(e.isDeleteMarker()).isTrue();
            assertThat(e.versionId()).isEqualTo(marker.getVersionId());
            assertThat(e).hasMessageContaining("delete marker");
        });
        // GET of the marker itself says so too; older versions stay readable
        assertThatThrownBy(() -> s.get("bkt", "k", marker.getVersionId()))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.isDeleteMarker()).isTrue());
        assertThat(s.get("bkt", "k", v2).getEtag()).isEqualTo("e2");
        assertThat(s.list(ListObjectsRequest.newBuilder().setBucket("bkt")).getContentsList()).isEmpty();

        // a second DELETE stacks another marker
        DeleteObjectResponse again = s.delete("bkt", "k");
        assertThat(again.getVersionId()).isEqualTo(Ids.versionId(5));
        assertThat(versions("bkt", "k")).hasSize(4);
    }

    @Test
    void deletingAMissingKeyInAnEnabledBucketAddsAMarker() {
        s.createBucket("bkt", Versioning.ENABLED);
        DeleteObjectResponse d = s.delete("bkt", "ghost");
        assertThat(d.getIsDeleteMarker()).isTrue();
        assertThat(d.getRevision()).isEqualTo(2);
        assertThat(versions("bkt", "ghost")).containsExactly(Ids.versionId(2) + ":marker");
    }

    @Test
    void suspendedReplacesTheNullVersionAndKeepsVersionedOnes() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.put("bkt", "k", "n0", 1);                                   // null (from the unversioned days)
        s.setVersioning("bkt", Versioning.ENABLED);
        String v1 = s.put("bkt", "k", "e1", 10).getVersionId();      // versioned, newer than the null one
        assertThat(versions("bkt", "k")).containsExactly(v1 + ":e1", "null:n0");
        s.setVersioning("bkt", Versioning.SUSPENDED);

        PutObjectResponse p = s.put("bkt", "k", "s1", 100);
        assertThat(p.getVersionId()).isEqualTo("null");
        // the old null version (older than v1) is gone; v1 is kept; the new null version is the latest
        assertThat(versions("bkt", "k")).containsExactly("null:s1", v1 + ":e1");
        assertThat(garbage()).extracting(GarbageItem::getVersionId, GarbageItem::getLocation)
                .containsExactly(tuple("null", location("bkt/k:n0")));

        s.put("bkt", "k", "s2", 200);
        assertThat(versions("bkt", "k")).containsExactly("null:s2", v1 + ":e1");

        // DELETE puts a null marker in place of the null version
        DeleteObjectResponse d = s.delete("bkt", "k");
        assertThat(d.getIsDeleteMarker()).isTrue();
        assertThat(d.getVersionId()).isEqualTo("null");
        assertThat(versions("bkt", "k")).containsExactly("null:marker", v1 + ":e1");
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
            assertThat(e.isDeleteMarker()).isTrue();
            assertThat(e.versionId()).isEqualTo("null");
        });
        // and a PUT replaces the null marker
        s.put("bkt", "k", "s3", 300);
        assertThat(versions("bkt", "k")).containsExactly("null:s3", v1 + ":e1");
        assertThat(s.bucket("bkt").getUsage().getObjectCount()).isEqualTo(2);
        assertThat(s.bucket("bkt").getUsage().getBytesUsed()).isEqualTo(310);
        assertThat(garbage()).extracting(GarbageItem::getLocation)
                .containsExactly(location("bkt/k:n0"), location("bkt/k:s1"), location("bkt/k:s2"));

        // back to ENABLED: versions are added again, the null version is kept among them
        s.setVersioning("bkt", Versioning.ENABLED);
        String v2 = s.put("bkt", "k", "e2", 1).getVersionId();
        assertThat(versions("bkt", "k")).containsExactly(v2 + ":e2", "null:s3", v1 + ":e1");
    }

    @Test
    void suspendedDeleteOfAMissingKeyAddsANullMarker() {
        s.createBucket("bkt", Versioning.ENABLED);
        s.setVersioning("bkt", Versioning.SUSPENDED);
        DeleteObjectResponse d = s.delete("bkt", "ghost");
        assertThat(d.getIsDeleteMarker()).isTrue();
        assertThat(d.getVersionId()).isEqualTo("null");
        assertThat(versions("bkt", "ghost")).containsExactly("null:marker");
    }

    @Test
    void deleteWithVersionIdRemovesThatVersionAndThePreviousBecomesLatest() {
        s.createBucket("bkt", Versioning.ENABLED);
        String v1 = s.put("bkt", "k", "e1", 10).getVersionId();
        String v2 = s.put("bkt", "k", "e2", 20).getVersionId();
        String v3 = s.put("bkt", "k", "e3", 30).getVersionId();

        DeleteObjectResponse middle = s.deleteVersion("bkt", "k", v2);
        assertThat(middle.getVersionId()).isEqualTo(v2);
        assertThat(middle.getIsDeleteMarker()).isFalse();
        assertThat(middle.getRevision()).isEqualTo(5);
        assertThat(versions("bkt", "k")).containsExactly(v3 + ":e3", v1 + ":e1");

        s.deleteVersion("bkt", "k", v3); // the latest
        assertThat(s.get("bkt", "k").getVersionId()).isEqualTo(v1);
        assertThat(garbage()).extracting(GarbageItem::getVersionId, GarbageItem::getSize)
                .containsExactly(tuple(v2, 20L),
                        tuple(v3, 30L));
        assertThat(s.bucket("bkt").getUsage().getBytesUsed()).isEqualTo(10);

        assertThatThrownBy(() -> s.deleteVersion("bkt", "k", v3))
                .isInstanceOfSatisfying(NoSuchVersionException.class, e -> {
                    assertThat(e.versionId()).isEqualTo(v3);
                    assertThat(e.key()).isEqualTo("k");
                });
        assertThatThrownBy(() -> s.deleteVersion("bkt", "k", "null")).isInstanceOf(NoSuchVersionException.class);
        assertThatThrownBy(() -> s.deleteVersion("bkt", "k", "not-an-id")).isInstanceOf(NoSuchVersionException.class);
        // a versionId of another key's version is no version of this key
        String other = s.put("bkt", "other", "e", 1).getVersionId();
        assertThatThrownBy(() -> s.deleteVersion("bkt", "k", other)).isInstanceOf(NoSuchVersionException.class);
        assertThatThrownBy(() -> s.get("bkt", "k", other)).isInstanceOf(NoSuchVersionException.class);
    }

    @Test
    void deletingTheDeleteMarkerUndeletes() {
        s.createBucket("bkt", Versioning.ENABLED);
        String v1 = s.put("bkt", "k", "e1", 10).getVersionId();
        String marker = s.delete("bkt", "k").getVersionId();
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOf(NoSuchKeyException.class);

        DeleteObjectResponse d = s.deleteVersion("bkt", "k", marker);
        assertThat(d.getVersionId()).isEqualTo(marker);
        assertThat(d.getIsDeleteMarker()).isTrue(); // S3: x-amz-delete-marker on removing a marker
        assertThat(s.get("bkt", "k").getVersionId()).isEqualTo(v1);
        assertThat(garbage()).isEmpty(); // a marker has no bytes
        assertThat(s.list(ListObjectsRequest.newBuilder().setBucket("bkt")).getContentsList())
                .extracting(ObjectSummary::getKey).containsExactly("k");
    }

    @Test
    void theNullVersionOfAnUnversionedPastCanBeDeletedById() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.put("bkt", "k", "n0", 5);
        s.setVersioning("bkt", Versioning.ENABLED);
        String v1 = s.put("bkt", "k", "e1", 7).getVersionId();
        assertThat(s.get("bkt", "k", "null").getEtag()).isEqualTo("n0");
        assertThat(s.deleteVersion("bkt", "k", "null").getVersionId()).isEqualTo("null");
        assertThat(versions("bkt", "k")).containsExactly(v1 + ":e1");
        assertThat(s.bucket("bkt").getUsage().getBytesUsed()).isEqualTo(7);
    }

    /**
     * CAS on the live current version: {@code state} is what the key holds, {@code condition} what the write
     * expects ({@code rev=<n>} with {@code LIVE} for the live version's revision, or {@code etag=<e>}).
     */
    @ParameterizedTest(name = "{0} on a key that is {1}, expecting {2}: ok={3}")
    @CsvSource({
        "put,    absent,  rev=0,     true",
        "put,    live,    rev=0,     false",
        "put,    marker,  rev=0,     true",
        "put,    live,    rev=LIVE,  true",
        "put,    live,    rev=1,     false",
        "put,    absent,  rev=7,     false",
        "put,    live,    etag=e1,   true",
        "put,    live,    etag=zz,   false",
        "put,    absent,  etag=e1,   false",
        "put,    marker,  etag=e1,   false",
        "delete, live,    rev=LIVE,  true",
        "delete, live,    rev=2,     false",
        "delete, live,    rev=0,     false",
        "delete, absent,  rev=0,     true",
        "delete, marker,  rev=0,     true",
        "delete, live,    etag=e1,   true",
        "delete, absent,  etag=e1,   false",
    })
    void conditions(String write, String state, String condition, boolean ok) {
        s.createBucket("bkt", Versioning.ENABLED);
        s.put("bkt", "filler", "f", 1);
        long live = 0;
        if (!state.equals("absent")) {
            s.put("bkt", "k", "old", 1);
            live = s.put("bkt", "k", "e1", 1).getRevision();
            if (state.equals("marker")) {
                s.delete("bkt", "k");
                live = 0;
            }
        }
        String[] c = condition.split("=", 2);
        var p = put("bkt", "k", "new", 1);
        var d = delete("bkt", "k");
        if (c[0].equals("rev")) {
            long expected = c[1].equals("LIVE") ? live : Long.parseLong(c[1]);
            p.setExpectedRevision(expected);
            d.setExpectedRevision(expected);
        } else {
            p.setExpectedEtag(c[1]);
            d.setExpectedEtag(c[1]);
        }
        long before = s.revision();
        String digest = s.dataDigest();
        Runnable attempt = write.equals("put") ? () -> s.put(p) : () -> s.delete(d);
        if (ok) {
            attempt.run();
            assertThat(s.revision()).isEqualTo(before + 1);
            return;
        }
        long current = live;
        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.currentRevision()).isEqualTo(current);
            assertThat(e.failedOpIndex()).isEqualTo(-1);
        });
        // a failed condition changes nothing and consumes no revision
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.dataDigest()).isEqualTo(digest);
    }

    @Test
    void conflictMessagesNameTheConditionAndTheCurrentState() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.put("bkt", "k", "e1", 1);
        assertThatThrownBy(() -> s.put(put("bkt", "k", "e2", 1).setExpectedRevision(0)))
                .hasMessage("expectedRevision: 0 (current revision: 2)");
        assertThatThrownBy(() -> s.put(put("bkt", "k", "e2", 1).setExpectedEtag("zz")))
                .hasMessage("expectedEtag: \"zz\" (current etag: \"e1\")");
        assertThatThrownBy(() -> s.delete(delete("bkt", "nope").setExpectedEtag("zz")))
                .hasMessage("expectedEtag: \"zz\" (current etag: none, the key has no live version)");
    }

    @Test
    void casReadModifyWriteLoop() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        long rev = s.put(put("bkt", "counter", "0", 1).setExpectedRevision(0)).getRevision();
        for (int i = 1; i <= 5; i++) {
            ObjectVersion cur = s.get("bkt", "counter");
            assertThat(cur.getRevision()).isEqualTo(rev);
            rev = s.put(put("bkt", "counter", String.valueOf(i), 1).setExpectedRevision(cur.getRevision()))
                    .getRevision();
            long stale = cur.getRevision();
            assertThatThrownBy(() -> s.put(put("bkt", "counter", "lost", 1).setExpectedRevision(stale)))
                    .isInstanceOfSatisfying(ConflictException.class,
                            e -> assertThat(e.currentRevision()).isEqualTo(s.get("bkt", "counter").getRevision()));
        }
        assertThat(s.get("bkt", "counter").getEtag()).isEqualTo("5");
    }

    @Test
    void revisionsStrictlyIncreaseAcrossEveryKindOfWriteAndFailuresConsumeNone() {
        List<Long> revisions = new ArrayList<>();
        revisions.add(s.createBucket("bkt", Versioning.ENABLED).getRevision());
        revisions.add(s.put("bkt", "a", "e", 1).getRevision());
        assertThatThrownBy(() -> s.put(put("bkt", "a", "e", 1).setExpectedRevision(0)))
                .isInstanceOf(ConflictException.class);
        revisions.add(s.delete("bkt", "a").getRevision());
        revisions.add(s.setVersioning("bkt", Versioning.SUSPENDED).getRevision());
        revisions.add(s.txn(op(put("bkt", "t1")),
                op(put("bkt", "t2"))).getRevision());
        String upload = s.createUpload("bkt", "mp");
        revisions.add(Ids.revisionOfUploadId(upload).orElseThrow());
        revisions.add(s.uploadPart("bkt", upload, 1, 5, "p1"));
        assertThatThrownBy(() -> s.createBucket("bkt", Versioning.ENABLED)).isInstanceOf(RuntimeException.class);
        revisions.add(s.complete(complete("bkt", upload, 1, "p1")).getRevision());
        String upload2 = s.createUpload("bkt", "mp2");
        revisions.add(Ids.revisionOfUploadId(upload2).orElseThrow());
        revisions.add(s.abort("bkt", upload2));
        revisions.add(s.deleteVersion("bkt", "a", Ids.versionId(2)).getRevision());
        assertThat(revisions).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(s.revision()).isEqualTo(11);
        assertThat(s.ackGarbage(11)).isPositive(); // housekeeping: no revision
        assertThat(s.revision()).isEqualTo(11);
    }

    @Test
    void versionIdsAreDerivedFromTheRevision() {
        s.createBucket("bkt", Versioning.ENABLED);
        for (int i = 0; i < 20; i++) {
            PutObjectResponse r = s.put("bkt", "k" + (i % 3), "e", 1);
            assertThat(r.getVersionId()).isEqualTo(Ids.versionId(r.getRevision()));
            assertThat(s.get("bkt", "k" + (i % 3)).getRevision()).isEqualTo(r.getRevision());
        }
    }

    /**
     * Change rows of object writes are written without serializing the version twice: the stored bytes must still be
     * exactly what {@code Change.toByteArray()} writes (the same bytes on every replica, whoever re-encodes them).
     */
    @Test
    void changeRowsAreTheCanonicalEncodingOfTheirChange() throws Exception {
        s.createBucket("unv", Versioning.UNVERSIONED);
        s.createBucket("ver", Versioning.ENABLED);
        s.fixture().clock(1_700_000_000_000L);
        s.put(put("unv", "k", "\"1\"", 10).putUserMetadata("a", "b").putUserMetadata("c", "é"));
        s.put(put("unv", "k", "\"2\"", 20)); // overwrite: the old version to garbage
        s.delete("unv", "k");
        s.put(put("ver", "k", "\"3\"", 30));
        s.delete("ver", "k"); // a delete marker
        java.io.ByteArrayOutputStream dump = new java.io.ByteArrayOutputStream();
        s.core().dumpCanonical(dump);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(dump.toByteArray());
        int withVersion = 0;
        while (in.hasRemaining()) {
            String db = new String(field(in), java.nio.charset.StandardCharsets.UTF_8);
            field(in);
            byte[] value = field(in);
            if (db.equals("changes")) {
                io.objmeta.api.proto.Change c = io.objmeta.api.proto.Change.parseFrom(value);
                assertThat(c.toByteArray()).as("change %s", c).isEqualTo(value);
                withVersion += c.hasVersion() ? 1 : 0;
            }
        }
        assertThat(withVersion).isEqualTo(5);
    }

    private static byte[] field(java.nio.ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return b;
    }
}
