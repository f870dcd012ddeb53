package io.objmeta.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.core.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command on a real store; each run asserts that no input file changed (lock.mdb included). */
class MetaSnapTest {
    @TempDir
    static Path root;
    static SampleStore store;
    static SnapshotManifest m2;

    @BeforeAll
    static void build() throws Exception {
        store = SampleStore.build(root);
        m2 = store.manifest2;
    }

    private static Cli.Result run(Object... args) {
        return InputHashes.runReadOnly(new Path[] {store.data, store.snap1, store.snap2}, args);
    }

    private static Cli.Result ok(Object... args) {
        Cli.Result r = run(args);
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    private static JsonObject json(Cli.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private static List<String> lines(Cli.Result r) {
        return r.out().lines().toList();
    }

    @Test
    void infoOnASnapshotShowsManifestChecksumCountsAndLmdbStats() {
        Cli.Result human = ok("info", store.snap2);
        assertThat(human.out()).contains("kind             snapshot", "checksum         ok",
                "counts           buckets 3, objects " + m2.objects() + ", versions " + m2.versions()
                        + ", delete markers " + m2.deleteMarkers() + ", uploads 5", "versions", "overflow");
        JsonObject j = json(ok("info", store.snap2, "-o", "json"));
        assertThat(j.get("kind").getAsString()).isEqualTo("snapshot");
        assertThat(j.get("revision").getAsLong()).isEqualTo(m2.revision());
        assertThat(j.get("appliedIndex").getAsLong()).isEqualTo(m2.appliedIndex());
        assertThat(j.getAsJsonObject("manifest").get("sha256").getAsString()).isEqualTo(m2.sha256());
        assertThat(j.getAsJsonObject("counts").get("versions").getAsLong()).isEqualTo(m2.versions());
        JsonArray dbs = j.getAsJsonObject("lmdb").getAsJsonArray("databases");
        assertThat(dbs).hasSize(11);
        assertThat(dbs.get(2).getAsJsonObject().get("name").getAsString()).isEqualTo("versions");
        assertThat(dbs.get(2).getAsJsonObject().get("depth").getAsInt()).isGreaterThan(1);
        assertThat(ok("info", store.snap2, "--no-checksum").out()).contains("checksum         skipped");
    }

    @Test
    void infoOnAStoppedDataDirectoryAndABareLmdbDirectory() {
        JsonObject j = json(ok("info", store.data, "-o", "json"));
        assertThat(j.get("kind").getAsString()).isEqualTo("embedded");
        assertThat(j.get("revision").getAsLong()).isEqualTo(m2.revision());
        assertThat(j.getAsJsonObject("counts").get("objects").getAsLong()).isEqualTo(m2.objects());
        assertThat(j.getAsJsonObject("wal").get("records").getAsLong()).isPositive();
        assertThat(j.get("checksum").getAsString()).startsWith("none");
        assertThat(ok("info", store.data.resolve("lmdb")).out()).contains("kind           lmdb");
    }

    @Test
    void verifyPassesOnSoundInputs() {
        for (Path p : List.of(store.snap1, store.snap2, store.data)) {
            Cli.Result r = ok("verify", p);
            assertThat(r.out()).startsWith("OK ").contains("0 problem(s)");
        }
        JsonObject j = json(ok("verify", store.snap2, "-o", "json"));
        assertThat(j.get("ok").getAsBoolean()).isTrue();
        assertThat(j.get("recordsChecked").getAsLong()).isGreaterThan(m2.versions());
    }

    @Test
    void lsListsBucketsObjectsPrefixesAndVersions() {
        assertThat(lines(ok("ls", store.snap2))).hasSize(4).element(3).asString().startsWith("photos  ENABLED");
        JsonObject b = json(ok("ls", store.snap2, "-o", "json"));
        assertThat(b.getAsJsonArray("buckets")).hasSize(3);

        List<String> pre = lines(ok("ls", store.snap2, "photos", "--delimiter", "/"));
        assertThat(pre).hasSize(25).allMatch(l -> l.contains("PRE  20"));
        List<String> in2001 = lines(ok("ls", store.snap2, "photos", "--prefix", "2001/"));
        assertThat(in2001).hasSize(60 - 4).anyMatch(l -> l.endsWith("2001/img-00001.jpg")); // 4 marked deleted
        // paging through small pages gives the same listing
        assertThat(lines(ok("ls", store.snap2, "logs", "--page-size", "7"))).isEqualTo(lines(ok("ls", store.snap2,
                "logs"))).hasSize(1450);

        List<String> odd = lines(ok("ls", store.snap2, "odd", "--versions"));
        assertThat(odd).hasSize(6).anyMatch(l -> l.contains("\"new\\u000aline\""))
                .anyMatch(l -> l.contains("\"nul\\u0000key\"")).anyMatch(l -> l.contains("\"quote\\\"key\""));
        Cli.Result versions = ok("ls", store.snap2, "photos", "--versions", "--prefix", "2000/", "-o", "json");
        long rows = 0;
        for (String page : lines(versions)) {
            rows += JsonParser.parseString(page).getAsJsonObject().getAsJsonArray("versions").size();
        }
        assertThat(rows).isEqualTo(60 + 12 + 4); // 60 keys, 12 second versions, 4 delete markers
    }

    @Test
    void getShowsEveryVersionOfAKey() {
        String overwritten = SampleStore.photo(1);
        Cli.Result r = ok("get", store.snap2, "photos", overwritten);
        assertThat(r.out()).contains("(latest)", "etag           v2-1", "etag           e1");
        JsonObject j = json(ok("get", store.snap2, "photos", SampleStore.photo(300), "-o", "json"));
        JsonArray v = j.getAsJsonArray("versions");
        assertThat(v).hasSize(2);
        assertThat(v.get(0).getAsJsonObject().get("isDeleteMarker").getAsBoolean()).isTrue();
        assertThat(ok("get", store.snap2, "odd", SampleStore.LONG_KEY).out()).contains("(latest)");

        Cli.Result missing = run("get", store.snap2, "photos", "no/such/key");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("no/such/key");
        assertThat(run("get", store.snap2, "nobucket", "k").exit()).isEqualTo(3);
    }

    @Test
    void dumpStreamsEveryVersionInEachFormatWithFilters() {
        long all = m2.versions() + m2.deleteMarkers();
        List<String> nd = lines(ok("dump", store.snap2));
        assertThat(nd).hasSize((int) all);
        JsonObject first = JsonParser.parseString(nd.get(0)).getAsJsonObject();
        assertThat(first.get("bucket").getAsString()).isEqualTo("logs"); // buckets in name order
        assertThat(first.getAsJsonObject("version").get("key").getAsString()).isEqualTo(SampleStore.log(100));

        JsonArray arr = JsonParser.parseString(ok("dump", store.snap2, "--format", "json").out()).getAsJsonArray();
        assertThat(arr).hasSize((int) all);

        String csv = ok("dump", store.snap2, "--format", "csv", "--bucket", "odd").out();
        assertThat(csv).startsWith("bucket,key,versionId,revision,isLatest,isDeleteMarker,size,etag,lastModified,")
                .contains("odd,\"new\nline\",", "odd,\"quote\"\"key\",");

        assertThat(lines(ok("dump", store.snap2, "--bucket", "photos", "--prefix", "2001/"))).hasSize(60 + 12 + 4);
        long rev = store.manifest1.revision();
        assertThat(lines(ok("dump", store.snap2, "--min-revision", rev + 1)))
                .hasSize(300 + 100 + 50); // second versions, delete markers, new logs
        assertThat(lines(ok("dump", store.snap2, "--max-revision", rev))).hasSize((int) (all - 450));
        assertThat(ok("dump", store.snap2, "--bucket", "photos", "--prefix", "zzz").out()).isEmpty();
    }

    @Test
    void statsSummarisesBucketsSizesAndPrefixes() {
        JsonObject j = json(ok("stats", store.snap2, "-o", "json", "--top", "3"));
        JsonObject total = j.getAsJsonObject("total");
        assertThat(total.get("keys").getAsLong()).isEqualTo(m2.objects());
        assertThat(total.get("versions").getAsLong()).isEqualTo(m2.versions());
        assertThat(total.get("deleteMarkers").getAsLong()).isEqualTo(m2.deleteMarkers());
        long histogram = 0;
        for (var e : j.getAsJsonArray("sizeHistogram")) {
            histogram += e.getAsJsonObject().get("versions").getAsLong();
        }
        assertThat(histogram).isEqualTo(m2.versions());
        assertThat(j.getAsJsonArray("largestPrefixes")).hasSize(3);
        assertThat(j.getAsJsonArray("largestPrefixes").get(0).getAsJsonObject().get("prefix").getAsString())
                .isEqualTo("logs/app/");
        JsonObject photos = j.getAsJsonObject("buckets").getAsJsonObject("photos");
        assertThat(photos.get("deleteMarkers").getAsLong()).isEqualTo(100);
        assertThat(ok("stats", store.snap2, "--depth", "2").out()).contains("logs/app/07/", "version sizes:");
        assertThat(run("stats", store.snap2, "--depth", "0").exit()).isEqualTo(2);
    }

    @Test
    void diffReportsAddedRemovedAndEqual() {
        Cli.Result r = run("diff", store.snap1, store.snap2);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(lines(r)).last().isEqualTo("versions: 450 added, 100 removed, 0 changed; buckets: 0 added, "
                + "0 removed, 0 changed");
        assertThat(r.out()).contains("- logs app/00/log-00000 null", "+ photos 2000/img-00000.jpg");
        Cli.Result j = run("diff", store.snap1, store.snap2, "--bucket", "logs", "-o", "json");
        List<String> jl = lines(j);
        JsonObject summary = JsonParser.parseString(jl.get(jl.size() - 1)).getAsJsonObject().getAsJsonObject(
                "summary");
        assertThat(summary.get("versionsRemoved").getAsLong()).isEqualTo(100);
        assertThat(summary.get("versionsAdded").getAsLong()).isEqualTo(50);
        assertThat(JsonParser.parseString(jl.get(0)).getAsJsonObject().get("change").getAsString()).isEqualTo(
                "removed");

        Cli.Result same = ok("diff", store.snap2, store.data);
        assertThat(same.out()).startsWith("equal: ");
    }

    @Test
    void walDumpAndVerifyOnAStoppedDataDirectory() {
        Cli.Result verify = ok("wal", "verify", store.data);
        assertThat(verify.out()).contains("0 problem(s)");
        List<String> dump = lines(ok("wal", "dump", store.data));
        assertThat(dump.get(0)).matches("#1 type 1 00000000000000000001\\.wal@32 \\d+ B, 1 command\\(s\\), at 20\\S+Z");
        assertThat(dump.get(1)).isEqualTo("    CREATE_BUCKET photos");
        assertThat(dump).anyMatch(l -> l.startsWith("    PUT_OBJECT photos 2000/img-00000.jpg"))
                .anyMatch(l -> l.startsWith("    DELETE_OBJECT logs app/00/log-00000"))
                .anyMatch(l -> l.startsWith("    UPLOAD_PART photos "));
        List<String> json = lines(ok("wal", "dump", store.data.resolve("wal"), "-o", "json"));
        JsonObject rec = JsonParser.parseString(json.get(0)).getAsJsonObject();
        assertThat(rec.get("sequence").getAsLong()).isEqualTo(1);
        assertThat(rec.getAsJsonObject("batch").getAsJsonArray("commands").get(0).getAsJsonObject()
                .getAsJsonObject("createBucket").get("bucket").getAsString()).isEqualTo("photos");
        JsonObject summary = JsonParser.parseString(json.get(json.size() - 1)).getAsJsonObject()
                .getAsJsonObject("summary");
        assertThat(summary.get("records").getAsLong()).isEqualTo(json.size() - 1);
        assertThat(summary.get("recoverable").getAsBoolean()).isTrue();
    }

    @Test
    void restoreMakesADataDirectoryThatOpensAtTheSnapshotsRevision() throws Exception {
        Path target = root.resolve("restored");
        Cli.Result r = InputHashes.runReadOnly(new Path[] {store.snap2}, "restore", store.snap2, target);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("revision " + m2.revision(), "continues at sequence " + (m2.appliedIndex() + 1));
        assertThat(ok("verify", target).out()).startsWith("OK ");
        try (EmbeddedStore s = EmbeddedStore.builder().dataDir(target).build()) {
            assertThat(s.revision()).isEqualTo(m2.revision());
            assertThat(s.blocking().getObject(GetObjectRequest.newBuilder().setBucket("photos")
                    .setKey(SampleStore.photo(1)).build()).getEtag()).isEqualTo("v2-1");
        }
        Cli.Result again = InputHashes.runReadOnly(new Path[] {store.snap2}, "restore", store.snap2, target);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("not empty");
    }

    @Test
    void restoreForAServerNodeWritesLmdbOnlyAndServerLayoutIsDetected() throws Exception {
        Path node = root.resolve("node-n1");
        Cli.Result r = InputHashes.runReadOnly(new Path[] {store.snap2}, "restore", store.snap2, node, "--node-id",
                "n1");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("server node n1", "index " + m2.appliedIndex() + ", term " + m2.term());
        try (var s = Files.list(node)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("lmdb");
        }
        // the server's layout: lmdb/ + raft/<group>/current/ (log) + raft/<group>/sm/snapshot.<term>_<index>/
        Path group = node.resolve("raft").resolve("02511d47-d67c-49a3-9011-abb3109a44c1");
        Path snaps = group.resolve("sm").resolve("snapshot.0_" + m2.appliedIndex());
        Files.createDirectories(snaps);
        Files.createDirectories(group.resolve("current"));
        Files.copy(store.snap2.resolve("manifest.json"), snaps.resolve("manifest.json"));
        Files.copy(store.snap2.resolve("data.mdb"), snaps.resolve("data.mdb"));
        Cli.Result info = InputHashes.runReadOnly(new Path[] {node}, "info", node);
        assertThat(info.exit()).as("%s", info).isZero();
        assertThat(info.out()).contains("kind           server", "sm/snapshot.0_" + m2.appliedIndex(),
                "raft           present");
        Cli.Result wal = InputHashes.runReadOnly(new Path[] {node}, "wal", "dump", node);
        assertThat(wal.exit()).as("%s", wal).isZero(); // an empty Raft log (RaftLogTest reads a real one)
        assertThat(wal.out()).contains("0 Raft log entries, 0 problem(s)");
        assertThat(InputHashes.runReadOnly(new Path[] {node}, "verify", node).out()).contains("OK ",
                "raft/ not checked");
    }

    @Test
    void serveBrowsesReadOnlyOverHttp() throws Exception {
        Path[] inputs = {store.snap2};
        var before = InputHashes.of(inputs);
        var out = new java.io.ByteArrayOutputStream();
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = MetaSnap.run(new String[] {"serve", store.snap2.toString()},
                new java.io.PrintStream(out, true), new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
        t.start();
        String url = null;
        for (int i = 0; i < 200 && url == null; i++) {
            var m = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:\\d+/").matcher(out.toString());
            url = m.find() ? m.group() : null;
            Thread.sleep(25);
        }
        assertThat(url).as("serve printed its URL").isNotNull();
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        try {
            assertThat(get(http, url)).contains("<a href=\"/ui/photos\">photos</a>");
            assertThat(get(http, url + "ui/photos?delimiter=/")).contains("2024/");
            JsonObject buckets = JsonParser.parseString(get(http, url + "api/buckets")).getAsJsonObject();
            assertThat(buckets.getAsJsonArray("buckets")).hasSize(3);
            JsonObject list = JsonParser.parseString(get(http, url + "api/buckets/photos/objects?prefix=2001/"
                    + "&delimiter=/&maxKeys=10")).getAsJsonObject();
            assertThat(list.getAsJsonArray("contents")).hasSize(10);
            assertThat(list.get("isTruncated").getAsBoolean()).isTrue();
            JsonObject versions = JsonParser.parseString(get(http, url + "api/buckets/odd/versions")).getAsJsonObject();
            assertThat(versions.getAsJsonArray("versions")).hasSize(6);
            JsonObject obj = JsonParser.parseString(get(http, url + "api/buckets/odd/object?key=nul%00key"))
                    .getAsJsonObject();
            assertThat(obj.getAsJsonArray("versions")).hasSize(1);
            var missing = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url
                    + "api/buckets/nobucket/objects")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"error\"");
        } finally {
            t.interrupt();
            t.join(10_000);
        }
        assertThat(exit[0]).isZero();
        assertThat(InputHashes.of(inputs)).isEqualTo(before);
    }

    private static String get(java.net.http.HttpClient http, String url) throws Exception {
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aDirectoryInUseIsRefused() throws Exception {
        Path copy = root.resolve("in-use");
        try (EmbeddedStore s = EmbeddedStore.builder().dataDir(copy).build()) {
            s.blocking().createBucket(io.objmeta.core.testing.Requests.createBucket("live",
                    io.objmeta.api.proto.Versioning.ENABLED).build());
            for (String cmd : List.of("info", "verify", "ls")) {
                Cli.Result r = Cli.run(cmd, copy);
                assertThat(r.exit()).as("%s", r).isEqualTo(3);
                assertThat(r.err()).contains("is in use", "holds a lock on");
            }
            Cli.Result wal = Cli.run("wal", "verify", copy);
            assertThat(wal.exit()).isEqualTo(3);
            assertThat(wal.err()).contains("is in use");
        }
        assertThat(Cli.run("info", copy).exit()).isZero();
    }

    @Test
    void usageAndMissingInputsHaveTheirExitCodes() {
        assertThat(Cli.run().exit()).isEqualTo(2);
        assertThat(Cli.run("info").exit()).isEqualTo(2);
        assertThat(Cli.run("dump", store.snap2, "--format", "xml").exit()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").exit()).isEqualTo(2);
        Cli.Result missing = Cli.run("info", root.resolve("nothing-here"));
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("no such file or directory");
        Cli.Result notAStore = Cli.run("info", store.data.resolve("wal"));
        assertThat(notAStore.exit()).isEqualTo(3);
        assertThat(notAStore.err()).contains("not a snapshot");
        assertThat(Cli.run("wal", "dump", store.snap2).exit()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "info", "verify", "ls", "get", "dump", "stats", "diff", "wal", "wal dump",
            "wal verify", "restore", "serve"})
    void everyCommandHasHelpWithExamplesAndExitCodes(String command) {
        String[] args = (command + " --help").trim().split(" ");
        Cli.Result r = Cli.run((Object[]) args);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Usage: metasnap", "Examples:", "Exit codes: 0 ok");
    }
}
