package io.objmeta.api;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.ErrorCode;

/**
 * How an objmeta error crosses gRPC: the status code from the table in DESIGN "Errors", and the whole
 * {@link Error} in the {@code objmeta-error-bin} trailer, so the receiving side rebuilds the exact typed
 * exception ({@link #fromStatus}).
 */
public final class GrpcErrors {
  /** The trailer carrying the serialized {@link Error}. */
  public static final Metadata.Key<Error> ERROR_KEY =
      ProtoUtils.keyForProto(Error.getDefaultInstance());

  private GrpcErrors() {}

  /** The gRPC status code of an error code. */
  public static Status.Code statusCode(ErrorCode code) {
    Status.Code c = code == ErrorCode.UNRECOGNIZED ? null : Status.fromCodeValue(code.getNumber()).getCode();
    return c == null || code == ErrorCode.ERROR_CODE_UNSPECIFIED ? Status.Code.INTERNAL : c;
  }

  /** The exception a server raises for {@code e}: status, description and the trailer. */
  public static StatusRuntimeException toStatusException(Error e) {
    requireNonNull(e, "e");
    Metadata trailers = new Metadata();
    trailers.put(ERROR_KEY, e);
    return new Reply(Status.fromCode(statusCode(e.getCode())).withDescription(e.getMessage()), trailers);
  }

  /**
   * A server's error reply: it only carries a status and trailers to the transport, so it captures
   * no stack trace (a conflict reply would otherwise spend more on the trace than on the rest).
   */
  private static final class Reply extends StatusRuntimeException {
    private static final long serialVersionUID = 1L;

    Reply(Status status, Metadata trailers) {
      super(status, trailers);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /**
   * The typed exception of a failed call: from the trailer when the server sent one, else from the status alone
   * (transport failures: UNAVAILABLE for a node that is down, DEADLINE_EXCEEDED as UNAVAILABLE too).
   */
  public static MetadataException fromStatus(Status status, Metadata trailers) {
    Error e = trailers == null ? null : trailers.get(ERROR_KEY);
    if (e != null) {
      return Errors.fromProto(e);
    }
    String message = status.getDescription() != null ? status.getDescription()
        : status.getCause() != null ? String.valueOf(status.getCause()) : status.getCode().name();
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED ->
          new UnavailableException(status.getCode() + ": " + message, status.getCause());
      case INVALID_ARGUMENT -> new MetadataException(MetadataException.Code.INVALID_ARGUMENT, message);
      case NOT_FOUND -> new MetadataException(MetadataException.Code.NOT_FOUND, message);
      case ALREADY_EXISTS -> new MetadataException(MetadataException.Code.ALREADY_EXISTS, message);
      case FAILED_PRECONDITION -> new MetadataException(MetadataException.Code.FAILED_PRECONDITION, message);
      case ABORTED -> new MetadataException(MetadataException.Code.ABORTED, message);
      case RESOURCE_EXHAUSTED -> new MetadataException(MetadataException.Code.RESOURCE_EXHAUSTED, message);
      case OUT_OF_RANGE -> new MetadataException(MetadataException.Code.OUT_OF_RANGE, message);
      case PERMISSION_DENIED -> new MetadataException(MetadataException.Code.PERMISSION_DENIED, message);
      case UNAUTHENTICATED -> new MetadataException(MetadataException.Code.UNAUTHENTICATED, message);
      default -> new MetadataException(MetadataException.Code.INTERNAL, status.getCode() + ": " + message);
    };
  }

  /** {@link #fromStatus} of a caught gRPC exception. */
  public static MetadataException fromStatus(StatusRuntimeException e) {
    return fromStatus(e.getStatus(), e.getTrailers());
  }
}
