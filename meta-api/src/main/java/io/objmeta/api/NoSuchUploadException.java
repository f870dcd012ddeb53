package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * No multipart upload in progress has that uploadId in the bucket (NOT_FOUND, HTTP 404): it
 * never existed, was completed or aborted, or belongs to another key than the one named.
 */
public final class NoSuchUploadException extends MetadataException {
  private final String bucket;
  private final String uploadId;

  public NoSuchUploadException(String bucket, String uploadId) {
    this(
        "no such upload: " + Display.quote(uploadId) + " in bucket " + Display.quote(bucket),
        bucket, uploadId);
  }

  NoSuchUploadException(String message, String bucket, String uploadId) {
    super(Code.NOT_FOUND, message);
    this.bucket = requireNonNull(bucket, "bucket");
    this.uploadId = requireNonNull(uploadId, "uploadId");
  }

  public String bucket() {
    return bucket;
  }

  public String uploadId() {
    return uploadId;
  }
}
