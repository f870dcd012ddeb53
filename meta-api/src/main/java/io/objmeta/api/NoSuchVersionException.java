package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/** The key has no version with that versionId (NOT_FOUND, HTTP 404). */
public final class NoSuchVersionException extends MetadataException {
  private final String bucket;
  private final String key;
  private final String versionId;

  public NoSuchVersionException(String bucket, String key, String versionId) {
    this(
        "no such version: " + Display.quote(versionId) + " of key " + Display.quote(key)
            + " in bucket " + Display.quote(bucket),
        bucket, key, versionId);
  }

  NoSuchVersionException(String message, String bucket, String key, String versionId) {
    super(Code.NOT_FOUND, message);
    this.bucket = requireNonNull(bucket, "bucket");
    this.key = requireNonNull(key, "key");
    this.versionId = requireNonNull(versionId, "versionId");
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }

  public String versionId() {
    return versionId;
  }
}
