package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/** The bucket does not exist (NOT_FOUND, HTTP 404). */
public final class NoSuchBucketException extends MetadataException {
  private final String bucket;

  public NoSuchBucketException(String bucket) {
    this("no such bucket: " + Display.quote(bucket), bucket);
  }

  NoSuchBucketException(String message, String bucket) {
    super(Code.NOT_FOUND, message);
    this.bucket = requireNonNull(bucket, "bucket");
  }

  public String bucket() {
    return bucket;
  }
}
