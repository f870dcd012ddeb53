package io.objmeta.api;

import static io.objmeta.api.Fixtures.abort;
import static io.objmeta.api.Fixtures.complete;
import static io.objmeta.api.Fixtures.createBucket;
import static io.objmeta.api.Fixtures.createUpload;
import static io.objmeta.api.Fixtures.delete;
import static io.objmeta.api.Fixtures.deleteOp;
import static io.objmeta.api.Fixtures.put;
import static io.objmeta.api.Fixtures.putOp;
import static io.objmeta.api.Fixtures.updateBucket;
import static io.objmeta.api.Fixtures.uploadPart;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.GetBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.api.proto.WatchRequest;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule, with the exact message a caller sees. Valid boundaries: ValidationValidTest. */
class ValidationTest {

  private static final String NAME_RULE =
      "non-empty names of lowercase HTTP token characters: a-z 0-9 !#$%&'*+-.^_`|~";
  private static final String LABEL_KEY_RULE =
      "keys of 1..63 characters a-z 0-9 '.' '_' '-' '/', starting with a letter or digit";

  @ParameterizedTest(name = "{0}")
  @MethodSource({"buckets", "keys", "objectFields", "multipart", "txn", "bucketFields", "reads"})
  void rejectsWithExactMessage(String message, Executable call) {
    assertThatThrownBy(call::execute)
        .isExactlyInstanceOf(InvalidArgumentException.class)
        .hasMessage(message)
        .satisfies(e -> {
          InvalidArgumentException iae = (InvalidArgumentException) e;
          String rebuilt = iae.field() + ": " + iae.value() + " (expected: " + iae.rule() + ")";
          org.assertj.core.api.Assertions.assertThat(rebuilt).isEqualTo(message);
          org.assertj.core.api.Assertions.assertThat(iae.code())
              .isEqualTo(MetadataException.Code.INVALID_ARGUMENT);
        });
  }

  static Stream<Arguments> buckets() {
    return Stream.of(
        row("bucket: \"ab\" (expected: 3..63 characters)", createBucket().setBucket("ab")),
        row("bucket: \"\" (expected: 3..63 characters)", createBucket().setBucket("")),
        row("bucket: 64 characters (expected: 3..63 characters)",
            createBucket().setBucket("a".repeat(64))),
        row("bucket: \"My_Bucket\" (expected: only a-z, 0-9, '.' and '-')",
            createBucket().setBucket("My_Bucket")),
        row("bucket: \"-photos\" (expected: starts and ends with a letter or digit)",
            createBucket().setBucket("-photos")),
        row("bucket: \"photos.\" (expected: starts and ends with a letter or digit)",
            createBucket().setBucket("photos.")),
        row("bucket: \"my..photos\" (expected: no two adjacent periods)",
            createBucket().setBucket("my..photos")),
        row("bucket: \"192.168.5.4\" (expected: not formatted as an IPv4 address)",
            createBucket().setBucket("192.168.5.4")),
        arguments("bucket: \"x\" (expected: 3..63 characters)",
            call(() -> Validation.validate(GetBucketRequest.newBuilder().setBucket("x").build()))),
        arguments("bucket: \"A-b\" (expected: only a-z, 0-9, '.' and '-')",
            call(() -> Validation.checkBucketName("A-b"))));
  }

  static Stream<Arguments> keys() {
    return Stream.of(
        row("key: \"\" (expected: 1..1024 bytes of UTF-8)", put("")),
        row("key: 1025 bytes (expected: 1..1024 bytes of UTF-8)", put("a".repeat(1025))),
        row("key: 1026 bytes (expected: 1..1024 bytes of UTF-8)", put("é".repeat(513))),
        row("key: \"ab\\uD800\" (expected: valid Unicode, no unpaired surrogates)",
            put("ab\uD800")),
        row("key: \"\\uDC00\" (expected: valid Unicode, no unpaired surrogates)", put("\uDC00")),
        row("key: \"\" (expected: 1..1024 bytes of UTF-8)", createUpload().setKey("")),
        row("key: 1025 bytes (expected: 1..1024 bytes of UTF-8)",
            abort().setKey("k".repeat(1025))),
        arguments("key: \"\" (expected: 1..1024 bytes of UTF-8)",
            call(() -> Validation.validate(GetObjectRequest.newBuilder()
                .setBucket("photos").build()))),
        arguments("key: \"\" (expected: 1..1024 bytes of UTF-8)",
            call(() -> Validation.checkKey(""))));
  }

