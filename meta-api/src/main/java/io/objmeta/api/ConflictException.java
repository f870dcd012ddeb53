package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * A write's condition ({@code expectedRevision} or {@code expectedEtag}) did not hold at apply
 * time (FAILED_PRECONDITION, HTTP 412). Nothing changed; re-read and retry. Carries no stack
 * trace: it is an expected outcome of optimistic concurrency, created by the store.
 */
public final class ConflictException extends MetadataException {
  private final long currentRevision; // revision of the live current version (or bucket); 0 = none
  private final int failedOpIndex; // index of the first failed Txn operation; -1 outside a Txn

  public ConflictException(String message, long currentRevision) {
    this(message, currentRevision, -1);
  }

  public ConflictException(String message, long currentRevision, int failedOpIndex) {
    super(Code.FAILED_PRECONDITION, requireNonNull(message, "message"), false);
    if (failedOpIndex < -1) {
      throw new IllegalArgumentException("failedOpIndex: " + failedOpIndex + " (expected: >= -1)");
    }
    this.currentRevision = currentRevision;
    this.failedOpIndex = failedOpIndex;
  }

  /** The revision of the live current version now; 0 when there is none. */
  public long currentRevision() {
    return currentRevision;
  }

  /** The index of the first Txn operation whose condition failed, or -1 outside a Txn. */
  public int failedOpIndex() {
    return failedOpIndex;
  }
}
