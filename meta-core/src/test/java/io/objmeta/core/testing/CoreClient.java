package io.objmeta.core.testing;

import com.google.protobuf.MessageOrBuilder;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import java.util.List;

/**
 * Typed calls over a {@link CoreFixture}, as a client of the store would make them: writes are validated,
 * stamped and applied one per batch (errors thrown as their typed exceptions), reads are validated then served.
 */
public final class CoreClient implements AutoCloseable {
    private final CoreFixture fixture;

    private CoreClient(CoreFixture fixture) {
        this.fixture = fixture;
    }

    /** A store with a 5-byte minimum part size (see {@link CoreFixture#create()}). */
    public static CoreClient create() {
        return new CoreClient(CoreFixture.create());
    }

    public static CoreClient create(CoreOptions options) {
        return new CoreClient(CoreFixture.create(options));
    }

    public CoreFixture fixture() {
        return fixture;
    }

    public MetaCore core() {
        return fixture.core();
    }

    public long revision() {
        return core().revision();
    }

    /** Applies any request as one command; returns its result or throws its typed exception. */
    public CommandResult apply(MessageOrBuilder request) {
        return fixture.apply(Requests.command(request));
    }

    // ---- buckets ----

    public Bucket createBucket(String name, Versioning versioning) {
        return createBucket(Requests.createBucket(name, versioning));
    }

    public Bucket createBucket(CreateBucketRequest.Builder r) {
        return apply(r).getCreateBucket();
    }

    public Bucket updateBucket(UpdateBucketRequest.Builder r) {
        return apply(r).getUpdateBucket();
    }

    public Bucket setVersioning(String bucket, Versioning versioning) {
        return updateBucket(Requests.updateBucket(bucket).setVersioning(versioning));
    }

    public Bucket deleteBucket(String name) {
        return deleteBucket(Requests.deleteBucket(name));
    }

    public Bucket deleteBucket(DeleteBucketRequest.Builder r) {
        return apply(r).getDeleteBucket();
    }

    public Bucket bucket(String name) {
        return core().getBucket(name);
    }

    public ListBucketsResponse listBuckets(ListBucketsRequest.Builder r) {
        ListBucketsRequest req = r.build();
        Validation.validate(req);
        return core().listBuckets(req);
    }

    // ---- objects ----

    public PutObjectResponse put(String bucket, String key, String etag, long size) {
        return put(Requests.put(bucket, key, etag, size));
    }

    public PutObjectResponse put(PutObjectRequest.Builder r) {
        return apply(r).getPutObject();
    }

    public DeleteObjectResponse delete(String bucket, String key) {
        return delete(Requests.delete(bucket, key));
    }

    public DeleteObjectResponse deleteVersion(String bucket, String key, String versionId) {
        return delete(Requests.deleteVersion(bucket, key, versionId));
    }

    public DeleteObjectResponse delete(DeleteObjectRequest.Builder r) {
        return apply(r).getDeleteObject();
    }

    public TxnResponse txn(TxnOp... ops) {
        return apply(Requests.txn(ops)).getTxn();
    }

    public ObjectVersion get(String bucket, String key) {
        return get(bucket, key, "");
    }

    public ObjectVersion get(String bucket, String key, String versionId) {
        GetObjectRequest r = GetObjectRequest.newBuilder().setBucket(bucket).setKey(key).setVersionId(versionId)
                .build();
        Validation.validate(r);
        return core().getObject(r);
    }

    public ListObjectsResponse list(ListObjectsRequest.Builder r) {
        ListObjectsRequest req = r.build();
        Validation.validate(req);
        return core().listObjects(req);
    }

    public ListObjectVersionsResponse versions(ListObjectVersionsRequest.Builder r) {
        ListObjectVersionsRequest req = r.build();
        Validation.validate(req);
        return core().listObjectVersions(req);
    }

    // ---- multipart ----

    public String createUpload(String bucket, String key) {
        return apply(Requests.createUpload(bucket, key)).getCreateMultipartUpload().getUploadId();
    }

    public long uploadPart(String bucket, String uploadId, int partNumber, long size, String etag) {
        return apply(Requests.uploadPart(bucket, uploadId, partNumber, size, etag)).getUploadPart().getRevision();
    }

    public ObjectVersion complete(CompleteMultipartUploadRequest.Builder r) {
        return apply(r).getCompleteMultipartUpload();
    }

    public long abort(String bucket, String uploadId) {
        return apply(Requests.abort(bucket, uploadId)).getAbortMultipartUpload().getRevision();
    }

    public ListMultipartUploadsResponse uploads(ListMultipartUploadsRequest.Builder r) {
        ListMultipartUploadsRequest req = r.build();
        Validation.validate(req);
        return core().listMultipartUploads(req);
    }

    public ListPartsResponse parts(ListPartsRequest.Builder r) {
        ListPartsRequest req = r.build();
        Validation.validate(req);
        return core().listParts(req);
    }

    // ---- garbage and changes ----

    public ListGarbageResponse garbage(long afterRevision, int limit) {
        ListGarbageRequest req = ListGarbageRequest.newBuilder().setAfterRevision(afterRevision).setLimit(limit)
                .build();
        Validation.validate(req);
        return core().listGarbage(req);
    }

    public long ackGarbage(long upToRevision) {
        return apply(Requests.ackGarbage(upToRevision)).getAckGarbage().getRemovedCount();
    }

    public List<Change> changes(long fromRevision) {
        return core().changes(fromRevision, Integer.MAX_VALUE, "", "");
    }

    /** SHA-256 of the store's canonical dump without the applied log position (see {@link StoreDigest}). */
    public String dataDigest() {
        return StoreDigest.data(core());
    }

    public void reopen(CoreOptions options) {
        fixture.reopen(options);
    }

    @Override
    public void close() {
        fixture.close();
    }
}