  static Stream<Arguments> objectFields() {
    return Stream.of(
        row("userMetadata: 2049 bytes (expected: at most 2048 bytes of names and values in UTF-8)",
            put().clearUserMetadata().putUserMetadata("m", "x".repeat(2048))),
        row("userMetadata: \"Color\" (expected: " + NAME_RULE + ")",
            put().putUserMetadata("Color", "red")),
        row("userMetadata: \"\" (expected: " + NAME_RULE + ")", put().putUserMetadata("", "x")),
        row("userMetadata: \"my color\" (expected: " + NAME_RULE + ")",
            put().putUserMetadata("my color", "x")),
        row("userMetadata.color: \"blue\\nred\" (expected: no control characters except tab)",
            put().putUserMetadata("color", "blue\nred")),
        row("location: 262145 bytes (expected: at most 262144 bytes)",
            put().setLocation(ByteString.copyFrom(new byte[262145]))),
        row("size: -1 (expected: >= 0)", put().setSize(-1)),
        row("etag: \"\" (expected: 1..1024 printable ASCII characters)", put().setEtag("")),
        row("etag: 1025 characters (expected: 1..1024 printable ASCII characters)",
            put().setEtag("e".repeat(1025))),
        row("etag: \"ab\\tc\" (expected: 1..1024 printable ASCII characters)",
            put().setEtag("ab\tc")),
        row("expectedEtag: \"\" (expected: 1..1024 printable ASCII characters)",
            put().setExpectedEtag("")),
        row("contentType: 257 characters (expected: at most 256 printable ASCII characters)",
            put().setContentType("t".repeat(257))),
        row("contentType: \"text/plain; charset=ü\" (expected: at most 256 printable ASCII"
            + " characters)", put().setContentType("text/plain; charset=ü")),
        row("contentType: \"" + "é".repeat(64) + "\"… (expected: at most 256 printable ASCII"
            + " characters)", put().setContentType("é".repeat(70))),
        row("storageClass: \"standard\" (expected: at most 32 characters of A-Z and '_')",
            put().setStorageClass("standard")),
        row("storageClass: 33 characters (expected: at most 32 characters of A-Z and '_')",
            put().setStorageClass("S".repeat(33))),
        row("expectedRevision: -1 (expected: >= 0)", put().setExpectedRevision(-1)),
        row("expectedRevision: -2 (expected: >= 0)", delete("a").setExpectedRevision(-2)),
        row("versionId: 65 characters (expected: at most 64 printable ASCII characters)",
            delete("a").setVersionId("v".repeat(65))),
        arguments("versionId: \"v\\n\" (expected: at most 64 printable ASCII characters)",
            call(() -> Validation.validate(GetObjectRequest.newBuilder()
                .setBucket("photos").setKey("a").setVersionId("v\n").build()))),
        row("requestId.clientId: \"\" (expected: 1..128 printable ASCII characters)",
            put().setRequestId(RequestId.newBuilder().setSequence(1))),
        row("requestId.clientId: 129 characters (expected: 1..128 printable ASCII characters)",
            put().setRequestId(RequestId.newBuilder().setClientId("c".repeat(129))
                .setSequence(1))),
        row("requestId.sequence: 0 (expected: >= 1)",
            put().setRequestId(RequestId.newBuilder().setClientId("c"))),
        arguments("command: empty (expected: one mutating request)",
            call(() -> Validation.validate(Command.getDefaultInstance()))));
  }

