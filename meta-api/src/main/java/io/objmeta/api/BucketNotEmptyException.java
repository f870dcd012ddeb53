package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * DeleteBucket on a bucket that still holds versions, delete markers or uploads in progress
 * (ABORTED, HTTP 409).
 */
public final class BucketNotEmptyException extends MetadataException {
  private final String bucket;

  public BucketNotEmptyException(String bucket) {
    this("bucket " + Display.quote(bucket) + " is not empty", bucket);
  }

  BucketNotEmptyException(String message, String bucket) {
    super(Code.ABORTED, message);
    this.bucket = requireNonNull(bucket, "bucket");
  }

  public String bucket() {
    return bucket;
  }
}
