package io.objmeta.core.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.RequestId;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.Versioning;

/**
 * Terse builders for the requests tests send, and {@link #command} to wrap any of them in a {@link Command}. The
 * defaults are valid: a put carries size 1, an etag and a location that names the bucket and key.
 */
public final class Requests {
    private Requests() {
    }

    public static CreateBucketRequest.Builder createBucket(String bucket, Versioning versioning) {
        return CreateBucketRequest.newBuilder().setBucket(bucket).setVersioning(versioning);
    }

    public static UpdateBucketRequest.Builder updateBucket(String bucket) {
        return UpdateBucketRequest.newBuilder().setBucket(bucket);
    }

    public static DeleteBucketRequest.Builder deleteBucket(String bucket) {
        return DeleteBucketRequest.newBuilder().setBucket(bucket);
    }

    /** A put of {@code size} bytes with etag {@code etag} and location {@code loc:<bucket>/<key>:<etag>}. */
    public static PutObjectRequest.Builder put(String bucket, String key, String etag, long size) {
        return PutObjectRequest.newBuilder().setBucket(bucket).setKey(key).setEtag(etag).setSize(size)
                .setLocation(location(bucket + "/" + key + ":" + etag));
    }

    public static PutObjectRequest.Builder put(String bucket, String key) {
        return put(bucket, key, "etag", 1);
    }

    public static DeleteObjectRequest.Builder delete(String bucket, String key) {
        return DeleteObjectRequest.newBuilder().setBucket(bucket).setKey(key);
    }

    public static DeleteObjectRequest.Builder deleteVersion(String bucket, String key, String versionId) {
        return delete(bucket, key).setVersionId(versionId);
    }

    public static TxnOp op(PutObjectRequest.Builder put) {
        return TxnOp.newBuilder().setPut(put).build();
    }

    public static TxnOp op(DeleteObjectRequest.Builder delete) {
        return TxnOp.newBuilder().setDelete(delete).build();
    }

    public static TxnRequest.Builder txn(TxnOp... ops) {
        return TxnRequest.newBuilder().addAllOps(java.util.List.of(ops));
    }

    public static CreateMultipartUploadRequest.Builder createUpload(String bucket, String key) {
        return CreateMultipartUploadRequest.newBuilder().setBucket(bucket).setKey(key);
    }

    public static UploadPartRequest.Builder uploadPart(String bucket, String uploadId, int partNumber, long size,
                                                       String etag) {
        return UploadPartRequest.newBuilder().setBucket(bucket).setUploadId(uploadId).setPartNumber(partNumber)
                .setSize(size).setEtag(etag).setLocation(location("part:" + uploadId + ":" + partNumber + ":" + etag));
    }

    /** A completion naming {@code numbersAndEtags} as alternating part number, etag pairs. */
    public static CompleteMultipartUploadRequest.Builder complete(String bucket, String uploadId,
                                                                  Object... numbersAndEtags) {
        CompleteMultipartUploadRequest.Builder b = CompleteMultipartUploadRequest.newBuilder().setBucket(bucket)
                .setUploadId(uploadId);
        for (int i = 0; i < numbersAndEtags.length; i += 2) {
            b.addParts(CompletedPart.newBuilder().setPartNumber((Integer) numbersAndEtags[i])
                    .setEtag((String) numbersAndEtags[i + 1]));
        }
        return b;
    }

    public static AbortMultipartUploadRequest.Builder abort(String bucket, String uploadId) {
        return AbortMultipartUploadRequest.newBuilder().setBucket(bucket).setUploadId(uploadId);
    }

    public static AckGarbageRequest.Builder ackGarbage(long upToRevision) {
        return AckGarbageRequest.newBuilder().setUpToRevision(upToRevision);
    }

    public static RequestId requestId(String clientId, long sequence) {
        return RequestId.newBuilder().setClientId(clientId).setSequence(sequence).build();
    }

    public static ByteString location(String s) {
        return ByteString.copyFromUtf8(s);
    }

    /** Wraps a request (or its builder) in the Command that carries it. */
    public static Command command(MessageOrBuilder request) {
        Message m = request instanceof Message.Builder b ? b.build() : (Message) request;
        Command.Builder c = Command.newBuilder();
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
            throw new IllegalArgumentException("request: " + m.getClass().getSimpleName()
                    + " (expected: a mutating request)");
        }
        return c.build();
    }
}