  static Stream<Arguments> multipart() {
    return Stream.of(
        row("uploadId: \"\" (expected: 1..64 printable ASCII characters)",
            uploadPart().setUploadId("")),
        row("uploadId: 65 characters (expected: 1..64 printable ASCII characters)",
            abort().setUploadId("u".repeat(65))),
        row("partNumber: 10001 (expected: 1..10000)", uploadPart().setPartNumber(10001)),
        row("partNumber: 0 (expected: 1..10000)", uploadPart().setPartNumber(0)),
        row("size: -1 (expected: >= 0)", uploadPart().setSize(-1)),
        row("etag: \"\" (expected: 1..1024 printable ASCII characters)", uploadPart().setEtag("")),
        row("location: 262145 bytes (expected: at most 262144 bytes)",
            uploadPart().setLocation(ByteString.copyFrom(new byte[262145]))),
        row("contentType: \"a\\u007Fb\" (expected: at most 256 printable ASCII characters)",
            createUpload().setContentType("a\u007fb")),
        row("userMetadata: \"X\" (expected: " + NAME_RULE + ")",
            createUpload().putUserMetadata("X", "1")),
        row("storageClass: \"GLACIER-IR\" (expected: at most 32 characters of A-Z and '_')",
            createUpload().setStorageClass("GLACIER-IR")),
        row("parts: 0 parts (expected: 1..10000 parts)", complete().clearParts()),
        row("parts[1].partNumber: 2 (expected: ascending, greater than 3)",
            complete().clearParts().addParts(part(3)).addParts(part(2))),
        row("parts[1].partNumber: 1 (expected: ascending, greater than 1)",
            complete().clearParts().addParts(part(1)).addParts(part(1))),
        row("parts[0].partNumber: 10001 (expected: 1..10000)",
            complete().clearParts().addParts(part(10001))),
        row("parts[1].etag: \"\" (expected: 1..1024 printable ASCII characters)",
            complete().clearParts().addParts(part(1))
                .addParts(CompletedPart.newBuilder().setPartNumber(2))),
        row("expectedRevision: -1 (expected: >= 0)", complete().setExpectedRevision(-1)),
        row("expectedEtag: 1025 characters (expected: 1..1024 printable ASCII characters)",
            complete().setExpectedEtag("e".repeat(1025))),
        arguments("partNumberMarker: 10001 (expected: 0..10000)",
            call(() -> Validation.validate(listParts().setPartNumberMarker(10001).build()))),
        arguments("maxParts: -1 (expected: >= 0)",
            call(() -> Validation.validate(listParts().setMaxParts(-1).build()))),
        arguments("uploadIdMarker: 65 characters (expected: at most 64 printable ASCII"
            + " characters)", call(() -> Validation.validate(listUploads()
                .setUploadIdMarker("u".repeat(65)).build()))),
        arguments("maxUploads: -1 (expected: >= 0)",
            call(() -> Validation.validate(listUploads().setMaxUploads(-1).build()))));
  }

  static Stream<Arguments> txn() {
    TxnOp[] ops129 = IntStream.range(0, 129).mapToObj(i -> putOp("k" + i)).toArray(TxnOp[]::new);
    return Stream.of(
        txnRow("ops: 0 operations (expected: 1..128 operations)"),
        txnRow("ops: 129 operations (expected: 1..128 operations)", ops129),
        txnRow("ops[1].delete.key: \"a\" (expected: each bucket and key at most once per txn,"
            + " also in ops[0])", putOp("a"), deleteOp("a")),
        txnRow("ops[2].put.key: \"b\" (expected: each bucket and key at most once per txn,"
            + " also in ops[1])", putOp("a"), putOp("b"), putOp("b")),
        txnRow("ops[0]: empty (expected: one of put, delete)", TxnOp.getDefaultInstance()),
        txnRow("ops[0].put.requestId: set (expected: unset inside a txn, the txn has one)",
            TxnOp.newBuilder().setPut(put().setRequestId(Fixtures.requestId())).build()),
        txnRow("ops[1].put.key: \"\" (expected: 1..1024 bytes of UTF-8)",
            putOp("a"), putOp("")),
        txnRow("ops[0].delete.expectedRevision: -5 (expected: >= 0)",
            TxnOp.newBuilder().setDelete(delete("a").setExpectedRevision(-5)).build()),
        txnRow("ops[0].put.bucket: \"Photos\" (expected: only a-z, 0-9, '.' and '-')",
            TxnOp.newBuilder().setPut(put().setBucket("Photos")).build()),
        txnRow("ops[1].delete.requestId: set (expected: unset inside a txn, the txn has one)",
            putOp("a"), TxnOp.newBuilder()
                .setDelete(delete("b").setRequestId(Fixtures.requestId())).build()));
  }

