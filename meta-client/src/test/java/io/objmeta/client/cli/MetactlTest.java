package io.objmeta.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.ClusterStatusResponse;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.MemberRole;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.SnapshotNowResponse;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.server.testing.ServerFixture;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** metactl against one real meta-server node: every command group run for real, outputs and exit codes checked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetactlTest {
    private ServerFixture server;
    private String endpoint;

    @BeforeAll
    void start() {
        server = ServerFixture.start(1);
        endpoint = server.peers().get(0).apiAddress();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** Runs metactl with $OBJMETA_ENDPOINTS pointing at the node. */
    private Result run(String... args) {
        return runWith(new ByteArrayInputStream(new byte[0]), args);
    }

    private Result runWith(java.io.InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Metactl m = new Metactl(k -> k.equals(Metactl.ENV_ENDPOINTS) ? endpoint : null).stdin(stdin);
        CommandLine cl = Metactl.commandLine(m);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertThat(r.code()).as("exit code of %s; stderr: %s", List.of(args), r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T parse(String json, T prototype) {
        Message.Builder b = prototype.newBuilderForType();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (Exception e) {
            throw new AssertionError("not valid JSON for " + b.getDescriptorForType().getName() + ": " + json, e);
        }
        return (T) b.build();
    }

    // ---- buckets ----

    @Test
    void bucketLifecycle() {
        Result created = ok("bucket", "create", "cli-buckets", "--versioning", "ENABLED", "--max-objects", "10",
                "--label", "team=media");
        assertThat(created.out()).contains("cli-buckets").contains("ENABLED").contains("team=media");
        assertThat(created.out()).containsPattern("CreatedAt:\\s+\\d{4}-\\d\\d-\\d\\dT");

        Bucket b = parse(ok("-o", "json", "bucket", "get", "cli-buckets").out(), Bucket.getDefaultInstance());
        assertThat(b.getName()).isEqualTo("cli-buckets");
        assertThat(b.getVersioning()).isEqualTo(Versioning.ENABLED);
        assertThat(b.getQuota().getMaxObjects()).isEqualTo(10);
        assertThat(b.getLabelsMap()).containsEntry("team", "media");

        Result ls = ok("bucket", "ls", "--prefix", "cli-b");
        assertThat(ls.lines().get(0)).startsWith("NAME");
        assertThat(ls.out()).contains("cli-buckets");

        Bucket updated = parse(ok("bucket", "update", "cli-buckets", "--versioning", "SUSPENDED", "--label", "x=y",
                "--remove-label", "team", "--if-revision", Long.toString(b.getRevision()), "-o", "json").out(),
                Bucket.getDefaultInstance());
        assertThat(updated.getVersioning()).isEqualTo(Versioning.SUSPENDED);
        assertThat(updated.getLabelsMap()).containsExactly(java.util.Map.entry("x", "y"));

        // stale revision: conflict
        Result stale = run("bucket", "update", "cli-buckets", "--label", "a=b", "--if-revision",
                Long.toString(b.getRevision()));
        assertThat(stale.code()).isEqualTo(4);
        assertThat(stale.err()).startsWith("metactl: ");

        assertThat(run("bucket", "create", "cli-buckets").code()).as("already exists").isEqualTo(4);
        ok("bucket", "rm", "cli-buckets");
        Result gone = run("bucket", "get", "cli-buckets");
        assertThat(gone.code()).isEqualTo(3);
        assertThat(gone.err()).startsWith("metactl: ").contains("cli-buckets");
        assertThat(gone.err().lines().count()).isEqualTo(1);
    }

    // ---- objects ----

    @Test
    void objectCommands() {
        ok("bucket", "create", "cli-objects", "--versioning", "ENABLED");
        PutObjectResponse firstPut = parse(ok("-o", "json", "put", "cli-objects", "dir/a.txt", "--size", "11",
                "--etag", "etag-a", "--content-type", "text/plain", "--meta", "owner=ann", "--location-text",
                "blob://a-1").out(), PutObjectResponse.getDefaultInstance());
        PutObjectResponse second = parse(ok("-o", "json", "put", "cli-objects", "dir/a.txt", "--size", "12",
                "--etag", "etag-a2", "--location-base64", "AAEC").out(), PutObjectResponse.getDefaultInstance());
        ok("put", "cli-objects", "dir/b.txt", "--size", "1", "--etag", "etag-b");
        Result put = ok("put", "cli-objects", "top.txt", "--size", "2", "--etag", "etag-t");
        assertThat(put.out()).containsPattern("Revision:\\s+\\d+").containsPattern("VersionId:\\s+\\S+");

        // get: every field, table and JSON
        Result get = ok("get", "cli-objects", "dir/a.txt");
        assertThat(get.out()).contains("dir/a.txt").contains("etag-a2").contains(second.getVersionId())
                .contains("b64:AAEC").containsPattern("LastModified:\\s+\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
        ObjectVersion first = parse(ok("-o", "json", "get", "cli-objects", "dir/a.txt", "--version-id",
                firstPut.getVersionId()).out(), ObjectVersion.getDefaultInstance());
        assertThat(first.getSize()).isEqualTo(11);
        assertThat(first.getEtag()).isEqualTo("etag-a");
        assertThat(first.getContentType()).isEqualTo("text/plain");
        assertThat(first.getUserMetadataMap()).containsEntry("owner", "ann");
        assertThat(first.getLocation().toStringUtf8()).isEqualTo("blob://a-1");

        // stale read with a min revision
        ObjectVersion staleRead = parse(ok("-o", "json", "get", "cli-objects", "dir/a.txt", "--consistency", "stale",
                "--min-revision", Long.toString(second.getRevision())).out(), ObjectVersion.getDefaultInstance());
        assertThat(staleRead.getRevision()).isEqualTo(second.getRevision());

        // head: short form
        Result head = ok("head", "cli-objects", "top.txt");
        assertThat(head.lines().get(0)).startsWith("KEY").contains("ETAG");
        assertThat(head.lines().get(1)).startsWith("top.txt").contains("etag-t");
        ObjectSummary headJson = parse(ok("-o", "json", "head", "cli-objects", "top.txt").out(),
                ObjectSummary.getDefaultInstance());
        assertThat(headJson.getSize()).isEqualTo(2);
        assertThat(headJson.getIsLatest()).isTrue();

        // ls: one page, truncated; --all pages through continuation tokens
        Result page = ok("ls", "cli-objects", "--max-keys", "1");
        assertThat(page.out()).contains("dir/a.txt").doesNotContain("top.txt").contains("truncated");
        ListObjectsResponse all = parse(ok("-o", "json", "ls", "cli-objects", "--max-keys", "1", "--all").out(),
                ListObjectsResponse.getDefaultInstance());
        assertThat(all.getContentsList()).extracting(ObjectSummary::getKey)
                .containsExactly("dir/a.txt", "dir/b.txt", "top.txt");
        assertThat(all.getIsTruncated()).isFalse();
        Result delim = ok("ls", "cli-objects", "--delimiter", "/");
        assertThat(delim.out()).contains("dir/").contains("PRE").contains("top.txt").doesNotContain("dir/a.txt");

        // rm adds a delete marker in a versioned bucket; get is then not found (3)
        Result rm = ok("rm", "cli-objects", "top.txt");
        assertThat(rm.out()).containsPattern("DeleteMarker:\\s+true");
        assertThat(run("get", "cli-objects", "top.txt").code()).isEqualTo(3);

        // versions: both versions of dir/a.txt and the marker of top.txt, over pages
        ListObjectVersionsResponse versions = parse(ok("-o", "json", "versions", "cli-objects", "--max-keys", "1",
                "--all").out(), ListObjectVersionsResponse.getDefaultInstance());
        assertThat(versions.getVersionsList()).extracting(ObjectSummary::getKey)
                .containsExactly("dir/a.txt", "dir/a.txt", "dir/b.txt", "top.txt", "top.txt");
        assertThat(versions.getVersionsList()).filteredOn(ObjectSummary::getIsDeleteMarker).hasSize(1);
        Result vt = ok("versions", "cli-objects", "--prefix", "dir/a");
        assertThat(vt.lines()).hasSize(3);
        assertThat(vt.lines().get(1)).contains(second.getVersionId()).contains("yes");

        // rm --version-id removes that version permanently
        ok("rm", "cli-objects", "dir/a.txt", "--version-id", first.getVersionId());
        assertThat(run("get", "cli-objects", "dir/a.txt", "--version-id", first.getVersionId()).code())
                .isEqualTo(3);
    }

    // ---- exit codes ----

    @Test
    void exitCodes() {
        ok("bucket", "create", "cli-codes");
        Result missing = run("get", "cli-codes", "nope");
        assertThat(missing.code()).as("not found").isEqualTo(3);
        assertThat(missing.err()).startsWith("metactl: ");
        assertThat(run("get", "no-such-bucket-here", "k").code()).as("no such bucket").isEqualTo(3);

        ok("put", "cli-codes", "once", "--size", "1", "--etag", "e", "--if-absent");
        Result again = run("put", "cli-codes", "once", "--size", "1", "--etag", "e", "--if-absent");
        assertThat(again.code()).as("conflict").isEqualTo(4);
        assertThat(again.err()).startsWith("metactl: ");
        assertThat(run("rm", "cli-codes", "once", "--if-etag", "other").code()).isEqualTo(4);

        Result usage = run("put", "cli-codes");
        assertThat(usage.code()).as("missing argument").isEqualTo(2);
        assertThat(usage.err()).startsWith("metactl: ").contains("KEY").contains("metactl put --help");
        assertThat(usage.err().lines().count()).as("one line").isEqualTo(1);
        assertThat(run("put", "cli-codes", "k", "--etag", "e").code()).as("missing --size").isEqualTo(2);
        assertThat(run("put", "cli-codes", "k", "--size", "x", "--etag", "e").code()).isEqualTo(2);
        assertThat(run("put", "cli-codes", "k", "--size", "1", "--etag", "e", "--location-text", "a",
                "--location-base64", "AA==").code()).as("exclusive flags").isEqualTo(2);
        assertThat(run("no-such-command").code()).isEqualTo(2);
        assertThat(run("bucket", "create", "Bad_Name").code()).as("invalid argument").isEqualTo(2);

        int port = ServerFixture.freePort();
        long t0 = System.nanoTime();
        Result down = run("--endpoints", "127.0.0.1:" + port, "--timeout", "2s", "--retries", "1", "bucket", "ls");
        assertThat(down.code()).as("unavailable; stderr %s", down.err()).isEqualTo(5);
        assertThat(down.err()).startsWith("metactl: ");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
        // global options are accepted after the subcommand too
        assertThat(run("bucket", "ls", "--endpoints", "127.0.0.1:" + port, "--retries", "0").code()).isEqualTo(5);
    }

    @Test
    void endpointsFromEnvironmentAndFlag() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // no flag, nothing in the environment: the default 127.0.0.1:7750 (nothing there in tests... or a node)
        int viaFlag = Metactl.run(new String[] {"--endpoints", endpoint, "cluster", "status"}, new PrintWriter(out),
                new PrintWriter(err), k -> "127.0.0.1:" + ServerFixture.freePort());
        assertThat(viaFlag).as(err.toString()).isZero();
        assertThat(out.toString()).contains("LEADER");
        StringWriter err2 = new StringWriter();
        int viaEnv = Metactl.run(new String[] {"--retries", "0", "cluster", "status"},
                new PrintWriter(new StringWriter()), new PrintWriter(err2),
                k -> "127.0.0.1:" + ServerFixture.freePort());
        assertThat(viaEnv).as("the environment's (dead) endpoint is used").isEqualTo(5);
    }

    // ---- multipart ----

    @Test
    void multipartUpload() {
        ok("bucket", "create", "cli-mpu");
        CreateMultipartUploadResponse up = parse(ok("-o", "json", "mpu", "create", "cli-mpu", "big.iso",
                "--content-type", "application/octet-stream").out(), CreateMultipartUploadResponse.getDefaultInstance());
        String id = up.getUploadId();
        assertThat(id).isNotEmpty();
        ok("mpu", "part", "cli-mpu", "big.iso", id, "1", "--size", Long.toString(5L << 20), "--etag",
                "0cc175b9c0f1b6a831c399e269772661", "--location-text", "blob-1");
        ok("mpu", "part", "cli-mpu", "big.iso", id, "2", "--size", "100", "--etag",
                "92eb5ffee6ae2fec3ad71c777531578f", "--location-text", "blob-2");

        Result ls = ok("mpu", "ls", "cli-mpu");
        assertThat(ls.out()).contains("big.iso").contains(id);
        ListPartsResponse parts = parse(ok("-o", "json", "mpu", "parts", "cli-mpu", "big.iso", id, "--max-parts", "1",
                "--all").out(), ListPartsResponse.getDefaultInstance());
        assertThat(parts.getPartsList()).extracting(p -> p.getPartNumber()).containsExactly(1, 2);
        assertThat(ok("mpu", "parts", "cli-mpu", "big.iso", id).out()).contains("blob-2");

        Result done = ok("mpu", "complete", "cli-mpu", "big.iso", id, "1=0cc175b9c0f1b6a831c399e269772661",
                "2=92eb5ffee6ae2fec3ad71c777531578f");
        assertThat(done.out()).contains("big.iso").containsPattern("Size:\\s+" + ((5L << 20) + 100))
                .contains("-2"); // S3 multipart etag: md5-of-md5s-2
        ObjectVersion v = parse(ok("-o", "json", "get", "cli-mpu", "big.iso").out(), ObjectVersion.getDefaultInstance());
        assertThat(v.getPartsCount()).isEqualTo(2);
        assertThat(v.getEtag()).endsWith("-2");

        String id2 = parse(ok("-o", "json", "mpu", "create", "cli-mpu", "gone.bin").out(),
                CreateMultipartUploadResponse.getDefaultInstance()).getUploadId();
        ok("mpu", "abort", "cli-mpu", "gone.bin", id2);
        ListMultipartUploadsResponse after = parse(ok("-o", "json", "mpu", "ls", "cli-mpu").out(),
                ListMultipartUploadsResponse.getDefaultInstance());
        assertThat(after.getUploadsList()).isEmpty();
        assertThat(run("mpu", "abort", "cli-mpu", "gone.bin", id2).code()).as("no such upload").isEqualTo(3);
        assertThat(run("mpu", "complete", "cli-mpu", "k", "u", "one").code()).isEqualTo(2);
    }

    // ---- txn ----

    @Test
    void txnFromFileAndStdin(@TempDir Path dir) throws Exception {
        ok("bucket", "create", "cli-txn");
        Path f = dir.resolve("txn.json");
        Files.writeString(f, """
                {"ops": [
                  {"put": {"bucket": "cli-txn", "key": "a", "size": "3", "etag": "ea", "location": "YmxvYi1h",
                           "expectedRevision": "0"}},
                  {"put": {"bucket": "cli-txn", "key": "b", "size": "4", "etag": "eb"}}
                ]}
                """);
        Result t = ok("txn", "-f", f.toString());
        assertThat(t.out()).contains("Revision:").contains("put").contains("cli-txn");
        ObjectVersion a = parse(ok("-o", "json", "get", "cli-txn", "a").out(), ObjectVersion.getDefaultInstance());
        ObjectVersion b = parse(ok("-o", "json", "get", "cli-txn", "b").out(), ObjectVersion.getDefaultInstance());
        assertThat(a.getRevision()).as("one revision").isEqualTo(b.getRevision());
        assertThat(a.getLocation().toStringUtf8()).isEqualTo("blob-a");

        // the same file again: op 0's condition fails, nothing applies (exit 4)
        Result conflict = run("txn", "-f", f.toString());
        assertThat(conflict.code()).isEqualTo(4);

        String del = "{\"ops\":[{\"delete\":{\"bucket\":\"cli-txn\",\"key\":\"a\",\"expectedRevision\":\""
                + a.getRevision() + "\"}}]}";
        Result viaStdin = runWith(new ByteArrayInputStream(del.getBytes(StandardCharsets.UTF_8)), "-o", "json",
                "txn", "-f", "-");
        assertThat(viaStdin.code()).as(viaStdin.err()).isZero();
        TxnResponse resp = parse(viaStdin.out(), TxnResponse.getDefaultInstance());
        assertThat(resp.getResultsCount()).isEqualTo(1);
        assertThat(resp.getResults(0).hasDelete()).isTrue();
        assertThat(run("get", "cli-txn", "a").code()).isEqualTo(3);

        Files.writeString(f, "{\"ops\": [], \"bogus\": 1}");
        Result strict = run("txn", "-f", f.toString());
        assertThat(strict.code()).as("strict parser").isEqualTo(2);
        assertThat(strict.err()).startsWith("metactl: ").contains("bogus");
        assertThat(run("txn", "-f", dir.resolve("missing.json").toString()).code()).isEqualTo(2);
        assertThat(run("txn").code()).isEqualTo(2);
    }

    // ---- watch ----

    @Test
    void watchReceivesPutsFromAnotherThread() throws Exception {
        ok("bucket", "create", "cli-watch");
        long from = parse(ok("-o", "json", "put", "cli-watch", "before", "--size", "1", "--etag", "e0").out(),
                PutObjectResponse.getDefaultInstance()).getRevision() + 1;
        CompletableFuture<Result> watch = CompletableFuture.supplyAsync(() -> run("-o", "json", "watch",
                "cli-watch", "--prefix", "w/", "--from-revision", Long.toString(from), "--count", "2"));
        ok("put", "cli-watch", "other", "--size", "1", "--etag", "e"); // filtered out by the prefix
        ok("put", "cli-watch", "w/1", "--size", "1", "--etag", "e1");
        ok("put", "cli-watch", "w/2", "--size", "2", "--etag", "e2");
        ok("put", "cli-watch", "w/3", "--size", "3", "--etag", "e3"); // after --count 2: not printed
        Result r = watch.get(60, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        List<Change> changes = new ArrayList<>();
        for (String line : r.lines()) {
            changes.add(parse(line, Change.getDefaultInstance()));
        }
        assertThat(changes).extracting(Change::getKey).containsExactly("w/1", "w/2");
        assertThat(changes).extracting(Change::getType).containsOnly(ChangeType.OBJECT_PUT);
        assertThat(changes.get(1).getVersion().getEtag()).isEqualTo("e2");

        Result table = ok("watch", "cli-watch", "--from-revision", Long.toString(from), "--count", "1");
        assertThat(table.lines().get(0)).startsWith("REVISION");
        assertThat(table.lines().get(1)).contains("OBJECT_PUT").contains("other")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT");
    }

    // ---- garbage ----

    @Test
    void garbageListAndAck() {
        ok("bucket", "create", "cli-garbage");
        ok("put", "cli-garbage", "k", "--size", "1", "--etag", "e1", "--location-text", "old-bytes");
        ok("put", "cli-garbage", "k", "--size", "1", "--etag", "e2", "--location-text", "new-bytes");
        Result ls = ok("garbage", "ls");
        assertThat(ls.out()).contains("cli-garbage").contains("old-bytes");
        ListGarbageResponse g = parse(ok("-o", "json", "garbage", "ls", "--limit", "1000").out(),
                ListGarbageResponse.getDefaultInstance());
        long max = g.getItemsList().stream().filter(i -> i.getBucket().equals("cli-garbage"))
                .mapToLong(i -> i.getRevision()).max().orElseThrow();
        Result ack = ok("garbage", "ack", Long.toString(max));
        assertThat(ack.out()).containsPattern("Removed:\\s+[1-9]");
        ListGarbageResponse after = parse(ok("-o", "json", "garbage", "ls", "--after-revision", "0").out(),
                ListGarbageResponse.getDefaultInstance());
        assertThat(after.getItemsList()).allMatch(i -> i.getRevision() > max);
    }

    // ---- cluster and admin ----

    @Test
    void clusterStatusAndSnapshot() {
        Result st = ok("cluster", "status");
        assertThat(st.out()).contains("LEADER").contains(endpoint).contains("n1");
        assertThat(st.out()).containsPattern("(?m)^ID\\s+ROLE\\s+TERM\\s+COMMIT\\s+APPLIED");
        ClusterStatusResponse json = parse(ok("-o", "json", "cluster", "status").out(),
                ClusterStatusResponse.getDefaultInstance());
        assertThat(json.getLeaderId()).isEqualTo("n1");
        assertThat(json.getMembersList()).anyMatch(m -> m.getRole() == MemberRole.LEADER
                && m.getApiAddress().equals(endpoint));

        // Ratis skips a snapshot when too few entries are new (its creation gap): the reply then covers index 0
        Result snapJson = ok("-o", "json", "admin", "snapshot");
        assertThat(snapJson.out()).contains("\"appliedIndex\"").contains("\"revision\"");
        SnapshotNowResponse snap = parse(snapJson.out(), SnapshotNowResponse.getDefaultInstance());
        assertThat(snap.getAppliedIndex()).isNotNegative();
        assertThat(ok("admin", "snapshot").out()).containsPattern("AppliedIndex:\\s+\\d+");
    }

    // ---- help ----

    @Test
    void helpOnEveryCommandWithExamples() {
        Result root = ok("--help");
        assertThat(root.out()).contains("Exit codes:").contains("OBJMETA_ENDPOINTS").contains("3  not found")
                .contains("4  conflict").contains("5  unavailable").contains("2  usage");
        List<CommandLine> all = new ArrayList<>();
        collect(Metactl.commandLine(new Metactl()), all);
        assertThat(all).hasSizeGreaterThan(25);
        for (CommandLine c : all) {
            if (c.getCommandName().equals("help")) {
                continue;
            }
            List<String> path = new ArrayList<>(List.of(c.getCommandSpec().qualifiedName(" ").split(" ")));
            path.remove(0);
            path.add("--help");
            Result r = ok(path.toArray(String[]::new));
            assertThat(r.out()).as("help of %s", path).contains("Usage: metactl").contains("Examples:");
        }
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, into));
    }

    @Test
    void isoTimes() {
        assertThat(Base.time(0)).isEqualTo("-");
        assertThat(Base.time(1_700_000_000_000L)).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L).toString());
    }
}
