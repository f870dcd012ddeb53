package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * The write would take the bucket past its quota (RESOURCE_EXHAUSTED, HTTP 429). Nothing
 * changed. {@link #quotaField()} names the limit: {@code "maxObjects"} or {@code "maxBytes"}.
 */
public final class QuotaExceededException extends MetadataException {
  private final String bucket;
  private final String quotaField; // "maxObjects" or "maxBytes"
  private final long limit; // the quota value that would be exceeded

  public QuotaExceededException(String bucket, String quotaField, long limit) {
    this(
        "bucket " + Display.quote(bucket) + ": quota." + quotaField + " " + limit + " exceeded",
        bucket, quotaField, limit);
  }

  QuotaExceededException(String message, String bucket, String quotaField, long limit) {
    super(Code.RESOURCE_EXHAUSTED, message);
    this.bucket = requireNonNull(bucket, "bucket");
    this.quotaField = requireNonNull(quotaField, "quotaField");
    this.limit = limit;
  }

  public String bucket() {
    return bucket;
  }

  public String quotaField() {
    return quotaField;
  }

  public long limit() {
    return limit;
  }
}