  static Stream<Arguments> bucketFields() {
    var labels65 = createBucket();
    IntStream.range(0, 65).forEach(i -> labels65.putLabels("l" + i, "v"));
    return Stream.of(
        row("labels: 65 entries (expected: at most 64 entries)", labels65),
        row("labels: \"Team\" (expected: " + LABEL_KEY_RULE + ")",
            createBucket().putLabels("Team", "a")),
        row("labels: 64 characters (expected: " + LABEL_KEY_RULE + ")",
            createBucket().putLabels("k".repeat(64), "a")),
        row("labels: \"\" (expected: " + LABEL_KEY_RULE + ")", createBucket().putLabels("", "a")),
        row("labels: \"-team\" (expected: " + LABEL_KEY_RULE + ")",
            createBucket().putLabels("-team", "a")),
        row("labels.team: 256 characters (expected: at most 255 characters)",
            createBucket().putLabels("team", "v".repeat(256))),
        row("labels.team: \"a\\u0000b\" (expected: no control characters)",
            updateBucket().putLabels("team", "a\u0000b")),
        row("removeLabels[1]: \"Bad\" (expected: " + LABEL_KEY_RULE + ")",
            updateBucket().addRemoveLabels("ok").addRemoveLabels("Bad")),
        row("quota.maxObjects: -1 (expected: >= 0, 0 means unlimited)",
            createBucket().setQuota(Quota.newBuilder().setMaxObjects(-1))),
        row("quota.maxBytes: -5 (expected: >= 0, 0 means unlimited)",
            updateBucket().setQuota(Quota.newBuilder().setMaxBytes(-5))),
        row("versioning: SUSPENDED (expected: UNVERSIONED or ENABLED)",
            createBucket().setVersioning(Versioning.SUSPENDED)),
        row("versioning: 9 (expected: UNVERSIONED or ENABLED)", createBucket().setVersioningValue(9)),
        row("versioning: UNVERSIONED (expected: ENABLED or SUSPENDED)",
            updateBucket().setVersioning(Versioning.UNVERSIONED)),
        row("versioning: 7 (expected: ENABLED or SUSPENDED)", updateBucket().setVersioningValue(7)),
        row("expectedRevision: -1 (expected: >= 0)", updateBucket().setExpectedRevision(-1)),
        row("requestId.sequence: -3 (expected: >= 1)", createBucket()
            .setRequestId(RequestId.newBuilder().setClientId("c").setSequence(-3))),
        arguments("expectedRevision: -1 (expected: >= 0)",
            call(() -> Validation.validate(Command.newBuilder().setDeleteBucket(
                DeleteBucketRequest.newBuilder().setBucket("photos").setExpectedRevision(-1))
                .build()))),
        arguments("labels: \"UP\" (expected: " + LABEL_KEY_RULE + ")",
            call(() -> Validation.checkLabels(java.util.Map.of("UP", "x")))),
        arguments("upToRevision: -1 (expected: >= 0)",
            call(() -> Validation.validate(Command.newBuilder().setAckGarbage(
                AckGarbageRequest.newBuilder().setUpToRevision(-1)).build()))));
  }

