package io.objmeta.server.internal;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.server.docs.DocServiceBuilder;
import io.objmeta.api.proto.*;

/** An example request for every RPC on {@code /docs}, so the debug form there is one click from working. */
public final class DocExamples {
    private static final String SERVICE = "objmeta.v1.Metadata";

    private DocExamples() {
    }

    public static DocServiceBuilder apply(DocServiceBuilder b) {
        RequestId rid = RequestId.newBuilder().setClientId("docs").setSequence(1).build();
        ex(b, "CreateBucket", CreateBucketRequest.newBuilder().setBucket("photos")
                .setVersioning(Versioning.ENABLED).putLabels("team", "media").build());
        ex(b, "GetBucket", GetBucketRequest.newBuilder().setBucket("photos").build());
        ex(b, "UpdateBucket", UpdateBucketRequest.newBuilder().setBucket("photos")
                .setQuota(Quota.newBuilder().setMaxObjects(1_000_000).setMaxBytes(1L << 40)).build());
        ex(b, "DeleteBucket", DeleteBucketRequest.newBuilder().setBucket("photos").build());
        ex(b, "ListBuckets", ListBucketsRequest.newBuilder().setPrefix("ph").build());
        ex(b, "PutObject", PutObjectRequest.newBuilder().setBucket("photos").setKey("2026/cat.jpg").setSize(4096)
                .setEtag("\"9b2cf535f27731c974343645a3985328\"").setContentType("image/jpeg")
                .putUserMetadata("camera", "x100").setLocation(ByteString.copyFromUtf8("disk7:0x1f00"))
                .setExpectedRevision(0).setRequestId(rid).build());
        ex(b, "GetObject", GetObjectRequest.newBuilder().setBucket("photos").setKey("2026/cat.jpg").build());
        ex(b, "DeleteObject", DeleteObjectRequest.newBuilder().setBucket("photos").setKey("2026/cat.jpg").build());
        ex(b, "ListObjects", ListObjectsRequest.newBuilder().setBucket("photos").setPrefix("2026/")
                .setDelimiter("/").setMaxKeys(100).build());
        ex(b, "ListObjectVersions", ListObjectVersionsRequest.newBuilder().setBucket("photos").setPrefix("2026/")
                .build());
        ex(b, "CreateMultipartUpload", CreateMultipartUploadRequest.newBuilder().setBucket("photos")
                .setKey("videos/big.mp4").setContentType("video/mp4").build());
        ex(b, "UploadPart", UploadPartRequest.newBuilder().setBucket("photos").setUploadId("<uploadId>")
                .setPartNumber(1).setSize(5 << 20).setEtag("\"a1\"").build());
        ex(b, "CompleteMultipartUpload", CompleteMultipartUploadRequest.newBuilder().setBucket("photos")
                .setUploadId("<uploadId>").addParts(CompletedPart.newBuilder().setPartNumber(1).setEtag("\"a1\""))
                .build());
        ex(b, "AbortMultipartUpload", AbortMultipartUploadRequest.newBuilder().setBucket("photos")
                .setUploadId("<uploadId>").build());
        ex(b, "ListMultipartUploads", ListMultipartUploadsRequest.newBuilder().setBucket("photos").build());
        ex(b, "ListParts", ListPartsRequest.newBuilder().setBucket("photos").setUploadId("<uploadId>").build());
        ex(b, "Txn", TxnRequest.newBuilder()
                .addOps(TxnOp.newBuilder().setPut(PutObjectRequest.newBuilder().setBucket("photos").setKey("a")
                        .setEtag("\"e1\"").setExpectedRevision(0)))
                .addOps(TxnOp.newBuilder().setDelete(DeleteObjectRequest.newBuilder().setBucket("photos")
                        .setKey("b")))
                .build());
        ex(b, "ListGarbage", ListGarbageRequest.newBuilder().setLimit(100).build());
        ex(b, "AckGarbage", AckGarbageRequest.newBuilder().setUpToRevision(42).build());
        ex(b, "Watch", WatchRequest.newBuilder().setBucket("photos").setPrefix("2026/").build());
        ex(b, "ClusterStatus", ClusterStatusRequest.getDefaultInstance());
        ex(b, "AddMember", AddMemberRequest.newBuilder().setId("n4").setAddress("127.0.0.1:7761")
                .setApiAddress("127.0.0.1:7760").build());
        ex(b, "RemoveMember", RemoveMemberRequest.newBuilder().setId("n4").build());
        ex(b, "TransferLeader", TransferLeaderRequest.newBuilder().setTargetId("n2").build());
        ex(b, "SnapshotNow", SnapshotNowRequest.getDefaultInstance());
        return b;
    }

    private static void ex(DocServiceBuilder b, String method, com.google.protobuf.Message example) {
        b.exampleRequests(SERVICE, method, example);
    }
}
