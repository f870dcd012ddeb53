package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.Error.Reason;
import io.objmeta.api.proto.ErrorCode;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Converts between the typed exceptions and the proto {@code Error} that carries them in the
 * log (a failed command's result) and on the wire. {@code fromProto(toProto(e))} gives an
 * exception of the same class with the same code, message and fields.
 */
public final class Errors {
  private Errors() {}

  public static Error toProto(MetadataException e) {
    requireNonNull(e, "e");
    Error.Builder b = Error.newBuilder()
        .setCode(ErrorCode.valueOf(e.code().name()))
        .setMessage(e.getMessage());
    if (e instanceof ConflictException c) {
      b.setReason(Reason.CONFLICT).setCurrentRevision(c.currentRevision());
      if (c.failedOpIndex() >= 0) {
        b.setFailedOpIndex(c.failedOpIndex());
      }
    } else if (e instanceof BucketAlreadyExistsException x) {
      b.setReason(Reason.BUCKET_ALREADY_EXISTS).setBucket(x.bucket());
    } else if (e instanceof NoSuchBucketException x) {
      b.setReason(Reason.NO_SUCH_BUCKET).setBucket(x.bucket());
    } else if (e instanceof NoSuchKeyException x) {
      b.setReason(Reason.NO_SUCH_KEY).setBucket(x.bucket()).setKey(x.key())
          .setIsDeleteMarker(x.isDeleteMarker()).setVersionId(x.versionId());
    } else if (e instanceof NoSuchVersionException x) {
      b.setReason(Reason.NO_SUCH_VERSION).setBucket(x.bucket()).setKey(x.key())
          .setVersionId(x.versionId());
    } else if (e instanceof NoSuchUploadException x) {
      b.setReason(Reason.NO_SUCH_UPLOAD).setBucket(x.bucket()).setUploadId(x.uploadId());
    } else if (e instanceof BucketNotEmptyException x) {
      b.setReason(Reason.BUCKET_NOT_EMPTY).setBucket(x.bucket());
    } else if (e instanceof QuotaExceededException x) {
      b.setReason(Reason.QUOTA_EXCEEDED).setBucket(x.bucket()).setField(x.quotaField())
          .setLimit(x.limit());
    } else if (e instanceof InvalidArgumentException x) {
      b.setReason(Reason.INVALID_ARGUMENT).setField(x.field()).setValue(x.value())
          .setRule(x.rule());
    } else if (e instanceof NotLeaderException x) {
      b.setReason(Reason.NOT_LEADER).setLeaderId(x.leaderId())
          .setLeaderAddress(x.leaderAddress());
    } else if (e instanceof UnavailableException) {
      b.setReason(Reason.UNAVAILABLE);
    } else if (e instanceof CompactedException x) {
      b.setReason(Reason.COMPACTED).setRequestedRevision(x.requestedRevision())
          .setCompactRevision(x.compactRevision());
    }
    return b.build();
  }

  /**
   * Any failure as an Error: a {@link MetadataException} (also wrapped in a
   * {@link CompletionException} or {@link ExecutionException}) as itself, anything else as
   * INTERNAL naming its class.
   */
  public static Error toProto(Throwable t) {
    requireNonNull(t, "t");
    Throwable cause = unwrap(t);
    if (cause instanceof MetadataException e) {
      return toProto(e);
    }
    String message = cause.getMessage() == null
        ? cause.getClass().getName()
        : cause.getClass().getName() + ": " + cause.getMessage();
    return Error.newBuilder().setCode(ErrorCode.INTERNAL).setMessage(message).build();
  }

  public static MetadataException fromProto(Error e) {
    requireNonNull(e, "e");
    String m = e.getMessage();
    return switch (e.getReason()) {
      case CONFLICT -> new ConflictException(
          m, e.getCurrentRevision(), e.hasFailedOpIndex() ? e.getFailedOpIndex() : -1);
      case BUCKET_ALREADY_EXISTS -> new BucketAlreadyExistsException(m, e.getBucket());
      case NO_SUCH_BUCKET -> new NoSuchBucketException(m, e.getBucket());
      case NO_SUCH_KEY -> new NoSuchKeyException(
          m, e.getBucket(), e.getKey(), e.getIsDeleteMarker(), e.getVersionId());
      case NO_SUCH_VERSION -> new NoSuchVersionException(
          m, e.getBucket(), e.getKey(), e.getVersionId());
      case NO_SUCH_UPLOAD -> new NoSuchUploadException(m, e.getBucket(), e.getUploadId());
      case BUCKET_NOT_EMPTY -> new BucketNotEmptyException(m, e.getBucket());
      case QUOTA_EXCEEDED -> new QuotaExceededException(
          m, e.getBucket(), e.getField(), e.getLimit());
      case INVALID_ARGUMENT -> new InvalidArgumentException(
          e.getField(), e.getValue(), e.getRule());
      case NOT_LEADER -> new NotLeaderException(m, e.getLeaderId(), e.getLeaderAddress());
      case UNAVAILABLE -> new UnavailableException(m);
      case COMPACTED -> new CompactedException(
          m, e.getRequestedRevision(), e.getCompactRevision());
      case REASON_UNSPECIFIED, UNRECOGNIZED -> new MetadataException(code(e), m);
    };
  }

  /** The Java code of a proto code; unknown or unspecified codes become INTERNAL. */
  public static MetadataException.Code code(Error e) {
    ErrorCode code = e.getCode();
    if (code == ErrorCode.UNRECOGNIZED || code == ErrorCode.ERROR_CODE_UNSPECIFIED) {
      return MetadataException.Code.INTERNAL;
    }
    return MetadataException.Code.valueOf(code.name());
  }

  /** Strips the wrappers futures add, so callers see the exception the store threw. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = requireNonNull(t, "t");
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }
}
