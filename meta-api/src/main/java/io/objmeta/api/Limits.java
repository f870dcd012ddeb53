package io.objmeta.api;

/**
 * Every limit objmeta enforces on input, in one place. {@link Validation} checks them; the
 * numbers DESIGN.md fixes are marked so, the others are our choices (see package-info).
 */
public final class Limits {
  private Limits() {}

  // Bucket names (DESIGN: S3 rules).
  public static final int MIN_BUCKET_NAME_CHARS = 3;
  public static final int MAX_BUCKET_NAME_CHARS = 63;

  /** Object keys: 1..1024 bytes of UTF-8 (DESIGN). Also bounds prefixes and markers. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Sum of the UTF-8 bytes of every user metadata name and value (DESIGN, S3's 2 KiB). */
  public static final int MAX_USER_METADATA_BYTES = 2048;

  /** The opaque location blob of a version or part (DESIGN). */
  public static final int MAX_LOCATION_BYTES = 256 * 1024;

  /** Page sizes: absent means this many, larger values are capped to it (DESIGN, as S3). */
  public static final int MAX_PAGE_SIZE = 1000;

  // Multipart uploads (DESIGN, as S3).
  public static final int MIN_PART_NUMBER = 1;
  public static final int MAX_PART_NUMBER = 10_000;
  /** Default minimum size of every part but the last at Complete; the store may configure it. */
  public static final long DEFAULT_MIN_PART_SIZE_BYTES = 5L * 1024 * 1024;

  /** Operations in one Txn (DESIGN). */
  public static final int MAX_TXN_OPS = 128;

  // Bucket labels (our choice; Kubernetes-like keys, generous values).
  public static final int MAX_LABELS = 64;
  public static final int MAX_LABEL_KEY_CHARS = 63;
  public static final int MAX_LABEL_VALUE_CHARS = 255;

  /** ETags: printable ASCII, S3 quotes included when a frontend keeps them. */
  public static final int MAX_ETAG_CHARS = 1024;
  /** versionIds and uploadIds as accepted in requests (ours are 14 characters). */
  public static final int MAX_ID_CHARS = 64;
  /** Storage classes: S3's names (STANDARD, STANDARD_IA, GLACIER_IR, ...) fit. */
  public static final int MAX_STORAGE_CLASS_CHARS = 32;
  public static final String DEFAULT_STORAGE_CLASS = "STANDARD";
  public static final int MAX_CONTENT_TYPE_CHARS = 256;
  /** RequestId.clientId. */
  public static final int MAX_CLIENT_ID_CHARS = 128;

  /** Characters of a value shown in an error message before it is cut. */
  public static final int MAX_DISPLAY_CHARS = 64;
}
