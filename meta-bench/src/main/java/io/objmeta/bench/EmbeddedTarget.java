package io.objmeta.bench;

import io.objmeta.api.BlockingMetadataStore;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.wal.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * objmeta embedded: an {@link EmbeddedStore} with its defaults (WAL sync mode SYNC, group commit, batches of up
 * to 1024 commands per WAL record and LMDB transaction, background checkpoints every 30 s). A put is
 * {@code store.putObject(request)} waited for, so it returns once the write is fsynced in the WAL and applied to
 * LMDB; a get is {@code store.getObject(request)}, which runs in an LMDB read transaction on the caller's thread.
 */
final class EmbeddedTarget implements StoreTarget {

    /** Async puts in flight while preloading: many batches' worth, below the store's queue bound (16384). */
    static final int PRELOAD_IN_FLIGHT = 8192;

    private final Path dir;
    private final EmbeddedStore store;
    private final BlockingMetadataStore blocking;

    private EmbeddedTarget(Path dir, EmbeddedStore store) {
        this.dir = dir;
        this.store = store;
        this.blocking = store.blocking();
    }

    static EmbeddedTarget open(Path dir) throws Exception {
        return open(dir, EmbeddedStore.DEFAULT_LMDB_COMMIT_INTERVAL_MILLIS);
    }

    /** As {@link #open(Path)}, with LMDB's background commits every {@code lmdbCommitIntervalMillis}. */
    static EmbeddedTarget open(Path dir, long lmdbCommitIntervalMillis) throws Exception {
        return new EmbeddedTarget(dir, EmbeddedStore.builder().dataDir(dir).syncMode(SyncMode.SYNC)
                .lmdbCommitIntervalMillis(lmdbCommitIntervalMillis).build());
    }

    EmbeddedStore store() {
        return store;
    }

    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public void createBucket(String bucket) {
        blocking.createBucket(CreateBucketRequest.newBuilder().setBucket(bucket).setVersioning(Versioning.UNVERSIONED)
                .build());
    }

    @Override
    public long put(PutObjectRequest request) {
        return blocking.putObject(request).getRevision(); // store.putObject(request).join(), cause unwrapped
    }

    @Override
    public ObjectVersion get(GetObjectRequest request) {
        return blocking.getObject(request);
    }

    /** One LMDB read transaction on the caller's thread; {@code stale} changes nothing (one copy, always current). */
    @Override
    public int list(String bucket, String prefix, int maxKeys, boolean stale) {
        return blocking.listObjects(ListObjectsRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                .setMaxKeys(maxKeys).build()).getContentsCount();
    }

    /** Async puts through the store's own write path, {@link #PRELOAD_IN_FLIGHT} in flight. */
    @Override
    public double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress)
            throws Exception {
        progress.accept(String.format("preloading %d objects through EmbeddedStore.putObject, %d in flight", count,
                PRELOAD_IN_FLIGHT));
        long start = System.nanoTime();
        putAll(store, count, requestOf, PRELOAD_IN_FLIGHT, progress);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        progress.accept(String.format("preloaded %d objects: %.0f puts/s", count, rate));
        return rate;
    }

    /**
     * Puts objects {@code 0 <= n < count} with up to {@code inFlight} async puts outstanding, and waits for all;
     * the first failure is thrown.
     */
    static void putAll(EmbeddedStore store, long count, LongFunction<PutObjectRequest> requestOf, int inFlight,
                       Consumer<String> progress) throws Exception {
        AsyncPuts.run(count, inFlight, n -> store.putObject(requestOf.apply(n)), progress);
    }

    @Override
    public void counters(LoadRunner.Builder runner) {
        runner.counter("walFsyncs", () -> store.stats().walFsyncs())
                .counter("walRecords", () -> store.core().appliedIndex()) // one WAL record per sequencer batch
                .counter("lmdbCommits", () -> store.core().lmdbCommits());
    }

    @Override
    public void report(Map<String, Object> extra, LoadResult result) throws Exception {
        long fsyncs = result.counter("walFsyncs");
        long records = result.counter("walRecords");
        long commits = result.counter("lmdbCommits");
        extra.put("walFsyncs", fsyncs);
        if (fsyncs > 0) {
            extra.put("putsPerFsync", (double) result.ops() / fsyncs);
        }
        extra.put("walRecords", records);
        if (records > 0) {
            extra.put("putsPerRecord", (double) result.ops() / records);
        }
        extra.put("lmdbCommits", commits);
        if (commits > 0) {
            extra.put("putsPerLmdbCommit", (double) result.ops() / commits);
        }
    }

    @Override
    public void describe(Map<String, Object> extra) throws Exception {
        extra.put("syncMode", SyncMode.SYNC.name());
        extra.put("storeMiB", directoryBytes(dir) >> 20);
    }

    static long directoryBytes(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            long sum = 0;
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                sum += Files.size(p);
            }
            return sum;
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
