package io.objmeta.server.internal;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.objmeta.api.proto.Error;
import io.objmeta.api.proto.ErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/JSON requests checked before Armeria transcodes them, so bad input gets a precise 400 (never a vague one,
 * never a 500) and changes nothing.
 *
 * <p>JSON bodies (transcoded routes and the unframed {@code POST /objmeta.v1.Metadata/<Method>}) are parsed here
 * with the strict proto3 JSON parser into the method's request type: an unknown field, a misspelt enum value or a
 * non-numeric int64 is reported with the parser's own words. A body sent without a JSON content type (curl's
 * {@code -d} default) is treated as JSON.
 *
 * <p>Query parameters, checked before transcoding: Armeria would let {@code ?bucket=other}
 * override the {@code {bucket}} path variable, and silently ignore a misspelt parameter ({@code ?maxkeys=5}).
 * Here a parameter must be a field of the request (lowerCamelCase or proto name; {@code requestId.clientId} for
 * nested ones), must not name a path field, and routes with a JSON body take no query parameters at all.
 * The table is built from the {@code google.api.http} annotations of the service, so it follows the proto.
 */
public final class RequestGuard implements DecoratingHttpServiceFunction {
    private record Route(String method, Pattern path, Set<String> pathFields, Set<String> allowed, boolean body,
                         Descriptor input) {
    }

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final String UNFRAMED_PREFIX = "/objmeta.v1.Metadata/";

    private final List<Route> routes = new ArrayList<>();
    private final java.util.Map<String, Descriptor> unframed = new java.util.HashMap<>();

