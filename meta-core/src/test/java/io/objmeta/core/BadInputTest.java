package io.objmeta.core;

import static io.objmeta.core.testing.Requests.complete;
import static io.objmeta.core.testing.Requests.createBucket;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.op;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.requestId;
import static io.objmeta.core.testing.Requests.updateBucket;
import static io.objmeta.core.testing.Requests.uploadPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageOrBuilder;
import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import io.objmeta.core.testing.Requests;
import io.objmeta.core.testing.StoreDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is rejected by {@code Validation} before it reaches the log, with the message
 * {@code "<field>: <value> (expected: <rule>)"}, and leaves the store byte for byte as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final String UPLOAD = Ids.uploadId(3);

    private final CoreClient s = CoreClient.create();

    @BeforeAll
    void load() {
        s.createBucket("bkt", Versioning.ENABLED);  // 1
        s.put("bkt", "k", "e", 1);                   // 2
        s.createUpload("bkt", "mp");                 // 3: UPLOAD
        s.uploadPart("bkt", UPLOAD, 1, 5, "p1");
    }

    @AfterAll
    void close() {
        s.close();
    }

    private ThrowingCallable write(MessageOrBuilder request) {
        return () -> s.apply(request);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private static TxnOp[] puts(int n) {
        return IntStream.range(0, n).mapToObj(i -> op(put("bkt", "t" + i))).toArray(TxnOp[]::new);
    }

    Stream<Arguments> badInputs() {
        List<Arguments> a = new ArrayList<>();
        // bucket names (S3 rules)
        a.add(Arguments.of(write(createBucket("ab", Versioning.UNVERSIONED)),
                "bucket: \"ab\" (expected: 3..63 characters)"));
        a.add(Arguments.of(write(createBucket(repeat("a", 64), Versioning.UNVERSIONED)),
                "bucket: 64 characters (expected: 3..63 characters)"));
        a.add(Arguments.of(write(createBucket("My-Bucket", Versioning.UNVERSIONED)),
                "bucket: \"My-Bucket\" (expected: only a-z, 0-9, '.' and '-')"));
        a.add(Arguments.of(write(createBucket("under_score", Versioning.UNVERSIONED)),
                "bucket: \"under_score\" (expected: only a-z, 0-9, '.' and '-')"));
        a.add(Arguments.of(write(createBucket("-abc", Versioning.UNVERSIONED)),
                "bucket: \"-abc\" (expected: starts and ends with a letter or digit)"));
        a.add(Arguments.of(write(createBucket("abc.", Versioning.UNVERSIONED)),
                "bucket: \"abc.\" (expected: starts and ends with a letter or digit)"));
        a.add(Arguments.of(write(createBucket("a..b", Versioning.UNVERSIONED)),
                "bucket: \"a..b\" (expected: no two adjacent periods)"));
        a.add(Arguments.of(write(createBucket("192.168.1.1", Versioning.UNVERSIONED)),
                "bucket: \"192.168.1.1\" (expected: not formatted as an IPv4 address)"));
        a.add(Arguments.of(write(put("Bkt", "k")), "bucket: \"Bkt\" (expected: only a-z, 0-9, '.' and '-')"));
        a.add(Arguments.of(write(createBucket("abc", Versioning.SUSPENDED)),
                "versioning: SUSPENDED (expected: UNVERSIONED or ENABLED)"));
        a.add(Arguments.of(write(createBucket("abc", Versioning.UNVERSIONED).setVersioningValue(7)),
                "versioning: 7 (expected: UNVERSIONED or ENABLED)"));
        // keys: 1..1024 bytes of valid UTF-8
        a.add(Arguments.of(write(put("bkt", "")), "key: \"\" (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(put("bkt", repeat("k", 1025))), "key: 1025 bytes (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(put("bkt", repeat("é", 513))), "key: 1026 bytes (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(put("bkt", repeat("日", 342))),
                "key: 1026 bytes (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(put("bkt", "a\uD800b")),
                "key: \"a\\uD800b\" (expected: valid Unicode, no unpaired surrogates)"));
        a.add(Arguments.of(write(delete("bkt", "\uDC00")),
                "key: \"\\uDC00\" (expected: valid Unicode, no unpaired surrogates)"));
        a.add(Arguments.of(write(put("bkt", repeat("x", 100) + "\uD800")),
                "key: \"" + repeat("x", 64) + "\"… (expected: valid Unicode, no unpaired surrogates)"));
        a.add(Arguments.of(write(delete("bkt", "")), "key: \"\" (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(Requests.createUpload("bkt", repeat("k", 1025))),
                "key: 1025 bytes (expected: 1..1024 bytes of UTF-8)"));
        // object fields
        a.add(Arguments.of(write(put("bkt", "k", "", 1)), "etag: \"\" (expected: 1..1024 printable ASCII characters)"));
        a.add(Arguments.of(write(put("bkt", "k", "e\u0001", 1)),
                "etag: \"e\\u0001\" (expected: 1..1024 printable ASCII characters)"));
        a.add(Arguments.of(write(put("bkt", "k", "e", -1)), "size: -1 (expected: >= 0)"));
        a.add(Arguments.of(write(put("bkt", "k").setStorageClass("cold")),
                "storageClass: \"cold\" (expected: at most 32 characters of A-Z and '_')"));
        a.add(Arguments.of(write(put("bkt", "k").putUserMetadata("m", repeat("v", 2048))),
                "userMetadata: 2049 bytes (expected: at most 2048 bytes of names and values in UTF-8)"));
        a.add(Arguments.of(write(put("bkt", "k").putUserMetadata("a", repeat("é", 1024))),
                "userMetadata: 2049 bytes (expected: at most 2048 bytes of names and values in UTF-8)"));
        a.add(Arguments.of(write(put("bkt", "k").putUserMetadata("Upper", "v")),
                "userMetadata: \"Upper\" (expected: non-empty names of lowercase HTTP token characters: "
                        + "a-z 0-9 !#$%&'*+-.^_`|~)"));
        a.add(Arguments.of(write(put("bkt", "k").putUserMetadata("m", "a\nb")),
                "userMetadata.m: \"a\\nb\" (expected: no control characters except tab)"));
        a.add(Arguments.of(write(put("bkt", "k").setLocation(ByteString.copyFrom(new byte[256 * 1024 + 1]))),
                "location: 262145 bytes (expected: at most 262144 bytes)"));
        a.add(Arguments.of(write(put("bkt", "k").setExpectedRevision(-1)), "expectedRevision: -1 (expected: >= 0)"));
        a.add(Arguments.of(write(delete("bkt", "k").setExpectedEtag("")),
                "expectedEtag: \"\" (expected: 1..1024 printable ASCII characters)"));
        // multipart
        a.add(Arguments.of(write(uploadPart("bkt", UPLOAD, 0, 5, "e")), "partNumber: 0 (expected: 1..10000)"));
        a.add(Arguments.of(write(uploadPart("bkt", UPLOAD, 10_001, 5, "e")), "partNumber: 10001 (expected: 1..10000)"));
        a.add(Arguments.of(write(uploadPart("bkt", UPLOAD, 2, 5, "e")
                .setLocation(ByteString.copyFrom(new byte[256 * 1024 + 1]))),
                "location: 262145 bytes (expected: at most 262144 bytes)"));
        a.add(Arguments.of(write(uploadPart("bkt", "", 1, 5, "e")),
                "uploadId: \"\" (expected: 1..64 printable ASCII characters)"));
        a.add(Arguments.of(write(complete("bkt", UPLOAD, 10_001, "e")),
                "parts[0].partNumber: 10001 (expected: 1..10000)"));
        a.add(Arguments.of(write(complete("bkt", UPLOAD, 1, "p1", 1, "p1")),
                "parts[1].partNumber: 1 (expected: ascending, greater than 1)"));
        // txn
        a.add(Arguments.of(write(Requests.txn(puts(129))), "ops: 129 operations (expected: 1..128 operations)"));
        a.add(Arguments.of(write(Requests.txn(op(put("bkt", "t")), op(put("bkt", "")))),
                "ops[1].put.key: \"\" (expected: 1..1024 bytes of UTF-8)"));
        a.add(Arguments.of(write(Requests.txn(op(put("bkt", "t").setRequestId(requestId("c", 1))))),
                "ops[0].put.requestId: set (expected: unset inside a txn, the txn has one)"));
        // buckets: labels, quota
        a.add(Arguments.of(write(updateBucket("bkt").putLabels("Bad", "v")),
                "labels: \"Bad\" (expected: keys of 1..63 characters a-z 0-9 '.' '_' '-' '/', starting with a "
                        + "letter or digit)"));
        a.add(Arguments.of(write(updateBucket("bkt").putLabels("k", repeat("v", 256))),
                "labels.k: 256 characters (expected: at most 255 characters)"));
        a.add(Arguments.of(write(updateBucket("bkt").putLabels("k", "a\tb")),
                "labels.k: \"a\\tb\" (expected: no control characters)"));
        var many = updateBucket("bkt");
        IntStream.range(0, 65).forEach(i -> many.putLabels("l" + i, "v"));
        a.add(Arguments.of(write(many), "labels: 65 entries (expected: at most 64 entries)"));
        a.add(Arguments.of(write(updateBucket("bkt").addRemoveLabels("-x")),
                "removeLabels[0]: \"-x\" (expected: keys of 1..63 characters a-z 0-9 '.' '_' '-' '/', starting "
                        + "with a letter or digit)"));
        a.add(Arguments.of(write(updateBucket("bkt").setQuota(Quota.newBuilder().setMaxObjects(-1))),
                "quota.maxObjects: -1 (expected: >= 0, 0 means unlimited)"));
        a.add(Arguments.of(write(updateBucket("bkt").setVersioning(Versioning.UNVERSIONED)),
                "versioning: UNVERSIONED (expected: ENABLED or SUSPENDED)"));
        // requestIds
        a.add(Arguments.of(write(put("bkt", "k").setRequestId(requestId("", 1))),
                "requestId.clientId: \"\" (expected: 1..128 printable ASCII characters)"));
        a.add(Arguments.of(write(put("bkt", "k").setRequestId(requestId("c", 0))),
                "requestId.sequence: 0 (expected: >= 1)"));
        a.add(Arguments.of(write(Requests.ackGarbage(-1)), "upToRevision: -1 (expected: >= 0)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.fixture().applyRaw(Command.getDefaultInstance()),
                "command: empty (expected: one mutating request)"));
        // reads
        a.add(Arguments.of((ThrowingCallable) () -> s.list(ListObjectsRequest.newBuilder().setBucket("bkt")
                .setMaxKeys(-1)), "maxKeys: -1 (expected: >= 0)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.list(ListObjectsRequest.newBuilder().setBucket("bkt")
                .setPrefix(repeat("p", 1025))), "prefix: 1025 bytes (expected: at most 1024 bytes of UTF-8)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.list(ListObjectsRequest.newBuilder().setBucket("bkt")
                .setDelimiter("\uD800")), "delimiter: \"\\uD800\" (expected: valid Unicode, no unpaired surrogates)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.versions(ListObjectVersionsRequest.newBuilder()
                .setBucket("bkt").setMaxKeys(-5)), "maxKeys: -5 (expected: >= 0)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.versions(ListObjectVersionsRequest.newBuilder()
                .setBucket("bkt").setVersionIdMarker("null")),
                "versionIdMarker: \"null\" (expected: empty unless keyMarker is set)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.uploads(ListMultipartUploadsRequest.newBuilder()
                .setBucket("bkt").setMaxUploads(-1)), "maxUploads: -1 (expected: >= 0)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.parts(ListPartsRequest.newBuilder().setBucket("bkt")
                .setUploadId(UPLOAD).setPartNumberMarker(10_001)),
                "partNumberMarker: 10001 (expected: 0..10000)"));
        a.add(Arguments.of((ThrowingCallable) () -> s.listBuckets(ListBucketsRequest.newBuilder()
                .setMaxBuckets(-1)), "maxBuckets: -1 (expected: >= 0)"));
        a.add(Arguments.of((ThrowingCallable) () -> {
            ListGarbageRequest r = ListGarbageRequest.newBuilder().setLimit(-1).build();
            io.objmeta.api.Validation.validate(r);
            s.core().listGarbage(r);
        }, "limit: -1 (expected: >= 0)"));
        return a.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInputs")
    void rejectedBeforeTheLogWithFieldValueAndRule(ThrowingCallable attempt, String message) {
        String digest = StoreDigest.full(s.core());
        long applied = s.core().appliedIndex();
        long revision = s.revision();
        assertThatThrownBy(attempt).isInstanceOfSatisfying(InvalidArgumentException.class, e -> {
            assertThat(e).hasMessage(message);
            assertThat(message).isEqualTo(e.field() + ": " + e.value() + " (expected: " + e.rule() + ")");
        });
        assertThat(s.core().appliedIndex()).isEqualTo(applied); // never reached apply
        assertThat(s.revision()).isEqualTo(revision);
        assertThat(StoreDigest.full(s.core())).isEqualTo(digest);
    }

    @Test
    void valuesAtEachLimitAreAccepted() {
        try (CoreClient c = CoreClient.create()) {
            c.createBucket(repeat("a", 63), Versioning.UNVERSIONED);
            c.createBucket("abc", Versioning.UNVERSIONED);
            c.createBucket("a.b-c.1", Versioning.UNVERSIONED);
            c.put("abc", repeat("k", 1024), "e", 1);
            c.put("abc", repeat("é", 512), "e", 1);
            c.put("abc", repeat("😀", 256), "e", 1); // 4 bytes each: a surrogate pair in Java, 1024 bytes
            c.put("abc", "\u0000", "e", 1);
            c.put(put("abc", "meta").putUserMetadata("m", repeat("v", 2047)));
            c.put(put("abc", "loc").setLocation(ByteString.copyFrom(new byte[256 * 1024])));
            String u = c.createUpload("abc", "mp");
            c.uploadPart("abc", u, 10_000, 5, "e");
            c.complete(complete("abc", u, 10_000, "e"));
            c.txn(putsIn("abc", 128));
            var labels = updateBucket("abc");
            IntStream.range(0, 64).forEach(i -> labels.putLabels("l" + i, repeat("v", 255)));
            c.updateBucket(labels);
            c.put(put("abc", "k").setExpectedRevision(0).setRequestId(requestId(repeat("c", 128), 1)));
            assertThat(c.bucket("abc").getUsage().getObjectCount()).isEqualTo(6 + 1 + 128 + 1);
        }
    }

    private static TxnOp[] putsIn(String bucket, int n) {
        return IntStream.range(0, n).mapToObj(i -> op(put(bucket, "t" + i))).toArray(TxnOp[]::new);
    }
}
