package io.objmeta.api;

/**
 * A Watch asked for changes older than the retained window (OUT_OF_RANGE, HTTP 410), as
 * etcd's "compacted": re-list, then watch from the listing's revision + 1.
 */
public final class CompactedException extends MetadataException {
  private final long requestedRevision;
  private final long compactRevision; // the oldest revision still retained

  public CompactedException(long requestedRevision, long compactRevision) {
    this(
        "fromRevision: " + requestedRevision + " (expected: >= " + compactRevision
            + "; older changes are compacted)",
        requestedRevision, compactRevision);
  }

  CompactedException(String message, long requestedRevision, long compactRevision) {
    super(Code.OUT_OF_RANGE, message);
    this.requestedRevision = requestedRevision;
    this.compactRevision = compactRevision;
  }

  public long requestedRevision() {
    return requestedRevision;
  }

  /** The oldest revision the change feed still retains. */
  public long compactRevision() {
    return compactRevision;
  }
}
