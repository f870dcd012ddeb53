package io.objmeta.server.internal;

import com.linecorp.armeria.common.HttpStatus;
import io.grpc.Metadata;
import io.grpc.Status;
import io.objmeta.api.Errors;
import io.objmeta.api.MetadataException;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.ErrorCode;

/**
 * The one table from objmeta errors to gRPC status and HTTP status (DESIGN "Errors"). The full {@link Error} travels
 * in the {@code objmeta-error-bin} trailer over gRPC and as the JSON body over HTTP, so a client rebuilds the same
 * typed exception the embedded store throws.
 */
public final class StatusMapping {
    /** gRPC trailer carrying the serialized {@link Error} (shared with clients through meta-api). */
    public static final Metadata.Key<Error> ERROR_KEY = io.objmeta.api.GrpcErrors.ERROR_KEY;

    private StatusMapping() {
    }

    public static Status.Code grpc(ErrorCode code) {
        return switch (code) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case ABORTED -> Status.Code.ABORTED;
            case OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            default -> Status.Code.INTERNAL;
        };
    }

    public static HttpStatus http(Status.Code code) {
        return switch (code) {
            case OK -> HttpStatus.OK;
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT;
            case FAILED_PRECONDITION -> HttpStatus.PRECONDITION_FAILED;
            case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS;
            case OUT_OF_RANGE -> HttpStatus.GONE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
            case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT;
            case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED;
            case CANCELLED -> HttpStatus.valueOf(499);
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public static ErrorCode errorCode(Status.Code code) {
        ErrorCode c = ErrorCode.forNumber(code.value());
        return c == null ? ErrorCode.INTERNAL : c;
    }

    /** The error of a failed call: ours as they are, anything else INTERNAL (logged by the caller). */
    public static Error toError(Throwable t) {
        Throwable u = Errors.unwrap(t);
        if (u instanceof MetadataException) {
            return Errors.toProto(u);
        }
        return Error.newBuilder().setCode(ErrorCode.INTERNAL).setMessage("internal error: "
                + u.getClass().getSimpleName() + (u.getMessage() == null ? "" : ": " + u.getMessage())).build();
    }

    public static Status status(Error e) {
        return Status.fromCode(grpc(e.getCode())).withDescription(e.getMessage());
    }
}
