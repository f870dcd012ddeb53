package io.objmeta.server.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import io.grpc.Status;
import io.objmeta.api.Errors;
import io.objmeta.api.GrpcErrors;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Every error on the API port is JSON: the {@link Error} message in proto3 JSON (lowerCamelCase, int64 as strings)
 * plus {@code httpStatus}, with the status from {@link StatusMapping}. Covers RPC failures, transcoding failures
 * (malformed JSON, bad numbers: always 400, never 500) and Armeria's own 404/405/413.
 */
public final class JsonErrors implements UnframedGrpcErrorHandler, ServerErrorHandler {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    public static HttpResponse response(Error e) {
        return json(StatusMapping.http(GrpcErrors.statusCode(e.getCode())), e);
    }

    static String render(Error e, HttpStatus status) {
        try {
            String json = PRINTER.print(e);
            return json.substring(0, json.length() - 1) + (json.length() > 2 ? "," : "") + "\"httpStatus\":"
                    + status.code() + "}";
        } catch (InvalidProtocolBufferException x) {
            throw new IllegalStateException(x);
        }
    }

    private static HttpResponse json(HttpStatus status, Error e) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8, render(e, status));
    }

    // ---- RPC failures over HTTP/JSON (transcoded and unframed) ----

    @Override
    public @Nullable HttpResponse handle(ServiceRequestContext ctx, Status status, AggregatedHttpResponse response) {
        Error e = ctx.attr(MetadataService.ERROR);
        if (e == null) {
            e = fromStatus(status);
        }
        return json(StatusMapping.http(GrpcErrors.statusCode(e.getCode())), e);
    }

    /** A failure raised before our service ran (JSON parsing, number conversion) is the client's bad input. */
    private static Error fromStatus(Status status) {
        Status.Code code = status.getCode();
        String message = status.getDescription() != null ? status.getDescription()
                : status.getCause() != null ? String.valueOf(status.getCause().getMessage()) : code.name();
        if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
            Throwable cause = status.getCause();
            boolean badInput = cause instanceof IllegalArgumentException || cause instanceof NumberFormatException
                    || cause instanceof InvalidProtocolBufferException
                    || (cause != null && cause.getClass().getName().contains("Json"));
            if (badInput || code == Status.Code.UNKNOWN) {
                code = Status.Code.INVALID_ARGUMENT;
                message = "request: " + message + " (expected: a well-formed request in proto3 JSON)";
            }
        } else if (code == Status.Code.INVALID_ARGUMENT && !message.contains("expected")) {
            message = "request: " + message + " (expected: a well-formed request in proto3 JSON)";
        }
        return Error.newBuilder().setCode(StatusMapping.errorCode(code))
                .setReason(code == Status.Code.INVALID_ARGUMENT ? Error.Reason.INVALID_ARGUMENT
                        : Error.Reason.REASON_UNSPECIFIED)
                .setMessage(message).build();
    }

    // ---- everything else on the port ----

    @Override
    public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        if (cause instanceof com.linecorp.armeria.server.HttpStatusException h) {
            AggregatedHttpResponse r = renderStatus(ctx, ctx.config(), ctx.request().headers(), h.httpStatus(),
                    null, cause);
            return r.toHttpResponse();
        }
        Error e = Errors.toProto(cause);
        return json(StatusMapping.http(GrpcErrors.statusCode(e.getCode())), e);
    }

    @Override
    public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                                         @Nullable RequestHeaders headers, HttpStatus status,
                                                         @Nullable String description, @Nullable Throwable cause) {
        ErrorCode code = switch (status.code()) {
            case 400, 413, 414, 415, 422 -> ErrorCode.INVALID_ARGUMENT;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.RESOURCE_EXHAUSTED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status.code() >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_ARGUMENT;
        };
        String what = headers == null ? "request" : headers.method() + " " + headers.path();
        String message = switch (status.code()) {
            case 404 -> "no such route: " + what + " (see /docs for every route)";
            case 405 -> "method not allowed: " + what + " (see /docs for every route)";
            default -> what + ": " + status.reasonPhrase() + (description == null ? "" : " (" + description + ")");
        };
        Error e = Error.newBuilder().setCode(code).setMessage(message).build();
        return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, render(e, status));
    }
}
