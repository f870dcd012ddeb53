package io.objmeta.api;

import static java.util.Objects.requireNonNull;

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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A blocking view of a {@link MetadataStore} ({@link MetadataStore#blocking()}): each method
 * waits for the store's future and returns its value, or throws the store's exception itself
 * (a {@link MetadataException} subclass, not wrapped in a {@code CompletionException}), so
 * callers write {@code catch (ConflictException e)}. Not interruptible: the store's own
 * timeouts bound the wait. Closing the store is the owner's job, not the view's.
 */
public final class BlockingMetadataStore {
  private final MetadataStore store;

  BlockingMetadataStore(MetadataStore store) {
    this.store = requireNonNull(store, "store");
  }

  /** The asynchronous store behind this view. */
  public MetadataStore async() {
    return store;
  }

  public Bucket createBucket(CreateBucketRequest request) {
    return join(store.createBucket(request));
  }

  public Bucket getBucket(GetBucketRequest request) {
    return join(store.getBucket(request));
  }

  public Bucket deleteBucket(DeleteBucketRequest request) {
    return join(store.deleteBucket(request));
  }

  public Bucket updateBucket(UpdateBucketRequest request) {
    return join(store.updateBucket(request));
  }

  public ListBucketsResponse listBuckets(ListBucketsRequest request) {
    return join(store.listBuckets(request));
  }

  public PutObjectResponse putObject(PutObjectRequest request) {
    return join(store.putObject(request));
  }

  public ObjectVersion getObject(GetObjectRequest request) {
    return join(store.getObject(request));
  }

  public DeleteObjectResponse deleteObject(DeleteObjectRequest request) {
    return join(store.deleteObject(request));
  }

  public ListObjectsResponse listObjects(ListObjectsRequest request) {
    return join(store.listObjects(request));
  }

  public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest request) {
    return join(store.listObjectVersions(request));
  }

  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    return join(store.createMultipartUpload(request));
  }

  public UploadPartResponse uploadPart(UploadPartRequest request) {
    return join(store.uploadPart(request));
  }

  public ObjectVersion completeMultipartUpload(CompleteMultipartUploadRequest request) {
    return join(store.completeMultipartUpload(request));
  }

  public AbortMultipartUploadResponse abortMultipartUpload(AbortMultipartUploadRequest request) {
    return join(store.abortMultipartUpload(request));
  }

  public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest request) {
    return join(store.listMultipartUploads(request));
  }

  public ListPartsResponse listParts(ListPartsRequest request) {
    return join(store.listParts(request));
  }

  public TxnResponse txn(TxnRequest request) {
    return join(store.txn(request));
  }

  public ListGarbageResponse listGarbage(ListGarbageRequest request) {
    return join(store.listGarbage(request));
  }

  public AckGarbageResponse ackGarbage(AckGarbageRequest request) {
    return join(store.ackGarbage(request));
  }

  /** As {@link MetadataStore#watch}: already non-blocking, the listener is called back. */
  public Watch watch(WatchRequest request, WatchListener listener) {
    return store.watch(request, listener);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = Errors.unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof java.lang.Error err) {
        throw err;
      }
      // a checked exception from an implementation: a bug there, not a caller error
      throw new MetadataException(MetadataException.Code.INTERNAL, cause.toString(), cause);
    }
  }
}
