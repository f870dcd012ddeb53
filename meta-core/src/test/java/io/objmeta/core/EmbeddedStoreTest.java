package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.objmeta.api.BlockingMetadataStore;
import io.objmeta.api.CompactedException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.api.proto.WatchRequest;
import io.objmeta.wal.WalCorruptionException;
import io.objmeta.wal.WalOptions;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {
    @TempDir
    Path tmp;

    private EmbeddedStore open(Path dir) throws Exception {
        return EmbeddedStore.builder().dataDir(dir).checkpointIntervalMillis(0)
                .walOptions(WalOptions.builder().segmentSizeBytes(64 << 10).build()).build();
    }

    private static PutObjectRequest.Builder put(String bucket, String key) {
        return PutObjectRequest.newBuilder().setBucket(bucket).setKey(key).setSize(3).setEtag("e-" + key)
                .setLocation(ByteString.copyFromUtf8("loc-" + key));
    }

    private static void bucket(BlockingMetadataStore s, String name, Versioning v) {
        s.createBucket(CreateBucketRequest.newBuilder().setBucket(name).setVersioning(v).build());
    }

    @Test
    void writesAreDurableVisibleAndSurviveReopen() throws Exception {
        Path dir = tmp.resolve("d");
        String digest;
        try (EmbeddedStore store = open(dir)) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.UNVERSIONED);
            PutObjectResponse r = s.putObject(put("bkt", "k").build());
            assertThat(s.getObject(GetObjectRequest.newBuilder().setBucket("bkt").setKey("k").build()).getRevision())
                    .as("read-your-writes").isEqualTo(r.getRevision());
            assertThatThrownBy(() -> s.putObject(put("bkt", "k").setExpectedRevision(0).build()))
                    .isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> s.putObject(put("bkt", "").build())).isInstanceOf(InvalidArgumentException.class);
            digest = store.core().canonicalDigest();
        }
        try (EmbeddedStore store = open(dir)) {
            assertThat(store.core().canonicalDigest()).isEqualTo(digest);
            assertThat(store.revision()).isEqualTo(2);
        }
    }

    @Test
    void theWalRebuildsLmdbFromScratch() throws Exception {
        Path dir = tmp.resolve("d");
        String digest;
        try (EmbeddedStore store = open(dir)) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.ENABLED);
            for (int i = 0; i < 200; i++) {
                s.putObject(put("bkt", "k" + (i % 17)).build());
            }
            digest = store.core().canonicalDigest();
        }
        deleteTree(dir.resolve("lmdb")); // LMDB lost: the whole state comes back from the log
        try (EmbeddedStore store = open(dir)) {
            assertThat(store.core().canonicalDigest()).isEqualTo(digest);
            assertThat(store.core().verify()).isEmpty();
        }
    }

    @Test
    void aReplayThatOutgrowsLmdbsMapGrowsItAndRebuildsTheSameState() throws Exception {
        Path dir = tmp.resolve("d");
        String digest;
        try (EmbeddedStore store = open(dir)) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "vers", Versioning.ENABLED);
            bucket(s, "plain", Versioning.UNVERSIONED);
            ByteString padding = ByteString.copyFrom(new byte[1500]);
            for (int i = 0; i < 1500; i++) { // ~4 MiB of rows: a 1 MiB map fills several times over
                s.putObject(put("vers", "k" + (i % 97)).setLocation(padding).build());
                s.putObject(put("plain", "p" + (i % 400)).setLocation(padding).build());
                if (i % 5 == 0) {
                    s.deleteObject(io.objmeta.api.proto.DeleteObjectRequest.newBuilder().setBucket("plain")
                            .setKey("p" + (i % 400)).build());
                    s.deleteObject(io.objmeta.api.proto.DeleteObjectRequest.newBuilder().setBucket("vers")
                            .setKey("k" + (i % 97)).build()); // a delete marker
                }
            }
            digest = store.core().canonicalDigest();
        }
        deleteTree(dir.resolve("lmdb")); // the whole state comes back from the log, into a map too small for it
        try (EmbeddedStore store = EmbeddedStore.builder().dataDir(dir).checkpointIntervalMillis(0)
                .coreOptions(CoreOptions.builder().initialMapSizeBytes(1 << 20).build()).build()) {
            assertThat(store.core().canonicalDigest()).isEqualTo(digest);
            assertThat(store.core().verify()).isEmpty();
            assertThat(store.core().mapSizeBytes()).as("grown during the replay").isGreaterThan(1 << 20);
            assertThat(store.core().committedIndex()).as("the replay is in LMDB when the open returns")
                    .isEqualTo(store.core().appliedIndex());
            PutObjectResponse next = store.blocking().putObject(put("plain", "after").build());
            assertThat(next.getRevision()).as("revisions continue after the replay")
                    .isEqualTo(store.revision());
        }
    }

    @Test
    void checkpointTruncatesTheLogAndKeepsTheState() throws Exception {
        Path dir = tmp.resolve("d");
        try (EmbeddedStore store = open(dir)) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.UNVERSIONED);
            for (int i = 0; i < 3000; i++) {
                s.putObject(put("bkt", "key-" + i).build());
            }
            int before = store.stats().walSegments();
            store.checkpoint();
            assertThat(before).isGreaterThan(1);
            assertThat(store.stats().walSegments()).isEqualTo(1);
            assertThat(store.core().changes(1, 10, "", "")).isNotEmpty(); // the change feed is in LMDB
        }
        try (EmbeddedStore store = open(dir)) {
            assertThat(store.core().counts().objects()).isEqualTo(3000);
        }
    }

    @Test
    void closeWithWritesInFlightLeavesNoFutureHanging() throws Exception {
        EmbeddedStore store = open(tmp.resolve("d"));
        bucket(store.blocking(), "bkt", Versioning.UNVERSIONED);
        List<CompletableFuture<PutObjectResponse>> fs = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                fs.add(store.putObject(put("bkt", "k" + i).build()));
            }
        });
        writer.start();
        while (fs.size() < 2000) {
            Thread.onSpinWait();
        }
        store.close();
        stop.set(true);
        writer.join();
        long succeeded = 0;
        for (CompletableFuture<PutObjectResponse> f : fs) {
            try {
                f.get(10, TimeUnit.SECONDS); // never hangs
                succeeded++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(UnavailableException.class); // submitted after close
            }
        }
        assertThat(succeeded).isGreaterThanOrEqualTo(2000); // everything accepted before close completed
        try (EmbeddedStore again = open(tmp.resolve("d"))) {
            assertThat(again.core().counts().objects()).isEqualTo(succeeded);
        }
    }

    @Test
    void aFullQueueGivesBackPressureWithAClearError() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.builder().dataDir(tmp.resolve("d")).maxQueuedCommands(1)
                .queueWaitMillis(0).build()) {
            bucket(store.blocking(), "bkt", Versioning.UNVERSIONED);
            List<CompletableFuture<PutObjectResponse>> fs = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                fs.add(store.putObject(put("bkt", "k" + i).build()));
            }
            long rejected = 0;
            for (CompletableFuture<PutObjectResponse> f : fs) {
                try {
                    f.join();
                } catch (java.util.concurrent.CompletionException e) {
                    assertThat(e.getCause()).isInstanceOf(UnavailableException.class)
                            .hasMessageContaining("write queue full");
                    rejected++;
                }
            }
            assertThat(rejected).isPositive();
            assertThat(store.core().counts().objects()).isEqualTo(5000 - rejected);
        }
    }

    @Test
    void snapshotAndRestoreRoundTrip() throws Exception {
        Path snap = tmp.resolve("snap");
        String digest;
        try (EmbeddedStore store = open(tmp.resolve("src"))) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.ENABLED);
            for (int i = 0; i < 500; i++) {
                s.putObject(put("bkt", "k" + (i % 50)).build());
            }
            SnapshotManifest m = store.snapshot(snap);
            assertThat(m.revision()).isEqualTo(store.revision());
            assertThat(m.versions()).isEqualTo(500);
            assertThat(m.objects()).isEqualTo(50);
            assertThat(m.buckets()).isEqualTo(1);
            digest = store.core().canonicalDigest();
        }
        Path restored = tmp.resolve("restored");
        EmbeddedStore.restore(snap, restored);
        try (EmbeddedStore store = open(restored)) {
            assertThat(store.core().canonicalDigest()).isEqualTo(digest);
            long rev = store.revision();
            PutObjectResponse r = store.blocking().putObject(put("bkt", "after").build());
            assertThat(r.getRevision()).as("revisions continue after a restore").isEqualTo(rev + 1);
        }
        try (EmbeddedStore store = open(restored)) { // and the log after the snapshot replays on reopen
            assertThat(store.revision()).isEqualTo(501 + 1);
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedOnRestore() throws Exception {
        Path snap = tmp.resolve("snap");
        try (EmbeddedStore store = open(tmp.resolve("src"))) {
            bucket(store.blocking(), "bkt", Versioning.UNVERSIONED);
            store.snapshot(snap);
        }
        try (RandomAccessFile f = new RandomAccessFile(snap.resolve("data.mdb").toFile(), "rw")) {
            f.seek(100);
            f.write(f.read() ^ 1);
        }
        assertThatThrownBy(() -> EmbeddedStore.restore(snap, tmp.resolve("r")))
                .hasMessageContaining("SHA-256").hasMessageContaining("damaged");
    }

    @Test
    void aSnapshotTakenWhileWritersRunIsConsistentAtItsRevision() throws Exception {
        Path snap = tmp.resolve("snap");
        try (EmbeddedStore store = open(tmp.resolve("src"))) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.UNVERSIONED);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        s.putObject(put("bkt", id + "/" + i).build());
                    }
                });
                w.start();
                writers.add(w);
            }
            while (store.revision() < 500) {
                Thread.onSpinWait();
            }
            SnapshotManifest m = store.snapshot(snap);
            stop.set(true);
            for (Thread w : writers) {
                w.join();
            }
            assertThat(m.revision()).isBetween(500L, store.revision());
            try (MetaCore copy = MetaCore.openReadOnly(snap)) {
                assertThat(copy.verify()).isEmpty();
                assertThat(copy.revision()).isEqualTo(m.revision());
                assertThat(copy.counts().objects()).as("one object per revision after the bucket")
                        .isEqualTo(m.revision() - 1);
            }
        }
    }

    @Test
    void aTornWalTailIsCutAndACorruptMiddleRecordStopsTheOpen() throws Exception {
        Path dir = tmp.resolve("d");
        try (EmbeddedStore store = open(dir)) {
            bucket(store.blocking(), "bkt", Versioning.UNVERSIONED);
            for (int i = 0; i < 5; i++) {
                store.blocking().putObject(put("bkt", "k" + i).build());
            }
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("wal"))) {
            segment = s.filter(p -> p.toString().endsWith(".wal")).sorted().findFirst().orElseThrow();
        }
        long end = io.objmeta.wal.Wal.inspect(dir.resolve("wal"), null).segments().get(0).usedBytes();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(end); // half a record that never finished
            f.write(new byte[] {(byte) 0x99, 0x12, 0, 0, 40, 0, 0, 0, 7, 0, 0, 0});
        }
        try (EmbeddedStore store = open(dir)) {
            assertThat(store.revision()).isEqualTo(6);
        }
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(32 + 24); // inside the first record's payload; valid records follow
            f.write(f.read() ^ 0x40);
        }
        assertThatThrownBy(() -> open(dir)).isInstanceOf(WalCorruptionException.class)
                .hasMessageContaining(segment.getFileName().toString()).hasMessageContaining("offset 32")
                .hasMessageContaining("metasnap wal verify");
    }

    @Test
    void watchDeliversInOrderAndResumesExactlyAcrossARestart() throws Exception {
        Path dir = tmp.resolve("d");
        List<Change> seen = new CopyOnWriteArrayList<>();
        try (EmbeddedStore store = open(dir)) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.UNVERSIONED);
            var w = store.watch(WatchRequest.newBuilder().setFromRevision(1).setBucket("bkt").build(), collect(seen));
            for (int i = 0; i < 20; i++) {
                s.putObject(put("bkt", "k" + i).build());
            }
            awaitSize(seen, 21);
            w.cancel();
        }
        long last = seen.get(seen.size() - 1).getRevision();
        List<Change> more = new CopyOnWriteArrayList<>();
        try (EmbeddedStore store = open(dir)) {
            store.watch(WatchRequest.newBuilder().setFromRevision(last + 1).build(), collect(more));
            store.blocking().putObject(put("bkt", "after-restart").build());
            awaitSize(more, 1);
        }
        assertThat(seen).extracting(Change::getRevision).isSorted().doesNotHaveDuplicates();
        assertThat(more).extracting(Change::getRevision).containsExactly(last + 1);
        assertThat(more.get(0).getKey()).isEqualTo("after-restart");
    }

    @Test
    void watchingFromACompactedRevisionFails() throws Exception {
        try (EmbeddedStore store = EmbeddedStore.builder().dataDir(tmp.resolve("d"))
                .coreOptions(CoreOptions.builder().changeRetentionRevisions(10).build()).build()) {
            BlockingMetadataStore s = store.blocking();
            bucket(s, "bkt", Versioning.UNVERSIONED);
            for (int i = 0; i < 30; i++) {
                s.putObject(put("bkt", "k" + i).build());
            }
            LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
            store.watch(WatchRequest.newBuilder().setFromRevision(2).build(), new WatchListener() {
                @Override
                public void onChanges(List<Change> changes) {
                }

                @Override
                public void onError(Throwable error) {
                    errors.add(error);
                }
            });
            assertThat(errors.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(CompactedException.class,
                    e -> assertThat(e.compactRevision()).isEqualTo(22));
        }
    }

    private static WatchListener collect(List<Change> into) {
        return new WatchListener() {
            @Override
            public void onChanges(List<Change> changes) {
                into.addAll(changes);
            }

            @Override
            public void onError(Throwable error) {
                throw new AssertionError(error);
            }
        };
    }

    private static void awaitSize(List<?> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5); // the watch thread delivers asynchronously; polling a list has no event to await
        }
        assertThat(list).hasSizeGreaterThanOrEqualTo(n);
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
