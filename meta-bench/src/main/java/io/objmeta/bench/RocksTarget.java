package io.objmeta.bench;

import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/** The RocksDB baseline ({@link RocksObjectStore}) as a workload target. */
final class RocksTarget implements StoreTarget {

    /** Puts per WriteBatch when bulk loading. */
    static final int PRELOAD_BATCH = 1000;

    private final Path dir;
    private final RocksObjectStore store;

    private RocksTarget(Path dir, RocksObjectStore store) {
        this.dir = dir;
        this.store = store;
    }

    static RocksTarget open(Path dir, RocksObjectStore.Settings settings) throws Exception {
        return new RocksTarget(dir, RocksObjectStore.open(dir, settings));
    }

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public void createBucket(String bucket) {
        store.createBucket(bucket);
    }

    @Override
    public long put(PutObjectRequest request) throws Exception {
        return store.putObject(request);
    }

    @Override
    public ObjectVersion get(GetObjectRequest request) throws Exception {
        return store.getObject(request);
    }

    /** Unconditional, unsynced WriteBatches of {@link #PRELOAD_BATCH} objects, then a flush and full compaction. */
    @Override
    public double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress)
            throws Exception {
        progress.accept(String.format("preloading %d objects with unsynced WriteBatches of %d, then flush + full"
                + " compaction", count, PRELOAD_BATCH));
        long start = System.nanoTime();
        store.bulkLoad(count, PRELOAD_BATCH, requestOf);
        double rate = count / ((System.nanoTime() - start) / 1e9);
        progress.accept(String.format("preloaded %d objects: %.0f puts/s (including the compaction); %d MiB of SST",
                count, rate, store.sstBytes() >> 20));
        return rate;
    }

    @Override
    public void counters(LoadRunner.Builder runner) {
        if (store.hasStatistics()) {
            runner.counter("walSyncs", store::walSyncs);
        }
    }

    @Override
    public void report(Map<String, Object> extra, LoadResult result) throws Exception {
        if (store.hasStatistics()) {
            long syncs = result.counter("walSyncs");
            extra.put("walFsyncs", syncs);
            if (syncs > 0) {
                extra.put("putsPerFsync", (double) result.ops() / syncs);
            }
        }
    }

    @Override
    public void describe(Map<String, Object> extra) throws Exception {
        store.describe(extra);
        extra.put("storeMiB", EmbeddedTarget.directoryBytes(dir) >> 20);
    }

    @Override
    public void close() {
        store.close();
    }
}
