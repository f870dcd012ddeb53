package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * The key has no live current version (NOT_FOUND, HTTP 404): it never existed, was deleted,
 * or its latest version is a delete marker ({@link #isDeleteMarker()}, as S3's
 * {@code x-amz-delete-marker: true}, with the marker's {@link #versionId()}). Carries no stack
 * trace: a miss is an expected outcome of a read, created by the store.
 */
public final class NoSuchKeyException extends MetadataException {
  private final String bucket;
  private final String key;
  private final boolean deleteMarker; // the latest version is a delete marker
  private final String versionId; // the marker's versionId; empty unless deleteMarker

  public NoSuchKeyException(String bucket, String key) {
    this(message(bucket, key, ""), bucket, key, false, "");
  }

  /** The latest version of the key is the delete marker {@code markerVersionId}. */
  public static NoSuchKeyException deleteMarker(String bucket, String key, String markerVersionId) {
    return new NoSuchKeyException(
        message(bucket, key, markerVersionId), bucket, key, true, markerVersionId);
  }

  NoSuchKeyException(
      String message, String bucket, String key, boolean deleteMarker, String versionId) {
    super(Code.NOT_FOUND, message, false);
    this.bucket = requireNonNull(bucket, "bucket");
    this.key = requireNonNull(key, "key");
    this.deleteMarker = deleteMarker;
    this.versionId = requireNonNull(versionId, "versionId");
  }

  private static String message(String bucket, String key, String markerVersionId) {
    String base = "no such key: " + Display.quote(key) + " in bucket " + Display.quote(bucket);
    return markerVersionId.isEmpty()
        ? base
        : base + " (latest version is delete marker " + Display.quote(markerVersionId) + ")";
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }

  public boolean isDeleteMarker() {
    return deleteMarker;
  }

  /** The delete marker's versionId when {@link #isDeleteMarker()}, else empty. */
  public String versionId() {
    return versionId;
  }
}
