package io.objmeta.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.Usage;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.core.internal.embedded.Snapshots;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** {@code verify} on deliberately damaged copies: each damage reported where it is, with a non-zero exit. */
class VerifyDamageTest {
    @TempDir
    static Path root;
    static SampleStore store;

    @TempDir
    Path scratch;

    @BeforeAll
    static void build() throws Exception {
        store = SampleStore.build(root);
    }

    private Path copy(String name) throws Exception {
        Path to = scratch.resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(store.snap2)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    private static Cli.Result verify(Path snapshot, Object... more) {
        Object[] args = new Object[more.length + 2];
        args[0] = "verify";
        args[1] = snapshot;
        System.arraycopy(more, 0, args, 2, more.length);
        return InputHashes.runReadOnly(new Path[] {snapshot}, args);
    }

    @Test
    void aFlippedByteInDataMdbIsAChecksumMismatch() throws Exception {
        Path snap = copy("flipped");
        Path data = snap.resolve("data.mdb");
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
        Cli.Result r = verify(snap);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEM data.mdb: SHA-256 ", "(expected: " + store.manifest2.sha256()
                + " from manifest.json)", "record checks skipped", "FAILED ");
        JsonObject j = JsonParser.parseString(verify(snap, "-o", "json").out()).getAsJsonObject();
        assertThat(j.get("ok").getAsBoolean()).isFalse();
        assertThat(j.getAsJsonArray("problems")).hasSize(1);
        Cli.Result ls = InputHashes.runReadOnly(new Path[] {snap}, "info", snap);
        assertThat(ls.exit()).isZero();
        assertThat(ls.out()).contains("checksum         MISMATCH");
    }

    @Test
    void aTruncatedDataMdbIsReportedAndNeverMapped() throws Exception {
        Path snap = copy("truncated");
        Path data = snap.resolve("data.mdb");
        long size = Files.size(data);
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.setLength(size / 2);
        }
        Cli.Result r = verify(snap);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEM data.mdb: size " + size / 2 + " bytes (expected: " + size
                + " from manifest.json): truncated");
        Cli.Result forced = verify(snap, "--force");
        assertThat(forced.exit()).isEqualTo(1);
        assertThat(forced.out()).contains("the file is truncated");
        Cli.Result info = InputHashes.runReadOnly(new Path[] {snap}, "dump", snap);
        assertThat(info.exit()).isEqualTo(4);
        assertThat(info.err()).contains(size / 2 + " bytes (expected: " + size + " from manifest.json)");
        // a bare LMDB directory has no manifest: the meta page check alone stops it
        Files.delete(snap.resolve("manifest.json"));
        Cli.Result bare = InputHashes.runReadOnly(new Path[] {snap}, "ls", snap);
        assertThat(bare.exit()).isEqualTo(4);
        assertThat(bare.err()).contains("the file is truncated");
    }

    @Test
    void aManifestWhoseChecksumDoesNotMatch() throws Exception {
        Path snap = copy("manifest");
        String fake = "0".repeat(64);
        Path manifest = snap.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace(store.manifest2.sha256(), fake));
        Cli.Result r = verify(snap);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEM data.mdb: SHA-256 " + store.manifest2.sha256() + " (expected: " + fake);
        Files.writeString(manifest, "{ not a manifest");
        Cli.Result garbage = verify(snap);
        assertThat(garbage.exit()).isEqualTo(1);
        assertThat(garbage.out()).contains("PROBLEM manifest.json: ", "missing");
    }

    @Test
    void aWrongUsageCounterIsAnInvariantProblem() throws Exception {
        Path snap = copy("usage");
        rawWrite(snap, "buckets", (buckets, txn) -> {
            byte[] key = "logs".getBytes(StandardCharsets.UTF_8);
            Bucket b = parse(buckets.get(txn, key));
            Usage u = b.getUsage();
            buckets.put(txn, key, b.toBuilder().setUsage(u.toBuilder().setObjectCount(u.getObjectCount() + 1))
                    .build().toByteArray());
        });
        Cli.Result r = verify(snap);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).contains("PROBLEM invariants: bucket \"logs\": usage says 1451 objects");
        assertThat(r.out().lines().filter(l -> l.startsWith("PROBLEM"))).hasSize(1);
    }

    @Test
    void anUndecodableVersionAndAnOutOfPlaceChangeAreLocatedByKey() throws Exception {
        Path snap = copy("records");
        byte[][] row = new byte[1][];
        rawWrite(snap, "versions", (versions, txn) -> {
            try (var c = versions.openCursor(txn)) {
                c.first();
                row[0] = c.key();
                c.put(row[0], new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, org.lmdbjava.PutFlags.MDB_CURRENT);
            }
        });
        rawWrite(snap, "changes", (changes, txn) -> {
            try (var c = changes.openCursor(txn)) {
                c.last();
                c.put(c.key(), Change.newBuilder().setRevision(1).build().toByteArray(),
                        org.lmdbjava.PutFlags.MDB_CURRENT);
            }
        });
        Cli.Result r = verify(snap);
        assertThat(r.exit()).as("%s", r).isEqualTo(1);
        String hex = java.util.HexFormat.of().formatHex(row[0]);
        assertThat(r.out()).contains("PROBLEM versions[bucket id ", ", key \"2000/img-00000.jpg\", revision ",
                "(key 0x" + hex + "): value does not decode");
        assertThat(r.out()).contains("PROBLEM invariants: not checked to the end: corrupt record in the store");
        assertThat(r.out()).containsPattern("PROBLEM changes\\[revision \\d+, index 0\\] \\(key 0x[0-9a-f]{24}\\): "
                + "record says revision 1");
        Cli.Result dump = InputHashes.runReadOnly(new Path[] {snap}, "dump", snap);
        assertThat(dump.exit()).isEqualTo(4);
        assertThat(dump.err()).contains("damaged input", "key \"2000/img-00000.jpg\"");
    }

    /** Writes to a copy with lmdbjava directly, then rewrites the manifest so only the planted damage remains. */
    private static void rawWrite(Path snap, String db, BiConsumer<Dbi<byte[]>, Txn<byte[]>> change)
            throws Exception {
        try (Env<byte[]> env = Env.create(ByteArrayProxy.PROXY_BA).setMapSize(1L << 26).setMaxDbs(32)
                .open(snap.toFile())) {
            Dbi<byte[]> dbi = env.openDbi(db);
            try (Txn<byte[]> txn = env.txnWrite()) {
                change.accept(dbi, txn);
                txn.commit();
            }
        }
        Files.delete(snap.resolve("lock.mdb"));
        SnapshotManifest m = SnapshotManifest.read(snap);
        Path data = snap.resolve("data.mdb");
        SnapshotManifest fixed = new SnapshotManifest(m.formatVersion(), m.revision(), m.appliedIndex(), m.term(),
                m.createdAtMillis(), Files.size(data), Snapshots.sha256(data), m.buckets(), m.objects(), m.versions(),
                m.deleteMarkers(), m.uploads());
        Files.writeString(snap.resolve("manifest.json"), fixed.toJson());
    }

    private static Bucket parse(byte[] b) {
        try {
            return Bucket.parseFrom(b);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