  static Stream<Arguments> reads() {
    return Stream.of(
        read("maxKeys: -1 (expected: >= 0)", () -> Validation.validate(
            listObjects().setMaxKeys(-1).build())),
        read("prefix: 1025 bytes (expected: at most 1024 bytes of UTF-8)",
            () -> Validation.validate(listObjects().setPrefix("p".repeat(1025)).build())),
        read("delimiter: \"\\uD83D\" (expected: valid Unicode, no unpaired surrogates)",
            () -> Validation.validate(listObjects().setDelimiter("\uD83D").build())),
        read("startAfter: 1025 bytes (expected: at most 1024 bytes of UTF-8)",
            () -> Validation.validate(listObjects().setStartAfter("s".repeat(1025)).build())),
        read("consistency: 7 (expected: LINEARIZABLE or STALE)",
            () -> Validation.validate(listObjects().setConsistencyValue(7).build())),
        read("minRevision: -1 (expected: >= 0)",
            () -> Validation.validate(listObjects().setMinRevision(-1).build())),
        read("versionIdMarker: \"v1\" (expected: empty unless keyMarker is set)",
            () -> Validation.validate(ListObjectVersionsRequest.newBuilder()
                .setBucket("photos").setVersionIdMarker("v1").build())),
        read("keyMarker: 1025 bytes (expected: at most 1024 bytes of UTF-8)",
            () -> Validation.validate(ListObjectVersionsRequest.newBuilder()
                .setBucket("photos").setKeyMarker("k".repeat(1025)).build())),
        read("maxKeys: -1 (expected: >= 0)",
            () -> Validation.validate(ListObjectVersionsRequest.newBuilder()
                .setBucket("photos").setMaxKeys(-1).build())),
        read("maxBuckets: -2 (expected: >= 0)",
            () -> Validation.validate(ListBucketsRequest.newBuilder().setMaxBuckets(-2).build())),
        read("minRevision: -1 (expected: >= 0)",
            () -> Validation.validate(GetBucketRequest.newBuilder().setBucket("photos")
                .setMinRevision(-1).build())),
        read("afterRevision: -1 (expected: >= 0)",
            () -> Validation.validate(ListGarbageRequest.newBuilder().setAfterRevision(-1)
                .build())),
        read("limit: -1 (expected: >= 0)",
            () -> Validation.validate(ListGarbageRequest.newBuilder().setLimit(-1).build())),
        read("fromRevision: -1 (expected: >= 0)",
            () -> Validation.validate(WatchRequest.newBuilder().setFromRevision(-1).build())),
        read("prefix: \"a/\" (expected: empty unless bucket is set)",
            () -> Validation.validate(WatchRequest.newBuilder().setPrefix("a/").build())),
        read("bucket: \"no\" (expected: 3..63 characters)",
            () -> Validation.validate(WatchRequest.newBuilder().setBucket("no").build())));
  }

  // ---- helpers ----

  static ListObjectsRequest.Builder listObjects() {
    return ListObjectsRequest.newBuilder().setBucket("photos");
  }

  static ListPartsRequest.Builder listParts() {
    return ListPartsRequest.newBuilder().setBucket("photos").setUploadId(Fixtures.UPLOAD_ID);
  }

  static ListMultipartUploadsRequest.Builder listUploads() {
    return ListMultipartUploadsRequest.newBuilder().setBucket("photos");
  }

  static CompletedPart.Builder part(int number) {
    return CompletedPart.newBuilder().setPartNumber(number).setEtag("\"e" + number + "\"");
  }

  /** A mutating request, validated as the log sees it: inside a Command. */
  static Arguments row(String message, com.google.protobuf.Message.Builder request) {
    return arguments(message, call(() -> Validation.validate(ValidationValidTest.command(request))));
  }

  static Arguments txnRow(String message, TxnOp... ops) {
    TxnRequest txn = TxnRequest.newBuilder().addAllOps(java.util.List.of(ops)).build();
    return arguments(message,
        call(() -> Validation.validate(Command.newBuilder().setTxn(txn).build())));
  }

  static Arguments read(String message, Executable call) {
    return arguments(message, call(call));
  }

  /** Gives a lambda its type inside arguments(Object...). */
  static Executable call(Executable e) {
    return e;
  }
}
