package io.objmeta.api;

import com.google.protobuf.ByteString;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.UploadPartRequest;

/** Valid requests that tests change one field of. */
final class Fixtures {
  private Fixtures() {}

  static final String BUCKET = "photos";
  static final String UPLOAD_ID = Ids.uploadId(7);

  static RequestId requestId() {
    return RequestId.newBuilder().setClientId("frontend-1").setSequence(1).build();
  }

  static CreateBucketRequest.Builder createBucket() {
    return CreateBucketRequest.newBuilder().setBucket(BUCKET).setRequestId(requestId());
  }

  static UpdateBucketRequest.Builder updateBucket() {
    return UpdateBucketRequest.newBuilder().setBucket(BUCKET);
  }

  static PutObjectRequest.Builder put() {
    return put("a/b.jpg");
  }

  static PutObjectRequest.Builder put(String key) {
    return PutObjectRequest.newBuilder()
        .setBucket(BUCKET)
        .setKey(key)
        .setSize(10)
        .setEtag("\"9e107d9d372bb6826bd81d3542a419d6\"")
        .setContentType("image/jpeg")
        .putUserMetadata("color", "blue")
        .setLocation(ByteString.copyFromUtf8("disk1:/blobs/42"));
  }

  static DeleteObjectRequest.Builder delete(String key) {
    return DeleteObjectRequest.newBuilder().setBucket(BUCKET).setKey(key);
  }

  static TxnOp putOp(String key) {
    return TxnOp.newBuilder().setPut(put(key)).build();
  }

  static TxnOp deleteOp(String key) {
    return TxnOp.newBuilder().setDelete(delete(key)).build();
  }

  static CreateMultipartUploadRequest.Builder createUpload() {
    return CreateMultipartUploadRequest.newBuilder().setBucket(BUCKET).setKey("big.iso");
  }

  static UploadPartRequest.Builder uploadPart() {
    return UploadPartRequest.newBuilder()
        .setBucket(BUCKET)
        .setUploadId(UPLOAD_ID)
        .setPartNumber(1)
        .setSize(5 << 20)
        .setEtag("\"part1\"")
        .setLocation(ByteString.copyFromUtf8("disk1:/parts/1"));
  }

  static CompleteMultipartUploadRequest.Builder complete() {
    return CompleteMultipartUploadRequest.newBuilder()
        .setBucket(BUCKET)
        .setUploadId(UPLOAD_ID)
        .addParts(CompletedPart.newBuilder().setPartNumber(1).setEtag("\"part1\""))
        .addParts(CompletedPart.newBuilder().setPartNumber(3).setEtag("\"part3\""));
  }

  static AbortMultipartUploadRequest.Builder abort() {
    return AbortMultipartUploadRequest.newBuilder().setBucket(BUCKET).setUploadId(UPLOAD_ID);
  }

  static String repeat(String s, int times) {
    return s.repeat(times);
  }
}
