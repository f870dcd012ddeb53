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
                    String why = String.valueOf(e.getMessage()).replace('\n', ' ');
                    return JsonErrors.response(Error.newBuilder().setCode(ErrorCode.INVALID_ARGUMENT)
                            .setReason(Error.Reason.INVALID_ARGUMENT).setField("body").setRule("proto3 JSON of "
                                    + type.getFullName())
                            .setMessage("body: " + why + " (expected: proto3 JSON of " + type.getFullName() + ")")
                            .build());
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

    private static boolean isGrpc(com.linecorp.armeria.common.RequestHeaders h) {
        MediaType ct = h.contentType();
        return ct != null && ct.subtype().startsWith("grpc");
    }

    private static @org.jspecify.annotations.Nullable HttpResponse checkQuery(Route r, String method, String query) {
        for (String name : QueryParams.fromQueryString(query).names()) {
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
        }
        return null;
    }
}
