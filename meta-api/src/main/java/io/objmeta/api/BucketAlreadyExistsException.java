package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/** CreateBucket named a bucket that exists (ALREADY_EXISTS, HTTP 409). */
public final class BucketAlreadyExistsException extends MetadataException {
  private final String bucket;

  public BucketAlreadyExistsException(String bucket) {
    this("bucket " + Display.quote(bucket) + " already exists", bucket);
  }

  BucketAlreadyExistsException(String message, String bucket) {
    super(Code.ALREADY_EXISTS, message);
    this.bucket = requireNonNull(bucket, "bucket");
  }

  public String bucket() {
    return bucket;
  }
}
