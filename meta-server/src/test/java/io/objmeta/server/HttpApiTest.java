package io.objmeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.objmeta.server.testing.HttpJson;
import io.objmeta.server.testing.ServerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP/JSON surface of DESIGN.md ("HTTP/JSON surface", "Errors") against one real node, spoken as curl would:
 * JDK HTTP client, hand-written JSON. One server for the class; every test uses its own buckets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerFixture fixture;
    private HttpJson h;

    @BeforeAll
    void start() {
        fixture = ServerFixture.start(1);
        h = fixture.http(0);
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ---- helpers ----

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static JsonNode ok(HttpJson.Response r) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(200);
        return parse(r.body());
    }

    /** An error response: the status, and a JSON body with that code, httpStatus and a message. */
    private static JsonNode error(HttpJson.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        JsonNode e = parse(r.body());
        assertThat(e.path("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(e.path("httpStatus").asInt()).as(r.body()).isEqualTo(status);
        assertThat(e.path("message").asText()).as(r.body()).isNotBlank();
        return e;
    }

    /** A 400 INVALID_ARGUMENT naming {@code field} (in the field and in the message). */
    private static JsonNode invalid(HttpJson.Response r, String field) {
        JsonNode e = error(r, 400, "INVALID_ARGUMENT");
        assertThat(e.path("reason").asText()).as(r.body()).isEqualTo("INVALID_ARGUMENT");
        assertThat(e.path("field").asText()).as(r.body()).isEqualTo(field);
        assertThat(e.path("message").asText()).as(r.body()).startsWith(field + ":");
        return e;
    }

    private static long num(JsonNode n) {
        assertThat(n.isMissingNode() || n.isNull()).as("present: %s", n).isFalse();
        return Long.parseLong(n.asText());
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encodes a key for the path: every byte but unreserved characters and '/'. */
    private static String enc(String key) {
        StringBuilder sb = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private String obj(String bucket, String key) {
        return "/v1/buckets/" + bucket + "/objects/" + enc(key);
    }

    private void bucket(String name, String versioning) {
        ok(h.put("/v1/buckets/" + name, "{\"versioning\":\"" + versioning + "\"}"));
    }

    private JsonNode put(String bucket, String key, String body) {
        return ok(h.put(obj(bucket, key), body));
    }

    private JsonNode put(String bucket, String key, long size, String etag, String location) {
        return put(bucket, key, "{\"size\":\"" + size + "\",\"etag\":\"" + etag + "\",\"location\":\"" + b64(location)
                + "\"}");
    }

    /** The store revision as a read reports it (nothing committed in between = the same value). */
    private long storeRevision() {
        return num(ok(h.get("/v1/buckets?maxBuckets=0")).path("revision"));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    /** Status, content type and body of a raw request (headers chosen by the caller). */
    private record Raw(int status, Optional<String> contentType, String body) {
    }

    private Raw raw(String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fixture.baseUrl(0) + path));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HttpJson.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(r.statusCode(), r.headers().firstValue("content-type"), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- buckets ----

    @Test
    void bucketLifeCycle() {
        JsonNode created = ok(h.put("/v1/buckets/life-cycle", "{\"versioning\":\"ENABLED\","
                + "\"quota\":{\"maxObjects\":\"10\",\"maxBytes\":\"1000\"},\"labels\":{\"team\":\"a\",\"env\":\"x\"}}"));
        assertThat(created.path("name").asText()).isEqualTo("life-cycle");
        assertThat(created.path("versioning").asText()).isEqualTo("ENABLED");
        assertThat(created.path("quota").path("maxObjects").asText()).isEqualTo("10");
        assertThat(created.path("quota").path("maxBytes").asText()).isEqualTo("1000");
        assertThat(created.path("labels").path("team").asText()).isEqualTo("a");
        // defaults are included: a fresh bucket shows zero usage
        assertThat(created.path("usage").path("objectCount").asText()).isEqualTo("0");
        assertThat(created.path("usage").path("bytesUsed").asText()).isEqualTo("0");
        long rev = num(created.path("revision"));
        assertThat(num(created.path("createRevision"))).isEqualTo(rev);
        assertThat(num(created.path("createdAt"))).isGreaterThan(0);

        JsonNode got = ok(h.get("/v1/buckets/life-cycle"));
        assertThat(got).isEqualTo(created);

        // create twice
        JsonNode dup = error(h.put("/v1/buckets/life-cycle", "{}"), 409, "ALREADY_EXISTS");
        assertThat(dup.path("reason").asText()).isEqualTo("BUCKET_ALREADY_EXISTS");
        assertThat(dup.path("bucket").asText()).isEqualTo("life-cycle");

        // patch with a stale expectedRevision: 412 carrying the bucket's revision, nothing changes
        JsonNode stale = error(h.patch("/v1/buckets/life-cycle", "{\"versioning\":\"SUSPENDED\",\"expectedRevision\":\""
                + (rev + 100) + "\"}"), 412, "FAILED_PRECONDITION");
        assertThat(stale.path("reason").asText()).isEqualTo("CONFLICT");
        assertThat(num(stale.path("currentRevision"))).isEqualTo(rev);
        assertThat(ok(h.get("/v1/buckets/life-cycle"))).isEqualTo(created);

        // a merge patch with the right expectedRevision
        JsonNode patched = ok(h.patch("/v1/buckets/life-cycle", "{\"versioning\":\"SUSPENDED\",\"removeLabels\":[\"team\"],"
                + "\"labels\":{\"env\":\"y\"},\"expectedRevision\":\"" + rev + "\"}"));
        assertThat(patched.path("versioning").asText()).isEqualTo("SUSPENDED");
        assertThat(patched.path("labels").has("team")).isFalse();
        assertThat(patched.path("labels").path("env").asText()).isEqualTo("y");
        assertThat(patched.path("quota").path("maxObjects").asText()).as("absent = kept").isEqualTo("10");
        assertThat(num(patched.path("revision"))).isGreaterThan(rev);
        assertThat(num(patched.path("createRevision"))).isEqualTo(rev);
        assertThat(ok(h.get("/v1/buckets/life-cycle"))).isEqualTo(patched);

        // never back to UNVERSIONED
        error(h.patch("/v1/buckets/life-cycle", "{\"versioning\":\"UNVERSIONED\"}"), 400, "INVALID_ARGUMENT");
        assertThat(ok(h.get("/v1/buckets/life-cycle")).path("versioning").asText()).isEqualTo("SUSPENDED");

        // not empty: 409 ABORTED, bucket stays
        JsonNode v = put("life-cycle", "obj", 5, "e1", "loc-lc");
        assertThat(ok(h.get("/v1/buckets/life-cycle")).path("usage").path("objectCount").asText()).isEqualTo("1");
        JsonNode notEmpty = error(h.delete("/v1/buckets/life-cycle"), 409, "ABORTED");
        assertThat(notEmpty.path("reason").asText()).isEqualTo("BUCKET_NOT_EMPTY");
        ok(h.get("/v1/buckets/life-cycle"));

        // remove the version permanently, then the bucket goes
        ok(h.delete(obj("life-cycle", "obj") + "?versionId=" + v.path("versionId").asText()));
        JsonNode deleted = ok(h.delete("/v1/buckets/life-cycle"));
        assertThat(deleted.path("name").asText()).isEqualTo("life-cycle");
        JsonNode gone = error(h.get("/v1/buckets/life-cycle"), 404, "NOT_FOUND");
        assertThat(gone.path("reason").asText()).isEqualTo("NO_SUCH_BUCKET");
        error(h.delete("/v1/buckets/life-cycle"), 404, "NOT_FOUND");
    }

    @Test
    void listBucketsPagesWithPrefixAndContinuationToken() {
        List<String> names = List.of("lbp-0", "lbp-1", "lbp-2", "lbp-3", "lbp-4");
        for (String n : names) {
            bucket(n, "UNVERSIONED");
        }
        bucket("lbq-other", "UNVERSIONED");
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        while (true) {
            JsonNode page = ok(h.get("/v1/buckets?prefix=lbp-&maxBuckets=2"
                    + (token.isEmpty() ? "" : "&continuationToken=" + enc(token))));
            pages++;
            assertThat(page.path("buckets").size()).isLessThanOrEqualTo(2);
            seen.addAll(texts(page.path("buckets"), "name"));
            if (!page.path("isTruncated").asBoolean()) {
                assertThat(page.path("nextContinuationToken").asText()).isEmpty();
                break;
            }
            token = page.path("nextContinuationToken").asText();
            assertThat(token).isNotEmpty();
            assertThat(pages).isLessThan(10);
        }
        assertThat(seen).containsExactlyElementsOf(names);
        assertThat(pages).isEqualTo(3);
    }

    // ---- objects ----

    @Test
    void objectLifeCycleInUnversionedBucket() {
        bucket("obj-unv", "UNVERSIONED");
        JsonNode p1 = ok(h.put(obj("obj-unv", "dir/a.txt"), "{\"size\":\"11\",\"etag\":\"\\\"e1\\\"\","
                + "\"contentType\":\"text/plain\",\"userMetadata\":{\"color\":\"red\"},\"location\":\"" + b64("loc-1")
                + "\"}"));
        assertThat(p1.path("versionId").asText()).isEqualTo("null");
        long r1 = num(p1.path("revision"));

        JsonNode v = ok(h.get(obj("obj-unv", "dir/a.txt")));
        assertThat(v.path("key").asText()).isEqualTo("dir/a.txt");
        assertThat(v.path("versionId").asText()).isEqualTo("null");
        assertThat(num(v.path("revision"))).isEqualTo(r1);
        assertThat(num(v.path("size"))).isEqualTo(11);
        assertThat(v.path("etag").asText()).isEqualTo("\"e1\"");
        assertThat(v.path("contentType").asText()).isEqualTo("text/plain");
        assertThat(v.path("userMetadata").path("color").asText()).isEqualTo("red");
        assertThat(v.path("storageClass").asText()).isEqualTo("STANDARD");
        assertThat(v.path("location").asText()).isEqualTo(b64("loc-1"));
        assertThat(v.path("isDeleteMarker").isBoolean()).as("defaults included").isTrue();
        assertThat(v.path("isDeleteMarker").asBoolean()).isFalse();
        assertThat(num(v.path("lastModified"))).isGreaterThan(0);

        JsonNode p2 = put("obj-unv", "dir/a.txt", 22, "e2", "loc-2");
        assertThat(p2.path("versionId").asText()).isEqualTo("null");
        assertThat(num(p2.path("revision"))).isGreaterThan(r1);
        JsonNode v2 = ok(h.get(obj("obj-unv", "dir/a.txt")));
        assertThat(num(v2.path("size"))).isEqualTo(22);
        assertThat(ok(h.get(obj("obj-unv", "dir/a.txt") + "?versionId=null")).path("etag").asText()).isEqualTo("e2");
        // one version only
        JsonNode versions = ok(h.get("/v1/buckets/obj-unv/versions"));
        assertThat(texts(versions.path("versions"), "versionId")).containsExactly("null");

        JsonNode del = ok(h.delete(obj("obj-unv", "dir/a.txt")));
        assertThat(del.path("isDeleteMarker").asBoolean()).isFalse();
        JsonNode missing = error(h.get(obj("obj-unv", "dir/a.txt")), 404, "NOT_FOUND");
        assertThat(missing.path("reason").asText()).isEqualTo("NO_SUCH_KEY");
        assertThat(missing.path("key").asText()).isEqualTo("dir/a.txt");
        assertThat(missing.path("isDeleteMarker").asBoolean()).isFalse();
        assertThat(ok(h.get("/v1/buckets/obj-unv/versions")).path("versions").size()).isZero();
        // deleting an absent key in an unversioned bucket succeeds and changes nothing
        long before = storeRevision();
        JsonNode again = ok(h.delete(obj("obj-unv", "dir/a.txt")));
        assertThat(again.path("versionId").asText()).isEmpty();
        assertThat(storeRevision()).isEqualTo(before);
    }

    @Test
    void objectLifeCycleInVersioningEnabledBucket() {
        bucket("obj-ena", "ENABLED");
        JsonNode p1 = put("obj-ena", "k", 1, "e1", "l1");
        JsonNode p2 = put("obj-ena", "k", 2, "e2", "l2");
        String v1 = p1.path("versionId").asText();
        String v2 = p2.path("versionId").asText();
        assertThat(v1).isNotEqualTo("null").isNotEmpty();
        assertThat(v2).isNotEqualTo("null").isNotEqualTo(v1);

        assertThat(ok(h.get(obj("obj-ena", "k"))).path("versionId").asText()).isEqualTo(v2);
        JsonNode old = ok(h.get(obj("obj-ena", "k") + "?versionId=" + v1));
        assertThat(num(old.path("size"))).isEqualTo(1);
        assertThat(old.path("etag").asText()).isEqualTo("e1");
        JsonNode noVersion = error(h.get(obj("obj-ena", "k") + "?versionId=nope"), 404, "NOT_FOUND");
        assertThat(noVersion.path("reason").asText()).isEqualTo("NO_SUCH_VERSION");

        JsonNode marker = ok(h.delete(obj("obj-ena", "k")));
        assertThat(marker.path("isDeleteMarker").asBoolean()).isTrue();
        String vm = marker.path("versionId").asText();
        assertThat(vm).isNotIn(v1, v2, "", "null");

        JsonNode missing = error(h.get(obj("obj-ena", "k")), 404, "NOT_FOUND");
        assertThat(missing.path("reason").asText()).isEqualTo("NO_SUCH_KEY");
        assertThat(missing.path("isDeleteMarker").asBoolean()).isTrue();
        assertThat(missing.path("versionId").asText()).isEqualTo(vm);
        // older versions stay readable by id
        assertThat(ok(h.get(obj("obj-ena", "k") + "?versionId=" + v2)).path("etag").asText()).isEqualTo("e2");
        // a marker is not listed as an object
        assertThat(ok(h.get("/v1/buckets/obj-ena/objects")).path("contents").size()).isZero();

        JsonNode versions = ok(h.get("/v1/buckets/obj-ena/versions")).path("versions");
        assertThat(texts(versions, "versionId")).containsExactly(vm, v2, v1);
        assertThat(texts(versions, "isLatest")).containsExactly("true", "false", "false");
        assertThat(texts(versions, "isDeleteMarker")).containsExactly("true", "false", "false");

        // removing the marker permanently brings v2 back
        JsonNode removed = ok(h.delete(obj("obj-ena", "k") + "?versionId=" + vm));
        assertThat(removed.path("versionId").asText()).isEqualTo(vm);
        assertThat(ok(h.get(obj("obj-ena", "k"))).path("versionId").asText()).isEqualTo(v2);
        assertThat(ok(h.get("/v1/buckets/obj-ena")).path("usage").path("objectCount").asText()).isEqualTo("2");
    }

    @Test
    void objectLifeCycleInSuspendedBucket() {
        bucket("obj-sus", "ENABLED");
        String v1 = put("obj-sus", "k", 1, "e1", "l1").path("versionId").asText();
        assertThat(v1).isNotEqualTo("null");
        ok(h.patch("/v1/buckets/obj-sus", "{\"versioning\":\"SUSPENDED\"}"));
        JsonNode p2 = put("obj-sus", "k", 2, "e2", "l2");
        assertThat(p2.path("versionId").asText()).isEqualTo("null");
        JsonNode p3 = put("obj-sus", "k", 3, "e3", "l3");
        assertThat(p3.path("versionId").asText()).isEqualTo("null");
        // the null version was overwritten: two versions, the null one latest
        JsonNode versions = ok(h.get("/v1/buckets/obj-sus/versions")).path("versions");
        assertThat(texts(versions, "versionId")).containsExactly("null", v1);
        assertThat(texts(versions, "etag")).containsExactly("e3", "e1");
        assertThat(ok(h.get(obj("obj-sus", "k") + "?versionId=" + v1)).path("etag").asText()).isEqualTo("e1");
        assertThat(ok(h.get(obj("obj-sus", "k"))).path("etag").asText()).isEqualTo("e3");
        // DELETE replaces the null version by a delete marker
        JsonNode marker = ok(h.delete(obj("obj-sus", "k")));
        assertThat(marker.path("isDeleteMarker").asBoolean()).isTrue();
        assertThat(error(h.get(obj("obj-sus", "k")), 404, "NOT_FOUND").path("isDeleteMarker").asBoolean()).isTrue();
        assertThat(ok(h.get("/v1/buckets/obj-sus/versions")).path("versions").size()).isEqualTo(2);
    }

    // ---- conditions ----

    @Test
    void casOnRevisionAndEtag() {
        bucket("cas-bkt", "UNVERSIONED");
        JsonNode first = ok(h.put(obj("cas-bkt", "k"), "{\"size\":\"1\",\"etag\":\"e1\",\"expectedRevision\":\"0\"}"));
        long r1 = num(first.path("revision"));
        long before = storeRevision();

        JsonNode conflict = error(h.put(obj("cas-bkt", "k"), "{\"size\":\"2\",\"etag\":\"e2\",\"expectedRevision\":\"0\"}"),
                412, "FAILED_PRECONDITION");
        assertThat(conflict.path("reason").asText()).isEqualTo("CONFLICT");
        assertThat(num(conflict.path("currentRevision"))).isEqualTo(r1);

        JsonNode etagConflict = error(h.put(obj("cas-bkt", "k"), "{\"size\":\"2\",\"etag\":\"e2\",\"expectedEtag\":\"nope\"}"),
                412, "FAILED_PRECONDITION");
        assertThat(num(etagConflict.path("currentRevision"))).isEqualTo(r1);

        JsonNode revConflict = error(h.delete(obj("cas-bkt", "k") + "?expectedRevision=" + (r1 + 50)), 412,
                "FAILED_PRECONDITION");
        assertThat(num(revConflict.path("currentRevision"))).isEqualTo(r1);

        // failed conditions consume no revision and change nothing
        assertThat(storeRevision()).isEqualTo(before);
        JsonNode v = ok(h.get(obj("cas-bkt", "k")));
        assertThat(v.path("etag").asText()).isEqualTo("e1");
        assertThat(num(v.path("revision"))).isEqualTo(r1);

        // the right conditions apply
        JsonNode second = ok(h.put(obj("cas-bkt", "k"), "{\"size\":\"2\",\"etag\":\"e2\",\"expectedRevision\":\"" + r1
                + "\"}"));
        long r2 = num(second.path("revision"));
        assertThat(r2).isGreaterThan(r1);
        ok(h.put(obj("cas-bkt", "k"), "{\"size\":\"3\",\"etag\":\"e3\",\"expectedEtag\":\"e2\"}"));
        assertThat(ok(h.get(obj("cas-bkt", "k"))).path("etag").asText()).isEqualTo("e3");
    }

    // ---- listing ----

    @Test
    void listObjectsPagesOf10Over25Keys() {
        bucket("list-pages", "UNVERSIONED");
        StringBuilder ops = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String k = String.format("k%02d", i);
            keys.add(k);
            ops.append(i == 0 ? "" : ",").append("{\"put\":{\"bucket\":\"list-pages\",\"key\":\"").append(k)
                    .append("\",\"size\":\"1\",\"etag\":\"e\"}}");
        }
        ok(h.post("/v1/txn", "{\"ops\":[" + ops + "]}"));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = "";
        for (int page = 0; page < 10; page++) {
            JsonNode r = ok(h.get("/v1/buckets/list-pages/objects?maxKeys=10"
                    + (token.isEmpty() ? "" : "&continuationToken=" + enc(token))));
            sizes.add(r.path("contents").size());
            assertThat(r.path("keyCount").asInt()).isEqualTo(r.path("contents").size());
            seen.addAll(texts(r.path("contents"), "key"));
            if (!r.path("isTruncated").asBoolean()) {
                break;
            }
            token = r.path("nextContinuationToken").asText();
            assertThat(token).isNotEmpty();
        }
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(seen).containsExactlyElementsOf(keys);

        // startAfter, maxKeys=0
        assertThat(texts(ok(h.get("/v1/buckets/list-pages/objects?startAfter=k22")).path("contents"), "key"))
                .containsExactly("k23", "k24");
        JsonNode empty = ok(h.get("/v1/buckets/list-pages/objects?maxKeys=0"));
        assertThat(empty.path("contents").size()).isZero();
        // an invalid token is rejected
        error(h.get("/v1/buckets/list-pages/objects?continuationToken=garbage"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void listObjectsWithDelimiterGivesCommonPrefixes() {
        bucket("list-delim", "UNVERSIONED");
        for (String k : List.of("dir/a/1", "dir/a/2", "dir/b/1", "dir/c", "top")) {
            put("list-delim", k, 1, "e", "l");
        }
        JsonNode root = ok(h.get("/v1/buckets/list-delim/objects?delimiter=/"));
        assertThat(texts(root.path("commonPrefixes"), null)).containsExactly("dir/");
        assertThat(texts(root.path("contents"), "key")).containsExactly("top");
        assertThat(root.path("keyCount").asInt()).isEqualTo(2);

        JsonNode dir = ok(h.get("/v1/buckets/list-delim/objects?prefix=dir/&delimiter=/"));
        assertThat(texts(dir.path("commonPrefixes"), null)).containsExactly("dir/a/", "dir/b/");
        assertThat(texts(dir.path("contents"), "key")).containsExactly("dir/c");

        // a common prefix counts once toward maxKeys
        JsonNode one = ok(h.get("/v1/buckets/list-delim/objects?prefix=dir/&delimiter=/&maxKeys=1"));
        assertThat(texts(one.path("commonPrefixes"), null)).containsExactly("dir/a/");
        assertThat(one.path("contents").size()).isZero();
        assertThat(one.path("isTruncated").asBoolean()).isTrue();
        JsonNode next = ok(h.get("/v1/buckets/list-delim/objects?prefix=dir/&delimiter=/&maxKeys=1&continuationToken="
                + enc(one.path("nextContinuationToken").asText())));
        assertThat(texts(next.path("commonPrefixes"), null)).containsExactly("dir/b/");
    }

    @Test
    void keysWithSpacesUnicodeAndEncodedSlashes() {
        bucket("odd-keys", "UNVERSIONED");
        List<String> keys = List.of("with space.txt", "données/日本語.txt", "q;x+y?z#w&v=1", "a/b");
        for (String k : keys) {
            put("odd-keys", k, k.length(), "e", "loc:" + k);
        }
        // "a//b": the second slash must be sent as %2F (Armeria merges "//")
        ok(h.put("/v1/buckets/odd-keys/objects/a/%2Fb", "{\"size\":\"4\",\"etag\":\"double\"}"));
        // "%2F" inside a segment is a slash of the key
        ok(h.put("/v1/buckets/odd-keys/objects/x%2Fy", "{\"size\":\"3\",\"etag\":\"encoded\"}"));

        for (String k : keys) {
            JsonNode v = ok(h.get(obj("odd-keys", k)));
            assertThat(v.path("key").asText()).isEqualTo(k);
            assertThat(v.path("location").asText()).isEqualTo(b64("loc:" + k));
        }
        JsonNode dbl = ok(h.get("/v1/buckets/odd-keys/objects/a/%2Fb"));
        assertThat(dbl.path("key").asText()).isEqualTo("a//b");
        assertThat(dbl.path("etag").asText()).isEqualTo("double");
        assertThat(ok(h.get("/v1/buckets/odd-keys/objects/a/b")).path("etag").asText()).isEqualTo("e");
        assertThat(ok(h.get("/v1/buckets/odd-keys/objects/x/y")).path("etag").asText()).isEqualTo("encoded");

        // listing returns the exact keys in UTF-8 byte order
        List<String> all = new ArrayList<>(keys);
        all.add("a//b");
        all.add("x/y");
        all.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        assertThat(texts(ok(h.get("/v1/buckets/odd-keys/objects")).path("contents"), "key"))
                .containsExactlyElementsOf(all);
        // a prefix with unicode in the query string
        assertThat(texts(ok(h.get("/v1/buckets/odd-keys/objects?prefix=" + enc("données/"))).path("contents"), "key"))
                .containsExactly("données/日本語.txt");
    }

    // ---- multipart ----

    private static String compositeEtag(String... partEtags) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (String e : partEtags) {
            md.update(HexFormat.of().parseHex(e));
        }
        return HexFormat.of().formatHex(md.digest()) + "-" + partEtags.length;
    }

    @Test
    void multipartUploadCompleteAndAbort() throws Exception {
        bucket("mpu-bkt", "ENABLED");
        String e1 = "0123456789abcdef0123456789abcdef";
        String e2 = "fedcba9876543210fedcba9876543210";
        JsonNode created = ok(h.post("/v1/buckets/mpu-bkt/uploads", "{\"key\":\"big/file.bin\","
                + "\"contentType\":\"application/octet-stream\",\"userMetadata\":{\"m\":\"1\"}}"));
        String uploadId = created.path("uploadId").asText();
        assertThat(uploadId).isNotEmpty();
        String base = "/v1/buckets/mpu-bkt/uploads/" + uploadId;

        ok(h.put(base + "/parts/1", "{\"size\":\"5242880\",\"etag\":\"" + e1 + "\",\"location\":\"" + b64("p1") + "\"}"));
        ok(h.put(base + "/parts/2", "{\"size\":\"7\",\"etag\":\"\\\"" + e2 + "\\\"\",\"location\":\"" + b64("p2")
                + "\"}"));

        JsonNode parts = ok(h.get(base + "/parts"));
        assertThat(texts(parts.path("parts"), "partNumber")).containsExactly("1", "2");
        assertThat(texts(parts.path("parts"), "size")).containsExactly("5242880", "7");
        JsonNode page = ok(h.get(base + "/parts?maxParts=1"));
        assertThat(page.path("parts").size()).isEqualTo(1);
        assertThat(page.path("isTruncated").asBoolean()).isTrue();
        assertThat(page.path("nextPartNumberMarker").asInt()).isEqualTo(1);
        assertThat(texts(ok(h.get(base + "/parts?partNumberMarker=1")).path("parts"), "partNumber")).containsExactly("2");

        JsonNode uploads = ok(h.get("/v1/buckets/mpu-bkt/uploads"));
        assertThat(texts(uploads.path("uploads"), "uploadId")).containsExactly(uploadId);
        assertThat(texts(uploads.path("uploads"), "key")).containsExactly("big/file.bin");
        // not visible as an object
        error(h.get(obj("mpu-bkt", "big/file.bin")), 404, "NOT_FOUND");
        assertThat(ok(h.get("/v1/buckets/mpu-bkt/objects")).path("contents").size()).isZero();

        JsonNode v = ok(h.post(base + ":complete", "{\"parts\":[{\"partNumber\":1,\"etag\":\"" + e1 + "\"},"
                + "{\"partNumber\":2,\"etag\":\"" + e2 + "\"}]}"));
        assertThat(v.path("key").asText()).isEqualTo("big/file.bin");
        assertThat(v.path("etag").asText().replace("\"", "")).isEqualTo(compositeEtag(e1, e2)).endsWith("-2");
        assertThat(num(v.path("size"))).isEqualTo(5242887);
        assertThat(v.path("contentType").asText()).isEqualTo("application/octet-stream");
        assertThat(v.path("userMetadata").path("m").asText()).isEqualTo("1");
        assertThat(texts(v.path("parts"), "partNumber")).containsExactly("1", "2");
        assertThat(v.path("versionId").asText()).isNotIn("", "null");

        JsonNode got = ok(h.get(obj("mpu-bkt", "big/file.bin")));
        assertThat(got.path("etag").asText()).isEqualTo(v.path("etag").asText());
        assertThat(got.path("versionId").asText()).isEqualTo(v.path("versionId").asText());
        assertThat(ok(h.get("/v1/buckets/mpu-bkt/uploads")).path("uploads").size()).isZero();
        error(h.get(base + "/parts"), 404, "NOT_FOUND");

        // abort
        String u2 = ok(h.post("/v1/buckets/mpu-bkt/uploads", "{\"key\":\"aborted\"}")).path("uploadId").asText();
        ok(h.put("/v1/buckets/mpu-bkt/uploads/" + u2 + "/parts/1", "{\"size\":\"1\",\"etag\":\"x\",\"location\":\""
                + b64("px") + "\"}"));
        ok(h.delete("/v1/buckets/mpu-bkt/uploads/" + u2));
        JsonNode noUpload = error(h.get("/v1/buckets/mpu-bkt/uploads/" + u2 + "/parts"), 404, "NOT_FOUND");
        assertThat(noUpload.path("reason").asText()).isEqualTo("NO_SUCH_UPLOAD");
        assertThat(noUpload.path("uploadId").asText()).isEqualTo(u2);
        error(h.delete("/v1/buckets/mpu-bkt/uploads/" + u2), 404, "NOT_FOUND");
        error(h.post("/v1/buckets/mpu-bkt/uploads/" + u2 + ":complete", "{\"parts\":[{\"partNumber\":1,\"etag\":\"x\"}]}"),
                404, "NOT_FOUND");
        error(h.get(obj("mpu-bkt", "aborted")), 404, "NOT_FOUND");
    }

    @Test
    void multipartCompleteWithSmallNonLastPartOrWrongEtagFailsAndKeepsUpload() {
        bucket("mpu-bad", "UNVERSIONED");
        String u = ok(h.post("/v1/buckets/mpu-bad/uploads", "{\"key\":\"k\"}")).path("uploadId").asText();
        String base = "/v1/buckets/mpu-bad/uploads/" + u;
        ok(h.put(base + "/parts/1", "{\"size\":\"10\",\"etag\":\"a1\"}"));
        ok(h.put(base + "/parts/2", "{\"size\":\"10\",\"etag\":\"a2\"}"));
        long before = storeRevision();
        HttpJson.Response small = h.post(base + ":complete", "{\"parts\":[{\"partNumber\":1,\"etag\":\"a1\"},"
                + "{\"partNumber\":2,\"etag\":\"a2\"}]}");
        assertThat(small.status()).as(small.body()).isBetween(400, 499);
        HttpJson.Response wrongEtag = h.post(base + ":complete", "{\"parts\":[{\"partNumber\":1,\"etag\":\"zz\"}]}");
        assertThat(wrongEtag.status()).as(wrongEtag.body()).isBetween(400, 499);
        assertThat(parse(wrongEtag.body()).path("httpStatus").asInt()).isEqualTo(wrongEtag.status());
        assertThat(storeRevision()).isEqualTo(before);
        assertThat(ok(h.get(base + "/parts")).path("parts").size()).isEqualTo(2);
        error(h.get(obj("mpu-bad", "k")), 404, "NOT_FOUND");
    }

    // ---- txn ----

    @Test
    void txnAppliesAllOrNothing() {
        bucket("txn-bkt", "UNVERSIONED");
        JsonNode r = ok(h.post("/v1/txn", "{\"ops\":[{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"t1\",\"size\":\"1\","
                + "\"etag\":\"e1\"}},{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"t2\",\"size\":\"2\",\"etag\":\"e2\","
                + "\"expectedRevision\":\"0\"}}]}"));
        long rev = num(r.path("revision"));
        assertThat(r.path("results").size()).isEqualTo(2);
        for (JsonNode res : r.path("results")) {
            assertThat(num(res.path("put").path("revision"))).isEqualTo(rev);
            assertThat(res.path("put").path("versionId").asText()).isEqualTo("null");
        }
        assertThat(num(ok(h.get(obj("txn-bkt", "t1"))).path("revision"))).isEqualTo(rev);
        assertThat(num(ok(h.get(obj("txn-bkt", "t2"))).path("revision"))).isEqualTo(rev);

        // the second op's condition fails: 412 naming op 1, nothing applied, no revision consumed
        long before = storeRevision();
        JsonNode failed = error(h.post("/v1/txn", "{\"ops\":[{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"t3\","
                + "\"size\":\"3\",\"etag\":\"e3\"}},{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"t1\",\"size\":\"9\","
                + "\"etag\":\"e9\",\"expectedRevision\":\"0\"}},{\"delete\":{\"bucket\":\"txn-bkt\",\"key\":\"t2\"}}]}"),
                412, "FAILED_PRECONDITION");
        assertThat(failed.path("reason").asText()).isEqualTo("CONFLICT");
        assertThat(failed.path("failedOpIndex").asInt(-1)).isEqualTo(1);
        assertThat(num(failed.path("currentRevision"))).isEqualTo(rev);
        error(h.get(obj("txn-bkt", "t3")), 404, "NOT_FOUND");
        assertThat(ok(h.get(obj("txn-bkt", "t1"))).path("etag").asText()).isEqualTo("e1");
        ok(h.get(obj("txn-bkt", "t2")));
        assertThat(storeRevision()).isEqualTo(before);

        // rename: put new key if absent + delete old key at its revision
        JsonNode renamed = ok(h.post("/v1/txn", "{\"ops\":[{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"t1-new\","
                + "\"size\":\"1\",\"etag\":\"e1\",\"expectedRevision\":\"0\"}},{\"delete\":{\"bucket\":\"txn-bkt\","
                + "\"key\":\"t1\",\"expectedRevision\":\"" + rev + "\"}}]}"));
        assertThat(renamed.path("results").get(1).has("delete")).isTrue();
        error(h.get(obj("txn-bkt", "t1")), 404, "NOT_FOUND");
        ok(h.get(obj("txn-bkt", "t1-new")));

        // a key twice in one txn is invalid
        error(h.post("/v1/txn", "{\"ops\":[{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"dup\",\"size\":\"1\","
                + "\"etag\":\"e\"}},{\"put\":{\"bucket\":\"txn-bkt\",\"key\":\"dup\",\"size\":\"1\",\"etag\":\"e\"}}]}"),
                400, "INVALID_ARGUMENT");
        error(h.get(obj("txn-bkt", "dup")), 404, "NOT_FOUND");
    }

    // ---- garbage ----

    @Test
    void overwriteReleasesLocationIntoGarbageFeedUntilAcked() {
        bucket("gc-bkt", "UNVERSIONED");
        put("gc-bkt", "g", 10, "e1", "gc-loc-1");
        long r2 = num(put("gc-bkt", "g", 20, "e2", "gc-loc-2").path("revision"));

        JsonNode page = ok(h.get("/v1/garbage?afterRevision=" + (r2 - 1)));
        JsonNode item = null;
        for (JsonNode i : page.path("items")) {
            if (i.path("bucket").asText().equals("gc-bkt")) {
                item = i;
            }
        }
        assertThat(item).as(page.toString()).isNotNull();
        assertThat(item.path("key").asText()).isEqualTo("g");
        assertThat(item.path("versionId").asText()).isEqualTo("null");
        assertThat(item.path("location").asText()).isEqualTo(b64("gc-loc-1"));
        assertThat(num(item.path("revision"))).isEqualTo(r2);
        assertThat(num(item.path("size"))).isEqualTo(10);
        // nothing after r2 from this write
        for (JsonNode i : ok(h.get("/v1/garbage?afterRevision=" + r2)).path("items")) {
            assertThat(i.path("location").asText()).isNotEqualTo(b64("gc-loc-1"));
        }

        JsonNode ack = ok(h.post("/v1/garbage:ack", "{\"upToRevision\":\"" + r2 + "\"}"));
        assertThat(num(ack.path("removedCount"))).isGreaterThanOrEqualTo(1);
        for (JsonNode i : ok(h.get("/v1/garbage")).path("items")) {
            assertThat(i.path("location").asText()).isNotEqualTo(b64("gc-loc-1"));
        }
        // the live version's location is not garbage
        assertThat(ok(h.get(obj("gc-bkt", "g"))).path("location").asText()).isEqualTo(b64("gc-loc-2"));
    }

    // ---- bad input ----

    @Test
    void badInputIs400NamingTheFieldAndChangesNothing() {
        bucket("bad-input", "UNVERSIONED");
        put("bad-input", "exists", 1, "e", "l");
        String upload = ok(h.post("/v1/buckets/bad-input/uploads", "{\"key\":\"up\"}")).path("uploadId").asText();
        long before = storeRevision();
        JsonNode beforeBucket = ok(h.get("/v1/buckets/bad-input"));

        invalid(h.put("/v1/buckets/A_B!", "{}"), "bucket");
        invalid(h.put("/v1/buckets/ab", "{}"), "bucket");
        invalid(h.put(obj("bad-input", "k".repeat(1025)), "{\"size\":\"1\",\"etag\":\"e\"}"), "key");
        invalid(h.put("/v1/buckets/bad-input/uploads/" + upload + "/parts/10001", "{\"size\":\"1\",\"etag\":\"e\"}"),
                "partNumber");
        invalid(h.put("/v1/buckets/bad-input/uploads/" + upload + "/parts/0", "{\"size\":\"1\",\"etag\":\"e\"}"),
                "partNumber");
        invalid(h.get("/v1/buckets/bad-input/objects?maxKeys=-1"), "maxKeys");
        invalid(h.put("/v1/buckets/bad-input/objects/", "{\"size\":\"1\",\"etag\":\"e\"}"), "key");
        invalid(h.put(obj("bad-input", "neg"), "{\"size\":\"-1\",\"etag\":\"e\"}"), "size");
        invalid(h.put(obj("bad-input", "noetag"), "{\"size\":\"1\"}"), "etag");

        // body problems: the parser's own words, naming the member that fails
        JsonNode badB64 = invalid(h.put(obj("bad-input", "b64"), "{\"size\":\"1\",\"etag\":\"e\",\"location\":\"!!!\"}"),
                "location");
        assertThat(badB64.path("message").asText()).containsIgnoringCase("base64");
        JsonNode unknown = invalid(h.put(obj("bad-input", "unk"), "{\"sizee\":\"1\",\"etag\":\"e\"}"), "sizee");
        assertThat(unknown.path("message").asText()).contains("sizee");
        JsonNode badEnum = invalid(h.put("/v1/buckets/bad-enum", "{\"versioning\":\"ENABLE\"}"), "versioning");
        assertThat(badEnum.path("message").asText()).contains("ENABLE");
        JsonNode badNum = invalid(h.put(obj("bad-input", "num"), "{\"size\":\"abc\",\"etag\":\"e\"}"), "size");
        assertThat(badNum.path("message").asText()).contains("abc");
        invalid(h.put(obj("bad-input", "num2"), "{\"size\":\"1.5\",\"etag\":\"e\"}"), "size");
        invalid(h.put(obj("bad-input", "malformed"), "{\"size\":"), "body");
        JsonNode nested = invalid(h.post("/v1/txn",
                "{\"ops\":[{\"put\":{\"bucket\":\"bad-input\",\"key\":\"t\",\"colour\":\"x\"}}]}"), "ops");
        assertThat(nested.path("message").asText()).contains("colour");

        // query parameters
        JsonNode override = invalid(h.get(obj("bad-input", "exists") + "?bucket=other"), "bucket");
        assertThat(override.path("message").asText()).contains("path");
        invalid(h.delete(obj("bad-input", "exists") + "?key=other"), "key");
        invalid(h.get("/v1/buckets/bad-input/objects?maxkeys=5"), "maxkeys");
        invalid(h.put(obj("bad-input", "exists") + "?size=5", "{\"size\":\"1\",\"etag\":\"e\"}"), "size");
        error(h.get("/v1/buckets/bad-input/objects?maxKeys=ten"), 400, "INVALID_ARGUMENT");

        // a txn op with its own requestId, and an empty txn
        error(h.post("/v1/txn", "{\"ops\":[]}"), 400, "INVALID_ARGUMENT");

        // nothing was committed, nothing changed
        assertThat(storeRevision()).isEqualTo(before);
        assertThat(ok(h.get("/v1/buckets/bad-input"))).isEqualTo(beforeBucket);
        error(h.get("/v1/buckets/bad-enum"), 404, "NOT_FOUND");
        assertThat(texts(ok(h.get("/v1/buckets/bad-input/objects")).path("contents"), "key")).containsExactly("exists");
        assertThat(texts(ok(h.get("/v1/buckets/bad-input/uploads/" + upload + "/parts")).path("parts"), "partNumber"))
                .isEmpty();
    }

    @Test
    void badBase64NamesTheLocationField() {
        bucket("bad-b64", "UNVERSIONED");
        JsonNode e = error(h.put(obj("bad-b64", "k"), "{\"size\":\"1\",\"etag\":\"e\",\"location\":\"!!!\"}"), 400,
                "INVALID_ARGUMENT");
        assertThat(e.path("message").asText()).contains("location");
    }

    @Test
    void queryParameterErrorsAreServedAsJson() {
        bucket("qp-ct", "UNVERSIONED");
        Raw r = raw("GET", "/v1/buckets/qp-ct/objects?bucket=other", null, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        Raw body = raw("PUT", "/v1/buckets/qp-ct/objects/k", "{\"sizee\":1}", "application/json");
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    }

    @Test
    void nonNumericQueryParameterNamesTheField() {
        bucket("bad-qnum", "UNVERSIONED");
        invalid(h.get("/v1/buckets/bad-qnum/objects?maxKeys=ten"), "maxKeys");
    }

    // ---- routes, content types, unframed ----

    @Test
    void unknownRouteAndWrongMethodAreJson() {
        Raw notFound = raw("GET", "/v1/nope", null, null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode nf = parse(notFound.body());
        assertThat(nf.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(nf.path("httpStatus").asInt()).isEqualTo(404);

        error(h.get("/v2/buckets"), 404, "NOT_FOUND");

        Raw wrong = raw("DELETE", "/v1/txn", null, null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode w = parse(wrong.body());
        assertThat(w.path("code").asText()).isNotEmpty();
        assertThat(w.path("httpStatus").asInt()).isEqualTo(405);
        assertThat(w.path("message").asText()).contains("DELETE");
        assertThat(h.send("PATCH", "/v1/garbage", "{}").status()).isEqualTo(405);
    }

    @Test
    void bodyWithoutJsonContentTypeIsJsonAndUnframedEndpointWorks() {
        Raw created = raw("PUT", "/v1/buckets/no-ctype", "{\"versioning\":\"ENABLED\"}", null);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(parse(created.body()).path("versioning").asText()).isEqualTo("ENABLED");
        Raw form = raw("PUT", "/v1/buckets/no-ctype/objects/k", "{\"size\":\"4\",\"etag\":\"e\"}",
                "application/x-www-form-urlencoded");
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(num(ok(h.get(obj("no-ctype", "k"))).path("size"))).isEqualTo(4);

        // unframed JSON at POST /objmeta.v1.Metadata/<Method>
        JsonNode b = ok(h.post("/objmeta.v1.Metadata/GetBucket", "{\"bucket\":\"no-ctype\"}"));
        assertThat(b.path("name").asText()).isEqualTo("no-ctype");
        assertThat(b.path("usage").path("objectCount").asText()).isEqualTo("1");
        JsonNode p = ok(h.post("/objmeta.v1.Metadata/PutObject", "{\"bucket\":\"no-ctype\",\"key\":\"..\","
                + "\"size\":\"2\",\"etag\":\"dots\"}"));
        assertThat(p.path("versionId").asText()).isNotIn("", "null");
        JsonNode dots = ok(h.post("/objmeta.v1.Metadata/GetObject", "{\"bucket\":\"no-ctype\",\"key\":\"..\"}"));
        assertThat(dots.path("etag").asText()).isEqualTo("dots");
        // strict there too, errors in the same shape
        invalid(h.post("/objmeta.v1.Metadata/GetBucket", "{\"bucket\":\"no-ctype\",\"nope\":1}"), "nope");
        JsonNode missing = error(h.post("/objmeta.v1.Metadata/GetObject", "{\"bucket\":\"no-ctype\",\"key\":\"zz\"}"),
                404, "NOT_FOUND");
        assertThat(missing.path("reason").asText()).isEqualTo("NO_SUCH_KEY");
        invalid(h.post("/objmeta.v1.Metadata/GetObject", "{\"bucket\":\"no-ctype\",\"key\":\"\"}"), "key");
    }

    // ---- exactly-once ----

    @Test
    void sameRequestIdTwiceAppliesOnce() {
        bucket("rid-bkt", "ENABLED");
        String body = "{\"size\":\"5\",\"etag\":\"e\",\"requestId\":{\"clientId\":\"api-test\",\"sequence\":\"1\"}}";
        JsonNode first = ok(h.put(obj("rid-bkt", "k"), body));
        JsonNode second = ok(h.put(obj("rid-bkt", "k"), body));
        assertThat(second).isEqualTo(first);
        assertThat(ok(h.get("/v1/buckets/rid-bkt/versions")).path("versions").size()).isEqualTo(1);
        assertThat(ok(h.get("/v1/buckets/rid-bkt")).path("usage").path("objectCount").asText()).isEqualTo("1");

        // DELETE takes it as query parameters
        String del = obj("rid-bkt", "k") + "?requestId.clientId=api-test&requestId.sequence=2";
        JsonNode m1 = ok(h.delete(del));
        JsonNode m2 = ok(h.delete(del));
        assertThat(m1.path("isDeleteMarker").asBoolean()).isTrue();
        assertThat(m2).isEqualTo(m1);
        assertThat(ok(h.get("/v1/buckets/rid-bkt/versions")).path("versions").size()).isEqualTo(2);

        // a new sequence applies again
        JsonNode third = ok(h.put(obj("rid-bkt", "k"), body.replace("\"sequence\":\"1\"", "\"sequence\":\"3\"")));
        assertThat(third.path("versionId").asText()).isNotEqualTo(first.path("versionId").asText());
        assertThat(ok(h.get("/v1/buckets/rid-bkt/versions")).path("versions").size()).isEqualTo(3);
    }

    // ---- operational endpoints ----

    @Test
    void healthMetricsDocsAndCluster() {
        HttpJson.Response health = h.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(parse(health.body()).path("healthy").asBoolean()).isTrue();

        ok(h.get("/v1/buckets")); // at least one RPC counted
        ok(h.put("/v1/buckets/metrics-backlog", "{}")); // at least one change retained
        HttpJson.Response metrics = h.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).containsPattern("(?m)^objmeta_raft_term(\\{[^}]*})? [1-9]")
                .containsPattern("(?m)^objmeta_rpc_requests_total\\{")
                .containsPattern("(?m)^objmeta_changes_retained [1-9]")
                .containsPattern("(?m)^objmeta_garbage_backlog [0-9]")
                .containsPattern("(?m)^objmeta_request_ids [0-9]");

        Raw docs = raw("GET", "/docs/", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.contentType()).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        HttpJson.Response spec = h.get("/docs/specification.json");
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body()).contains("objmeta.v1.Metadata");

        put0("cluster-bkt");
        JsonNode cluster = ok(h.get("/v1/cluster"));
        assertThat(cluster.path("leaderId").asText()).isEqualTo("n1");
        assertThat(cluster.path("selfId").asText()).isEqualTo("n1");
        assertThat(cluster.path("members").size()).isEqualTo(1);
        JsonNode m = cluster.path("members").get(0);
        assertThat(m.path("id").asText()).isEqualTo("n1");
        assertThat(m.path("role").asText()).isEqualTo("LEADER");
        assertThat(m.path("apiAddress").asText()).endsWith(":" + fixture.node(0).apiPort());
        assertThat(num(m.path("term"))).isGreaterThanOrEqualTo(1);
        assertThat(num(m.path("commitIndex"))).isGreaterThanOrEqualTo(1);
        assertThat(num(m.path("appliedIndex"))).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(num(m.path("commitIndex")));
        assertThat(num(cluster.path("revision"))).isGreaterThanOrEqualTo(1);
        JsonNode local = ok(h.get("/v1/cluster?localOnly=true"));
        assertThat(local.path("members").size()).isEqualTo(1);
    }

    private void put0(String bucket) {
        bucket(bucket, "UNVERSIONED");
        put(bucket, "k", 1, "e", "l");
    }
}
