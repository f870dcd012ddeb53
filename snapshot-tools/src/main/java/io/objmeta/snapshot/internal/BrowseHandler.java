package io.objmeta.snapshot.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.objmeta.api.MetadataException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.CoreInspector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pages of {@code metasnap serve}; GET only, every answer read from the inspector. */
final class BrowseHandler implements HttpHandler {
    private final CoreInspector core;

    BrowseHandler(CoreInspector core) {
        this.core = core;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "application/json", Json.write(Json.obj("error", "method " + ex.getRequestMethod()
                        + " (expected: GET; this server is read-only)")));
                return;
            }
            String p = ex.getRequestURI().getRawPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            try {
                route(ex, p, q);
            } catch (MetadataException e) {
                send(ex, 404, "application/json", Json.write(Json.obj("error", e.getMessage())));
            } catch (IllegalArgumentException e) {
                send(ex, 400, "application/json", Json.write(Json.obj("error", e.getMessage())));
            }
        }
    }

    private void route(HttpExchange ex, String rawPath, Map<String, String> q) throws IOException {
        if (rawPath.equals("/")) {
            send(ex, 200, "text/html; charset=utf-8", index());
            return;
        }
        if (rawPath.startsWith("/ui/")) {
            send(ex, 200, "text/html; charset=utf-8", folder(decode(rawPath.substring(4)), q.getOrDefault("prefix", ""),
                    q.getOrDefault("delimiter", "/")));
            return;
        }
        if (rawPath.equals("/api/buckets")) {
            json(ex, Json.write(Json.obj("revision", Long.toString(core.revision()), "buckets", core.buckets())));
            return;
        }
        String[] parts = rawPath.split("/");
        if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("buckets")) {
            String bucket = decode(parts[3]);
            switch (parts[4]) {
                case "objects" -> json(ex, Json.proto(core.listObjects(ListObjectsRequest.newBuilder()
                        .setBucket(bucket).setPrefix(q.getOrDefault("prefix", ""))
                        .setDelimiter(q.getOrDefault("delimiter", ""))
                        .setContinuationToken(q.getOrDefault("continuationToken", ""))
                        .setMaxKeys(maxKeys(q)).build())));
                case "versions" -> json(ex, Json.proto(core.listObjectVersions(ListObjectVersionsRequest.newBuilder()
                        .setBucket(bucket).setPrefix(q.getOrDefault("prefix", ""))
                        .setDelimiter(q.getOrDefault("delimiter", ""))
                        .setKeyMarker(q.getOrDefault("keyMarker", ""))
                        .setVersionIdMarker(q.getOrDefault("versionIdMarker", "")).setMaxKeys(maxKeys(q)).build())));
                case "object" -> {
                    String key = q.get("key");
                    if (key == null) {
                        throw new IllegalArgumentException("key: missing (expected: ?key=KEY)");
                    }
                    List<ObjectVersion> versions = core.versions(bucket, key);
                    if (versions.isEmpty()) {
                        throw new NoSuchKeyException(bucket, key);
                    }
                    json(ex, Json.write(Json.obj("bucket", bucket, "key", key, "versions", versions)));
                }
                default -> notFound(ex);
            }
            return;
        }
        notFound(ex);
    }

    private static int maxKeys(Map<String, String> q) {
        String s = q.getOrDefault("maxKeys", "1000");
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxKeys: \"" + s + "\" (expected: a number)");
        }
    }

    private String index() {
        StringBuilder sb = page("objmeta revision " + core.revision());
        sb.append("<table><tr><th>bucket</th><th>versioning</th><th>objects</th><th>bytes</th></tr>\n");
        for (Bucket b : core.buckets()) {
            sb.append("<tr><td><a href=\"/ui/").append(encode(b.getName())).append("\">").append(html(b.getName()))
                    .append("</a></td><td>").append(b.getVersioning()).append("</td><td>")
                    .append(b.getUsage().getObjectCount()).append("</td><td>").append(b.getUsage().getBytesUsed())
                    .append("</td></tr>\n");
        }
        return sb.append("</table><p><a href=\"/api/buckets\">JSON</a></p></body></html>\n").toString();
    }

    private String folder(String bucket, String prefix, String delimiter) {
        ListObjectsResponse r = core.listObjects(ListObjectsRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                .setDelimiter(delimiter).setMaxKeys(1000).build());
        StringBuilder sb = page(bucket + "/" + prefix);
        sb.append("<p><a href=\"/\">buckets</a></p><ul>\n");
        for (String cp : r.getCommonPrefixesList()) {
            sb.append("<li><a href=\"/ui/").append(encode(bucket)).append("?prefix=").append(encode(cp))
                    .append("&amp;delimiter=").append(encode(delimiter)).append("\">").append(html(cp))
                    .append("</a></li>\n");
        }
        for (ObjectSummary o : r.getContentsList()) {
            sb.append("<li><a href=\"/api/buckets/").append(encode(bucket)).append("/object?key=")
                    .append(encode(o.getKey())).append("\">").append(html(o.getKey())).append("</a> ")
                    .append(o.getSize()).append(" B</li>\n");
        }
        sb.append("</ul>");
        if (r.getIsTruncated()) {
            sb.append("<p>first 1000 entries shown; the JSON API pages through the rest</p>");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(html(title))
                .append("</title></head><body><h1>").append(html(title)).append("</h1>\n");
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        send(ex, 200, "application/json", body);
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "application/json", Json.write(Json.obj("error", "no such page: " + ex.getRequestURI()
                .getRawPath())));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            m.put(decode(i < 0 ? pair : pair.substring(0, i)), i < 0 ? "" : decode(pair.substring(i + 1)));
        }
        return m;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
