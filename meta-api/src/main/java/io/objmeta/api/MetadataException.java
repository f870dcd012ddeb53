package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The root of every error objmeta reports, embedded or remote. Unchecked: callers catch the
 * final subclasses they can act on ({@link ConflictException}, {@link NoSuchKeyException}, ...)
 * and let the rest propagate. Errors without a subclass of their own (permission denied,
 * overload, internal errors) are plain {@code MetadataException}s with a {@link Code}.
 *
 * <p>The hierarchy is sealed because every error must survive the log and the wire:
 * {@link Errors} converts each of these classes to the proto {@code Error} and back.
 */
public sealed class MetadataException extends RuntimeException
    permits ConflictException, BucketAlreadyExistsException, NoSuchBucketException,
        NoSuchKeyException, NoSuchVersionException, NoSuchUploadException,
        BucketNotEmptyException, QuotaExceededException, InvalidArgumentException,
        NotLeaderException, UnavailableException, CompactedException {

  /**
   * The status class, named as the gRPC status codes; meta-server owns the mapping to gRPC
   * and HTTP statuses (DESIGN.md "Errors"). Mirrors the proto enum {@code ErrorCode}.
   */
  public enum Code {
    INVALID_ARGUMENT,
    NOT_FOUND,
    ALREADY_EXISTS,
    FAILED_PRECONDITION,
    ABORTED,
    RESOURCE_EXHAUSTED,
    OUT_OF_RANGE,
    UNAVAILABLE,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    INTERNAL
  }

  private final Code code;

  public MetadataException(Code code, String message) {
    this(code, message, null);
  }

  public MetadataException(Code code, String message, @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.code = requireNonNull(code, "code");
  }

  /**
   * For the outcomes a caller expects and handles in its own loop ({@link ConflictException},
   * {@link NoSuchKeyException}): no stack trace is captured. Such an exception is created where
   * the store decides (the apply thread, a network callback), never on the caller's stack, so a
   * trace would name only the store's threads, and capturing it cost more than the rest of a
   * failed CAS round on a busy server.
   */
  MetadataException(Code code, String message, boolean stackTrace) {
    super(requireNonNull(message, "message"), null, false, stackTrace);
    this.code = requireNonNull(code, "code");
  }

  public final Code code() {
    return code;
  }

  @Override
  public String getMessage() {
    // never null: every constructor requires a message
    return requireNonNull(super.getMessage());
  }
}