    public RequestGuard(ServiceDescriptor service) {
        for (MethodDescriptor m : service.getMethods()) {
            unframed.put(UNFRAMED_PREFIX + m.getName(), m.getInputType());
            if (!m.getOptions().hasExtension(AnnotationsProto.http)) {
                continue;
            }
            HttpRule rule = m.getOptions().getExtension(AnnotationsProto.http);
            String verb;
            String template;
            switch (rule.getPatternCase()) {
                case GET -> { verb = "GET"; template = rule.getGet(); }
                case PUT -> { verb = "PUT"; template = rule.getPut(); }
                case POST -> { verb = "POST"; template = rule.getPost(); }
                case DELETE -> { verb = "DELETE"; template = rule.getDelete(); }
                case PATCH -> { verb = "PATCH"; template = rule.getPatch(); }
                default -> { continue; }
            }
            Set<String> pathFields = new HashSet<>();
            StringBuilder regex = new StringBuilder("^");
            Matcher v = Pattern.compile("\\{([a-z_]+)(=\\*\\*)?}").matcher(template);
            int last = 0;
            while (v.find()) {
                regex.append(Pattern.quote(template.substring(last, v.start())));
                regex.append(v.group(2) != null ? ".*" : "[^/]+");
                pathFields.add(v.group(1));
                last = v.end();
            }
            regex.append(Pattern.quote(template.substring(last))).append("$");
            Set<String> allowed = new HashSet<>();
            Descriptor in = m.getInputType();
            for (FieldDescriptor f : in.getFields()) {
                allowed.add(f.getName());
                allowed.add(f.getJsonName());
            }
            Set<String> pathNames = new HashSet<>();
            for (String p : pathFields) {
                FieldDescriptor f = in.findFieldByName(p);
                pathNames.add(p);
                if (f != null) {
                    pathNames.add(f.getJsonName());
                }
            }
            routes.add(new Route(verb, Pattern.compile(regex.toString()), pathNames, allowed,
                    !rule.getBody().isEmpty(), in));
        }
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        Descriptor bodyType = unframed.get(ctx.path());
        if (bodyType != null && isGrpc(req.headers())) {
            return delegate.serve(ctx, req); // framed gRPC: protobuf, not ours to check
        }
        String query = ctx.query();
        String method = req.method().name();
        for (Route r : routes) {
            if (!r.method().equals(method) || !r.path().matcher(ctx.path()).matches()) {
                continue;
            }
            if (query != null && !query.isEmpty()) {
                HttpResponse bad = checkQuery(r, method, query);
                if (bad != null) {
                    return bad;
                }
            }
            if (r.body()) {
                bodyType = r.input();
            }
            break;
        }
        if (bodyType == null) {
            return delegate.serve(ctx, req);
        }
        Descriptor type = bodyType;
        return HttpResponse.of(req.aggregate().thenApply(agg -> {
            String body = agg.contentUtf8();
            if (!body.isBlank()) {
                try {
                    PARSER.merge(body, com.google.protobuf.DynamicMessage.newBuilder(type));
                } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
                    return JsonErrors.response(bodyError(body, type, e));
                }
            }
            com.linecorp.armeria.common.RequestHeaders headers = agg.headers();
            MediaType ct = headers.contentType();
            if (ct == null || !ct.isJson()) {
                headers = headers.toBuilder().contentType(MediaType.JSON_UTF_8).build();
            }
            try {
                return delegate.serve(ctx, HttpRequest.of(headers, agg.content(), agg.trailers()));
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    /**
     * Names the offending top-level field when the body is a JSON object: each member is parsed on its own, and the
     * first that fails is the one reported ({@code location: Illegal base64 character 21 (expected: ...)}).
     */
    private static Error bodyError(String body, Descriptor type, Exception whole) {
        String field = "body";
        String why = String.valueOf(whole.getMessage()).replace('\n', ' ');
        try {
            com.google.gson.JsonElement root = com.google.gson.JsonParser.parseString(body);
            if (root.isJsonObject()) {
                for (var member : root.getAsJsonObject().entrySet()) {
                    com.google.gson.JsonObject one = new com.google.gson.JsonObject();
                    one.add(member.getKey(), member.getValue());
                    try {
                        PARSER.merge(one.toString(), com.google.protobuf.DynamicMessage.newBuilder(type));
                    } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
                        field = member.getKey();
                        why = String.valueOf(e.getMessage()).replace('\n', ' ');
                        break;
                    }
                }
            }
        } catch (RuntimeException notJson) {
            // malformed JSON: the parser's own message says where
        }
        String rule = "proto3 JSON of " + type.getFullName()
                + (field.equals("body") ? "" : " (field " + field + ")");
        return Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT).setReason(Error.Reason.INVALID_ARGUMENT)
                .setField(field).setRule(rule).setMessage(field + ": " + why + " (expected: " + rule + ")").build();
    }

    /** A query value must fit its field: numbers for integer fields, a known name for enums, true/false. */
    private static @org.jspecify.annotations.Nullable String valueRule(Descriptor type, String name, String value) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f == null) {
            for (FieldDescriptor x : type.getFields()) {
                if (x.getJsonName().equals(name)) {
                    f = x;
                }
            }
        }
        if (f == null) {
            return null;
        }
        switch (f.getJavaType()) {
            case INT, LONG -> {
                try {
                    if (f.getJavaType() == FieldDescriptor.JavaType.INT) {
                        Integer.parseInt(value);
                    } else {
                        Long.parseLong(value);
                    }
                    return null;
                } catch (NumberFormatException e) {
                    return f.getJavaType() == FieldDescriptor.JavaType.INT ? "a 32-bit integer" : "a 64-bit integer";
                }
            }
            case BOOLEAN -> {
                return value.equals("true") || value.equals("false") ? null : "true or false";
            }
            case ENUM -> {
                if (f.getEnumType().findValueByName(value) != null) {
                    return null;
                }
                List<String> names = new ArrayList<>();
                f.getEnumType().getValues().forEach(v -> names.add(v.getName()));
                return "one of " + String.join(", ", names);
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isGrpc(com.linecorp.armeria.common.RequestHeaders h) {
        MediaType ct = h.contentType();
        return ct != null && ct.subtype().startsWith("grpc");
    }

    private static @org.jspecify.annotations.Nullable HttpResponse checkQuery(Route r, String method, String query) {
        QueryParams params = QueryParams.fromQueryString(query);
        for (String name : params.names()) {
            String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            String rule = null;
            if (r.pathFields().contains(head)) {
                rule = "not a query parameter: it is part of the path";
            } else if (r.body()) {
                rule = "no query parameters on " + method + " (send fields in the JSON body)";
            } else if (!r.allowed().contains(head)) {
                rule = "one of " + String.join(", ", new java.util.TreeSet<>(r.allowed()));
            }
            if (rule != null) {
                return JsonErrors.response(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT)
                        .setReason(Error.Reason.INVALID_ARGUMENT).setField(name).setValue(name).setRule(rule)
                        .setMessage(name + ": query parameter (expected: " + rule + ")").build());
            }
            String value = params.get(name, "");
            String valueRule = name.contains(".") ? null : valueRule(r.input(), name, value);
            if (valueRule != null) {
                return JsonErrors.response(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT)
                        .setReason(Error.Reason.INVALID_ARGUMENT).setField(name).setValue(value).setRule(valueRule)
                        .setMessage(name + ": " + value + " (expected: " + valueRule + ")").build());
            }
        }
        return null;
    }
}
