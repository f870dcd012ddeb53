package io.objmeta.server.internal;

import com.linecorp.armeria.common.HttpStatus;
import io.grpc.Status;
import io.objmeta.api.proto.ErrorCode;

/**
 * The HTTP side of the error table (DESIGN "Errors"): gRPC status → HTTP status. The gRPC side (error code →
 * status, the {@code objmeta-error-bin} trailer) is {@link io.objmeta.api.GrpcErrors}, shared with the client.
 */
public final class StatusMapping {
    private StatusMapping() {
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
}
