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
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.api.proto.WatchRequest;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Values at the edge of every rule are accepted. */
class ValidationValidTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("validWrites")
  void acceptsBoundaries(String what, Message.Builder request) {
    assertThatCode(() -> Validation.validate(command(request))).doesNotThrowAnyException();
  }

  static Stream<Arguments> validWrites() {
    var labels64 = createBucket();
    IntStream.range(0, 64).forEach(i -> labels64.putLabels("l" + i, "v"));
    var parts10000 = complete().clearParts();
    IntStream.rangeClosed(1, 10000).forEach(i ->
        parts10000.addParts(CompletedPart.newBuilder().setPartNumber(i).setEtag("e")));
    var txn128 = TxnRequest.newBuilder().setRequestId(Fixtures.requestId());
    IntStream.range(0, 128)
        .forEach(i -> txn128.addOps(i % 2 == 0 ? putOp("k" + i) : deleteOp("k" + i)));
    return Stream.of(
        arguments("bucket of 3", createBucket().setBucket("abc")),
        arguments("bucket of 63", createBucket().setBucket("a".repeat(63))),
        arguments("bucket with . and -", createBucket().setBucket("my.photos-2024")),
        arguments("three digit groups", createBucket().setBucket("1.2.3")),
        arguments("four digit group", createBucket().setBucket("1234.1.1.1")),
        arguments("versioning ENABLED at create", createBucket().setVersioning(Versioning.ENABLED)),
        arguments("quota 0", createBucket().setQuota(Quota.getDefaultInstance())),
        arguments("64 labels", labels64),
        arguments("label key of 63, value of 255 code points",
            createBucket().putLabels("k".repeat(63), "😀".repeat(255))),
        arguments("label key with domain", createBucket().putLabels("app.example.com/team", "x")),
        arguments("update to SUSPENDED",
            updateBucket().setVersioning(Versioning.SUSPENDED).addRemoveLabels("old")),
        arguments("delete bucket, expectedRevision 0",
            DeleteBucketRequest.newBuilder().setBucket("photos").setExpectedRevision(0)),
        arguments("key of 1024 bytes", put("a".repeat(1024))),
        arguments("key of 512 two-byte chars", put("é".repeat(512))),
        arguments("key of 256 four-byte chars", put("😀".repeat(256))),
        arguments("key with control characters", put("a\u0000\n\u001b/..//")),
        arguments("user metadata of exactly 2048 bytes",
            put().clearUserMetadata().putUserMetadata("m", "x".repeat(2047))),
        arguments("user metadata with emoji counted as 4 bytes",
            put().clearUserMetadata().putUserMetadata("e", "😀".repeat(511))),
        arguments("user metadata token symbols and tab",
            put().putUserMetadata("x-a_b.c~!#$%&'*+^`|", "a\tb ü")),
        arguments("location of 256 KiB", put().setLocation(ByteString.copyFrom(new byte[262144]))),
        arguments("size 0, empty location", put().setSize(0).setLocation(ByteString.EMPTY)),
        arguments("etag of 1024", put().setEtag("e".repeat(1024))),
        arguments("empty content type", put().setContentType("")),
        arguments("content type of 256", put().setContentType("t".repeat(256))),
        arguments("storage class of 32", put().setStorageClass("S".repeat(32))),
        arguments("storage class STANDARD_IA", put().setStorageClass("STANDARD_IA")),
        arguments("expectedRevision 0", put().setExpectedRevision(0)),
        arguments("expectedEtag", put().setExpectedEtag("\"abc\"")),
        arguments("requestId at its limits", put().setRequestId(
            RequestId.newBuilder().setClientId("c".repeat(128)).setSequence(Long.MAX_VALUE))),
        arguments("delete null version", delete("a").setVersionId("null")),
        arguments("delete version id of 64", delete("a").setVersionId("v".repeat(64))),
        arguments("create upload", createUpload().setStorageClass("GLACIER")),
        arguments("part 1", uploadPart().setPartNumber(1)),
        arguments("part 10000 with key", uploadPart().setPartNumber(10000).setKey("big.iso")),
        arguments("complete with 10000 parts", parts10000),
        arguments("abort", abort().setKey("big.iso")),
        arguments("txn of 128", txn128),
        arguments("same key in two buckets", TxnRequest.newBuilder()
            .addOps(putOp("a"))
            .addOps(TxnOp.newBuilder().setPut(put("a").setBucket("other")))),
        arguments("ack garbage", AckGarbageRequest.newBuilder().setUpToRevision(0)));
  }

  @Test
  void acceptsReads() {
    assertThatCode(() -> {
      Validation.validate(ListObjectsRequest.newBuilder().setBucket("photos").setMaxKeys(0)
          .build());
      Validation.validate(ListObjectsRequest.newBuilder().setBucket("photos").setMaxKeys(5000)
          .setConsistency(Consistency.STALE).setMinRevision(0).setPrefix("p".repeat(1024))
          .build());
      Validation.validate(WatchRequest.getDefaultInstance());
      Validation.validate(WatchRequest.newBuilder().setBucket("photos").setPrefix("a/")
          .setFromRevision(17).build());
    }).doesNotThrowAnyException();
  }

  /** Wraps a mutating request in the Command the log would carry. */
  static Command command(Message.Builder request) {
    Message m = request.build();
    Command.Builder c = Command.newBuilder().setTimestampMillis(1_700_000_000_000L);
    if (m instanceof CreateBucketRequest r) {
      c.setCreateBucket(r);
    } else if (m instanceof UpdateBucketRequest r) {
      c.setUpdateBucket(r);
    } else if (m instanceof DeleteBucketRequest r) {
      c.setDeleteBucket(r);
    } else if (m instanceof PutObjectRequest r) {
      c.setPutObject(r);
    } else if (m instanceof DeleteObjectRequest r) {
      c.setDeleteObject(r);
    } else if (m instanceof CreateMultipartUploadRequest r) {
      c.setCreateMultipartUpload(r);
    } else if (m instanceof UploadPartRequest r) {
      c.setUploadPart(r);
    } else if (m instanceof CompleteMultipartUploadRequest r) {
      c.setCompleteMultipartUpload(r);
    } else if (m instanceof AbortMultipartUploadRequest r) {
      c.setAbortMultipartUpload(r);
    } else if (m instanceof TxnRequest r) {
      c.setTxn(r);
    } else if (m instanceof AckGarbageRequest r) {
      c.setAckGarbage(r);
    } else {
      throw new IllegalArgumentException("not a mutating request: " + m.getClass());
    }
    return c.build();
  }
}
