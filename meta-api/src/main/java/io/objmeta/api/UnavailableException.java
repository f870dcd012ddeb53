package io.objmeta.api;

import org.jspecify.annotations.Nullable;

/**
 * The store cannot serve the request now (UNAVAILABLE, HTTP 503): closed, no leader, a
 * timeout, the connection lost. Retrying later may succeed; a write retried with the same
 * requestId applies at most once.
 */
public final class UnavailableException extends MetadataException {
  public UnavailableException(String message) {
    super(Code.UNAVAILABLE, message);
  }

  public UnavailableException(String message, @Nullable Throwable cause) {
    super(Code.UNAVAILABLE, message, cause);
  }
}
