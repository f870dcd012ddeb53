package io.objmeta.api;

import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AbortMultipartUploadResponse;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.AckGarbageResponse;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GetBucketRequest;
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
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.UploadPartResponse;
import io.objmeta.api.proto.WatchRequest;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata store, embedded ({@code meta-core}) or remote ({@code meta-client}): one
 * interface, so a frontend moves between them by configuration. Each method is one RPC of
 * {@code objmeta.v1.Metadata} and takes and returns its proto messages unchanged (see
 * service.proto for the semantics of every field).
 *
 * <p>Every method returns at once. A future fails with a {@link MetadataException} subclass
 * (wrapped in a {@code CompletionException} by {@code join}; {@link #blocking()} unwraps it):
 * invalid input with {@link InvalidArgumentException} before anything is logged, a failed
 * condition with {@link ConflictException}, and so on. A write's future completes once the
 * write is durable and visible to reads. Implementations are thread-safe; futures may
 * complete on an internal thread, so callbacks must not block (use the {@code *Async}
 * variants with an executor for slow work).
 */
public interface MetadataStore extends AutoCloseable {

  // ---- Buckets ----

  CompletableFuture<Bucket> createBucket(CreateBucketRequest request);

  CompletableFuture<Bucket> getBucket(GetBucketRequest request);

  /** Returns the bucket's last state; its revision is the deletion's. */
  CompletableFuture<Bucket> deleteBucket(DeleteBucketRequest request);

  CompletableFuture<Bucket> updateBucket(UpdateBucketRequest request);

  CompletableFuture<ListBucketsResponse> listBuckets(ListBucketsRequest request);

  // ---- Objects ----

  CompletableFuture<PutObjectResponse> putObject(PutObjectRequest request);

  /** The latest version, or the one named by versionId. */
  CompletableFuture<ObjectVersion> getObject(GetObjectRequest request);

  CompletableFuture<DeleteObjectResponse> deleteObject(DeleteObjectRequest request);

  CompletableFuture<ListObjectsResponse> listObjects(ListObjectsRequest request);

  CompletableFuture<ListObjectVersionsResponse> listObjectVersions(
      ListObjectVersionsRequest request);

  // ---- Multipart uploads ----

  CompletableFuture<CreateMultipartUploadResponse> createMultipartUpload(
      CreateMultipartUploadRequest request);

  CompletableFuture<UploadPartResponse> uploadPart(UploadPartRequest request);

  /** Returns the new version. */
  CompletableFuture<ObjectVersion> completeMultipartUpload(CompleteMultipartUploadRequest request);

  CompletableFuture<AbortMultipartUploadResponse> abortMultipartUpload(
      AbortMultipartUploadRequest request);

  CompletableFuture<ListMultipartUploadsResponse> listMultipartUploads(
      ListMultipartUploadsRequest request);

  CompletableFuture<ListPartsResponse> listParts(ListPartsRequest request);

  // ---- Transactions, garbage feed, change feed ----

  /** All operations at one revision, or none (a {@link ConflictException} names the op). */
  CompletableFuture<TxnResponse> txn(TxnRequest request);

  CompletableFuture<ListGarbageResponse> listGarbage(ListGarbageRequest request);

  CompletableFuture<AckGarbageResponse> ackGarbage(AckGarbageRequest request);

  /**
   * Streams committed changes to {@code listener} until cancelled or failed. An invalid
   * request or a compacted {@code fromRevision} is reported through
   * {@link WatchListener#onError} ({@link CompactedException}), not thrown.
   */
  Watch watch(WatchRequest request, WatchListener listener);

  /** A blocking view of this store: same methods, results returned, exceptions unwrapped. */
  default BlockingMetadataStore blocking() {
    return new BlockingMetadataStore(this);
  }

  /**
   * Releases the store. Pending futures fail with {@link UnavailableException}; open watches
   * end with it too. Idempotent.
   */
  @Override
  void close();
}
