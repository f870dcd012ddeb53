package io.objmeta.core.internal.apply;

import static io.objmeta.core.testing.Requests.complete;
import static io.objmeta.core.testing.Requests.location;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.uploadPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.objmeta.api.ConflictException;
import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import io.objmeta.core.testing.Requests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multipart uploads: S3's rules, the composite etag, garbage for every part no object references. */
class MultipartTest {
    private final CoreClient s = CoreClient.create(); // minimum part size: 5 bytes

    @AfterEach
    void close() {
        s.close();
    }

    private static String md5Hex(String content) {
        return HexFormat.of().formatHex(md5().digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** S3's multipart etag, computed here from scratch: hex(md5(md5(part1) || md5(part2) || ...)) + "-N". */
    private static String s3MultipartEtag(String... partEtags) {
        ByteArrayOutputStream concat = new ByteArrayOutputStream();
        for (String e : partEtags) {
            concat.writeBytes(HexFormat.of().parseHex(e));
        }
        return HexFormat.of().formatHex(md5().digest(concat.toByteArray())) + "-" + partEtags.length;
    }

    private List<GarbageItem> garbage() {
        return s.garbage(0, 1000).getItemsList();
    }

    @Test
    void createUploadPartsComplete() {
        s.createBucket("bkt", Versioning.ENABLED);
        s.fixture().clock(10_000);
        String uploadId = s.apply(Requests.createUpload("bkt", "big/file.bin").setContentType("application/zip")
                .putUserMetadata("owner", "ann").setStorageClass("STANDARD_IA")).getCreateMultipartUpload()
                .getUploadId();
        assertThat(uploadId).isEqualTo(Ids.uploadId(2));
        String e1 = md5Hex("part one");
        String e2 = md5Hex("part two");
        String e3 = md5Hex("3");
        s.uploadPart("bkt", uploadId, 1, 5, e1);
        s.uploadPart("bkt", uploadId, 2, 6, e2);
        s.uploadPart("bkt", uploadId, 3, 1, e3); // the last part may be small

        ObjectVersion v = s.complete(complete("bkt", uploadId, 1, e1, 2, e2, 3, e3));
        assertThat(v.getRevision()).isEqualTo(6);
        assertThat(v.getVersionId()).isEqualTo(Ids.versionId(6));
        assertThat(v.getKey()).isEqualTo("big/file.bin");
        assertThat(v.getSize()).isEqualTo(12);
        assertThat(v.getEtag()).isEqualTo(s3MultipartEtag(e1, e2, e3)).endsWith("-3");
        assertThat(v.getContentType()).isEqualTo("application/zip");
        assertThat(v.getUserMetadataMap()).containsExactly(Map.entry("owner", "ann"));
        assertThat(v.getStorageClass()).isEqualTo("STANDARD_IA");
        assertThat(v.getLocation().isEmpty()).isTrue(); // the bytes are where the parts are
        assertThat(v.getPartsList()).extracting(Part::getPartNumber, Part::getSize, Part::getEtag, Part::getLocation)
                .containsExactly(tuple(1, 5L, e1, location("part:" + uploadId + ":1:" + e1)),
                        tuple(2, 6L, e2, location("part:" + uploadId + ":2:" + e2)),
                        tuple(3, 1L, e3, location("part:" + uploadId + ":3:" + e3)));
        assertThat(s.get("bkt", "big/file.bin")).isEqualTo(v);
        assertThat(s.bucket("bkt").getUsage().getBytesUsed()).isEqualTo(12);
        assertThat(garbage()).isEmpty(); // every part is referenced by the object

        List<Change> changes = s.changes(2);
        assertThat(changes).extracting(Change::getType).containsExactly(ChangeType.UPLOAD_CREATED,
                ChangeType.PART_UPLOADED, ChangeType.PART_UPLOADED, ChangeType.PART_UPLOADED,
                ChangeType.UPLOAD_COMPLETED);
        assertThat(changes.get(4).getUploadId()).isEqualTo(uploadId);
        assertThat(changes.get(4).getVersion()).isEqualTo(v);

        // the upload is gone
        assertThatThrownBy(() -> s.uploadPart("bkt", uploadId, 4, 5, e1)).isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.complete(complete("bkt", uploadId, 1, e1)))
                .isInstanceOf(NoSuchUploadException.class);
        assertThat(s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt")).getUploadsCount()).isZero();
    }

    @Test
    void compositeEtagIgnoresQuotesAndHashesNonHexEtagsAsText() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        String e1 = md5Hex("a");
        s.uploadPart("bkt", u, 1, 5, "\"" + e1 + "\""); // S3 clients send etags quoted and unquoted
        s.uploadPart("bkt", u, 2, 5, "sha-like-etag");
        ObjectVersion v = s.complete(complete("bkt", u, 1, e1, 2, "\"sha-like-etag\""));
        // quoted as S3 returns it, because the parts were sent quoted
        assertThat(v.getEtag()).isEqualTo("\"" + s3MultipartEtag(e1, md5Hex("sha-like-etag")) + "\"");
        String u2 = s.createUpload("bkt", "k2");
        s.uploadPart("bkt", u2, 1, 5, e1);
        assertThat(s.complete(complete("bkt", u2, 1, e1)).getEtag()).isEqualTo(s3MultipartEtag(e1));
    }

    @Test
    void reuploadingAPartReplacesItAndTheOldBytesAreGarbage() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 5, "old");
        long rev = s.uploadPart("bkt", u, 1, 7, "new");
        assertThat(garbage()).containsExactly(GarbageItem.newBuilder().setRevision(rev).setBucket("bkt").setKey("k")
                .setUploadId(u).setPartNumber(1).setLocation(location("part:" + u + ":1:old")).setSize(5).build());
        ListPartsResponse parts = s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u));
        assertThat(parts.getPartsList()).extracting(Part::getSize, Part::getEtag, Part::getRevision)
                .containsExactly(tuple(7L, "new", rev));
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "old")))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("parts[0].etag"));
        assertThat(s.complete(complete("bkt", u, 1, "new")).getSize()).isEqualTo(7);
    }

    @Test
    void partsNotNamedInTheCompletionAreGarbage() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        for (int p = 1; p <= 4; p++) {
            s.uploadPart("bkt", u, p, 5, "e" + p);
        }
        ObjectVersion v = s.complete(complete("bkt", u, 1, "e1", 3, "e3"));
        assertThat(v.getPartsList()).extracting(Part::getPartNumber).containsExactly(1, 3);
        assertThat(v.getEtag()).endsWith("-2");
        assertThat(v.getSize()).isEqualTo(10);
        assertThat(garbage()).extracting(GarbageItem::getRevision, GarbageItem::getPartNumber,
                GarbageItem::getLocation).containsExactly(
                tuple(v.getRevision(), 2, location("part:" + u + ":2:e2")),
                tuple(v.getRevision(), 4, location("part:" + u + ":4:e4")));
    }

    @Test
    void badCompletionsNameThePartAndChangeNothing() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 4, "e1"); // below the 5-byte minimum: fine as the last part only
        s.uploadPart("bkt", u, 2, 5, "e2");
        s.uploadPart("bkt", u, 3, 5, "e3");
        long before = s.revision();
        String digest = s.dataDigest();
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e1", 2, "wrong")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("parts[1].etag: \"wrong\" (expected: the etag of uploaded part 2, e2)");
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 2, "e2", 7, "e7")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("parts[1].partNumber: 7 (expected: a part uploaded to this upload)");
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 2, "e2", 1, "e1")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("parts[1].partNumber: 1 (expected: ascending, greater than 2)");
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 2, "e2", 2, "e2")))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("parts[1].partNumber"));
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e1", 2, "e2")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("parts[0].size: 4 (expected: >= 5 bytes for every part but the last)");
        assertThatThrownBy(() -> s.complete(complete("bkt", u)))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("parts: 0 parts (expected: 1..10000 parts)");
        assertThat(s.revision()).isEqualTo(before);
        assertThat(s.dataDigest()).isEqualTo(digest);
        // the upload is still there and completes once asked right
        assertThat(s.complete(complete("bkt", u, 2, "e2", 3, "e3")).getSize()).isEqualTo(10);
    }

    @Test
    void abortReleasesEveryPart() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 5, "e1");
        s.uploadPart("bkt", u, 2, 6, "e2");
        s.uploadPart("bkt", u, 2, 7, "e2b");
        long rev = s.abort("bkt", u);
        assertThat(garbage()).extracting(GarbageItem::getRevision, GarbageItem::getPartNumber, GarbageItem::getSize)
                .containsExactly(tuple(rev - 1, 2, 6L), tuple(rev, 1, 5L), tuple(rev, 2, 7L));
        assertThat(s.changes(rev)).extracting(Change::getType, Change::getUploadId)
                .containsExactly(tuple(ChangeType.UPLOAD_ABORTED, u));
        assertThatThrownBy(() -> s.abort("bkt", u)).isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u)))
                .isInstanceOf(NoSuchUploadException.class);
        assertThat(s.core().verify()).isEmpty();
        s.deleteBucket("bkt"); // nothing left behind
    }

    @Test
    void uploadsInProgressAreInvisibleAndDoNotCountAsExisting() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 5, "e1");
        assertThat(s.list(ListObjectsRequest.newBuilder().setBucket("bkt")).getKeyCount()).isZero();
        assertThatThrownBy(() -> s.get("bkt", "k")).isInstanceOf(NoSuchKeyException.class);
        assertThat(s.bucket("bkt").getUsage().getObjectCount()).isZero();
        // If-None-Match: * passes: the key has no live version
        long rev = s.put(put("bkt", "k", "direct", 3).setExpectedRevision(0)).getRevision();
        // completing with the same condition now fails, leaving the upload in place
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e1").setExpectedRevision(0)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.currentRevision()).isEqualTo(rev));
        assertThat(s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt")).getUploadsCount())
                .isEqualTo(1);
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e1").setExpectedEtag("other")))
                .isInstanceOf(ConflictException.class);
        ObjectVersion v = s.complete(complete("bkt", u, 1, "e1").setExpectedEtag("direct"));
        // the overwritten version's bytes are garbage (unversioned bucket)
        assertThat(garbage()).extracting(GarbageItem::getRevision, GarbageItem::getLocation)
                .containsExactly(tuple(v.getRevision(), location("bkt/k:direct")));
    }

    @Test
    void overwritingAMultipartObjectReleasesEachPart() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 5, "e1");
        s.uploadPart("bkt", u, 2, 5, "e2");
        s.complete(complete("bkt", u, 1, "e1", 2, "e2"));
        long rev = s.put("bkt", "k", "plain", 1).getRevision();
        assertThat(garbage()).extracting(GarbageItem::getRevision, GarbageItem::getVersionId,
                GarbageItem::getPartNumber, GarbageItem::getLocation).containsExactly(
                tuple(rev, "null", 1, location("part:" + u + ":1:e1")),
                tuple(rev, "null", 2, location("part:" + u + ":2:e2")));
    }

    @Test
    void completionIsSubjectToTheQuota() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.updateBucket(Requests.updateBucket("bkt").setQuota(Quota.newBuilder().setMaxBytes(10)));
        String u = s.createUpload("bkt", "k");
        s.uploadPart("bkt", u, 1, 5, "e1"); // parts do not count: only stored versions do
        s.uploadPart("bkt", u, 2, 6, "e2");
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e1", 2, "e2")))
                .isInstanceOf(QuotaExceededException.class);
        assertThat(s.complete(complete("bkt", u, 1, "e1")).getSize()).isEqualTo(5);
    }

    @Test
    void unknownOrMismatchedUploadsAreNoSuchUpload() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.createBucket("other", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        for (String id : List.of(Ids.uploadId(999), "garbage", Ids.versionId(3), u.toUpperCase())) {
            assertThatThrownBy(() -> s.uploadPart("bkt", id, 1, 5, "e"))
                    .isInstanceOfSatisfying(NoSuchUploadException.class, e -> {
                        assertThat(e.uploadId()).isEqualTo(id);
                        assertThat(e.bucket()).isEqualTo("bkt");
                    });
        }
        assertThatThrownBy(() -> s.uploadPart("other", u, 1, 5, "e")).isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.apply(uploadPart("bkt", u, 1, 5, "e").setKey("wrong-key")))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.complete(complete("bkt", u, 1, "e").setKey("wrong-key")))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.apply(Requests.abort("bkt", u).setKey("wrong-key")))
                .isInstanceOf(NoSuchUploadException.class);
        assertThatThrownBy(() -> s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u)
                .setKey("wrong-key"))).isInstanceOf(NoSuchUploadException.class);
        // the right key works
        s.apply(uploadPart("bkt", u, 1, 5, "e").setKey("k"));
        assertThat(s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u).setKey("k"))
                .getPartsCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void listPartsPages(int maxParts) {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        String u = s.createUpload("bkt", "k");
        List<Integer> numbers = List.of(1, 2, 5, 9, 10, 100, 10_000);
        for (int n : numbers) {
            s.uploadPart("bkt", u, n, 5, "e" + n);
        }
        List<Integer> seen = new ArrayList<>();
        int marker = 0;
        while (true) {
            ListPartsResponse page = s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u)
                    .setPartNumberMarker(marker).setMaxParts(maxParts));
            assertThat(page.getPartsCount()).isLessThanOrEqualTo(maxParts);
            page.getPartsList().forEach(p -> seen.add(p.getPartNumber()));
            if (!page.getIsTruncated()) {
                break;
            }
            assertThat(page.getNextPartNumberMarker())
                    .isEqualTo(page.getParts(page.getPartsCount() - 1).getPartNumber());
            marker = page.getNextPartNumberMarker();
            assertThat(seen).as("parts listed").hasSizeLessThanOrEqualTo(numbers.size());
        }
        assertThat(seen).isEqualTo(numbers);
        assertThat(s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u).setPartNumberMarker(9))
                .getPartsList()).extracting(Part::getPartNumber).containsExactly(10, 100, 10_000);
        assertThat(s.parts(ListPartsRequest.newBuilder().setBucket("bkt").setUploadId(u).setMaxParts(0))
                .getPartsCount()).isZero();
    }

    /** Uploads as "key@uploadId" and common prefixes as "key/", in listing order. */
    private List<String> allUploads(String prefix, String delimiter, int maxUploads) {
        List<String> out = new ArrayList<>();
        String keyMarker = "";
        String uploadIdMarker = "";
        for (int pages = 0; pages < 100; pages++) {
            ListMultipartUploadsResponse page = s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt")
                    .setPrefix(prefix).setDelimiter(delimiter).setKeyMarker(keyMarker)
                    .setUploadIdMarker(uploadIdMarker).setMaxUploads(maxUploads));
            assertThat(page.getUploadsCount() + page.getCommonPrefixesCount()).isLessThanOrEqualTo(maxUploads);
            // uploads and prefixes interleave in key order; rebuild that order
            List<String> items = new ArrayList<>();
            page.getUploadsList().forEach(up -> items.add(up.getKey() + "@" + up.getUploadId()));
            items.addAll(page.getCommonPrefixesList());
            items.sort((a, b) -> java.util.Arrays.compareUnsigned(a.split("@")[0].getBytes(StandardCharsets.UTF_8),
                    b.split("@")[0].getBytes(StandardCharsets.UTF_8)));
            out.addAll(items);
            if (!page.getIsTruncated()) {
                return out;
            }
            keyMarker = page.getNextKeyMarker();
            uploadIdMarker = page.getNextUploadIdMarker();
        }
        throw new AssertionError("listing does not end after 100 pages");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 1000})
    void listMultipartUploadsPagesByKeyAndUploadIdMarkers(int maxUploads) {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        // several uploads of one key are listed oldest first, as S3 does
        String a1 = s.createUpload("bkt", "a");
        String b1 = s.createUpload("bkt", "dir/b");
        String a2 = s.createUpload("bkt", "a");
        String c1 = s.createUpload("bkt", "dir/sub/c");
        String a3 = s.createUpload("bkt", "a");
        String d1 = s.createUpload("bkt", "dir2/d");
        String e1 = s.createUpload("bkt", "e");
        s.put("bkt", "a", "e", 1); // objects are not uploads
        assertThat(allUploads("", "", maxUploads)).containsExactly("a@" + a1, "a@" + a2, "a@" + a3, "dir/b@" + b1,
                "dir/sub/c@" + c1, "dir2/d@" + d1, "e@" + e1);
        assertThat(allUploads("dir/", "", maxUploads)).containsExactly("dir/b@" + b1, "dir/sub/c@" + c1);
        assertThat(allUploads("", "/", maxUploads)).containsExactly("a@" + a1, "a@" + a2, "a@" + a3, "dir/",
                "dir2/", "e@" + e1);
        assertThat(allUploads("dir/", "/", maxUploads)).containsExactly("dir/b@" + b1, "dir/sub/");
    }

    @Test
    void listMultipartUploadsReturnsTheUploadRecord() {
        s.createBucket("bkt", Versioning.UNVERSIONED);
        s.fixture().clock(77_000);
        String u = s.apply(Requests.createUpload("bkt", "k").setContentType("text/plain")).getCreateMultipartUpload()
                .getUploadId();
        Upload up = s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt")).getUploads(0);
        assertThat(up).isEqualTo(Upload.newBuilder().setBucket("bkt").setKey("k").setUploadId(u).setRevision(2)
                .setCreatedAt(77_000).setContentType("text/plain").setStorageClass("STANDARD").build());
        // a key marker alone starts after every upload of that key
        assertThat(s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt").setKeyMarker("k"))
                .getUploadsCount()).isZero();
        assertThatThrownBy(() -> s.uploads(ListMultipartUploadsRequest.newBuilder().setBucket("bkt")
                .setKeyMarker("k").setUploadIdMarker("not-an-upload-id")))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("uploadIdMarker"));
    }
}
