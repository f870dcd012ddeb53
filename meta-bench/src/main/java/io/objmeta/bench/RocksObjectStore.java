package io.objmeta.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.InvalidProtocolBufferException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.Ids;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;
import org.rocksdb.TickerType;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB baseline: the object-metadata store a user would write on RocksDB (JNI) instead of using objmeta,
 * honestly tuned, doing the same logical operation as objmeta's PutObject/GetObject on an unversioned bucket.
 *
 * <p><b>Schema.</b> {@code l/<bucket>/<key>} (the latest pointer) holds the current version's revision as 8
 * big-endian bytes; {@code v/<bucket>/<key>/<~revision>} (8 big-endian bytes of the complemented revision, so a
 * key's versions sort newest first) holds the serialized {@link ObjectVersion}, built exactly as objmeta builds
 * it (versionId "null", storage class STANDARD, lastModified from the writer's clock). Revisions come from an
 * in-process {@link AtomicLong}.
 *
 * <p><b>PutObject with a CAS condition.</b> Validate the request as objmeta does; under the key's stripe lock:
 * read the latest pointer, compare it with {@code expectedRevision} (0 = absent), take a revision, and write
 * ONE {@link WriteBatch} (the version record, the latest pointer and, when overwriting, the delete of the old
 * version) with {@code sync = true}, so the put is durable (WAL fdatasync) when it returns. The lock makes
 * read-check-write atomic per key against concurrent writers of the same key; it is striped over 65,536 locks
 * and the benchmark's keys are all new and distinct, so writers meet on a stripe with probability about
 * writers/65,536 per put (0.1 % at 64 writers) and only for one put's time: contention is nil. Concurrent
 * writers of different keys share RocksDB's own group commit: writers queued while one write group syncs the
 * WAL join the next group, whose leader writes and fdatasyncs for all of them.
 *
 * <p><b>GetObject</b> reads the latest pointer, then the version record (two point lookups, each cut short by
 * the bloom filters when the key is absent), retrying if an overwrite replaced the version between the two.
 *
 * <p><b>What it does less than objmeta</b> (so the comparison favours RocksDB): no bucket usage counters (objmeta
 * keeps objectCount/bytesUsed exact and transactional), no change-feed row, no garbage-queue entry, no
 * request-id table, no persistent revision counter (a restart would have to recover it with a scan), and
 * {@code expectedEtag} is not supported. The buckets are an in-memory set.
 *
 * <p><b>Options</b> (every one set on purpose; see {@link #open}): RocksDB 10.x defaults plus a 512 MiB LRU block
 * cache, a 10 bits/key full bloom filter (about 1 % false positives) with whole-key filtering, index and filter
 * blocks in the block cache with L0's pinned, a hash index inside data blocks, memtable bloom filters (every
 * CAS create first looks up an absent key), LZ4 compression, 64 MiB memtables, 1 MiB bytes-per-sync, background
 * jobs sized to the cores, and pipelined writes (WAL writes of one group overlap the memtable inserts of the
 * previous; {@code --rocksdb-pipelined-write false} turns it off). Statistics are off unless asked for
 * ({@code --rocksdb-statistics}, for the WAL sync count).
 */
final class RocksObjectStore implements AutoCloseable {

    static final int STRIPES = 1 << 16;
    static final long BLOCK_CACHE_BYTES = 512L << 20;
    static final int BLOOM_BITS_PER_KEY = 10;
    static final long WRITE_BUFFER_BYTES = 64L << 20;
    private static final String STORAGE_CLASS = "STANDARD";

    static {
        RocksDB.loadLibrary();
    }

    private final List<AutoCloseable> resources = new ArrayList<>(); // closed in reverse order, after the DB
    private final RocksDB db;
    private final @Nullable Statistics statistics;
    private final WriteOptions syncWrite;
    private final WriteOptions bulkWrite;
    private final ReadOptions read;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final AtomicLong revision = new AtomicLong();
    private final Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final Settings settings;

    /**
     * The options a run may change.
     *
     * @param pipelinedWrite {@code enable_pipelined_write}
     * @param adaptiveYield  {@code enable_write_thread_adaptive_yield}: writers waiting for their write group spin
     *                       and yield up to 100 us before blocking (RocksDB's default: on)
     * @param statistics     keep RocksDB statistics (costs a little on every write) so {@link #walSyncs()} can say
     *                       how many writes shared each WAL sync
     */
    record Settings(boolean pipelinedWrite, boolean adaptiveYield, boolean statistics) {
        static final Settings DEFAULTS = new Settings(true, true, false);
    }

    private RocksObjectStore(Path dir, Settings settings) throws RocksDBException {
        this.settings = settings;
        LRUCache cache = add(new LRUCache(BLOCK_CACHE_BYTES));
        BloomFilter bloom = add(new BloomFilter(BLOOM_BITS_PER_KEY, false));
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setWholeKeyFiltering(true)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
        int cores = Runtime.getRuntime().availableProcessors();
        Options options = add(new Options()
                .setCreateIfMissing(true)
                .setEnablePipelinedWrite(settings.pipelinedWrite())
                .setEnableWriteThreadAdaptiveYield(settings.adaptiveYield())
                .setIncreaseParallelism(Math.max(2, cores))
                .setMaxBackgroundJobs(Math.max(2, cores))
                .setBytesPerSync(1 << 20)
                .setWriteBufferSize(WRITE_BUFFER_BYTES)
                .setMaxWriteBufferNumber(3)
                .setLevelCompactionDynamicLevelBytes(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMemtablePrefixBloomSizeRatio(0.05)
                .setMemtableWholeKeyFiltering(true)
                .setTableFormatConfig(table));
        if (settings.statistics()) {
            this.statistics = add(new Statistics());
            this.statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);
            options.setStatistics(this.statistics);
        } else {
            this.statistics = null;
        }
        this.db = RocksDB.open(options, dir.toString());
        this.syncWrite = add(new WriteOptions().setSync(true));
        this.bulkWrite = add(new WriteOptions().setSync(false));
        this.read = add(new ReadOptions());
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Opens (creating) a store in {@code dir}. */
    static RocksObjectStore open(Path dir, Settings settings) throws RocksDBException {
        return new RocksObjectStore(dir, settings);
    }

    private <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    /** The options worth printing beside a result. */
    void describe(Map<String, Object> extra) {
        extra.put("rocksdbVersion", RocksDB.rocksdbVersion().toString());
        extra.put("rocksdbPipelinedWrite", settings.pipelinedWrite());
        extra.put("rocksdbAdaptiveYield", settings.adaptiveYield());
        extra.put("rocksdbBlockCacheMiB", BLOCK_CACHE_BYTES >> 20);
        extra.put("rocksdbBloomBitsPerKey", BLOOM_BITS_PER_KEY);
        extra.put("rocksdbStatistics", statistics != null);
    }

    void createBucket(String bucket) {
        buckets.add(bucket);
    }

    /** A CAS put of the latest version, durable on return; returns its revision. */
    long putObject(PutObjectRequest r) throws RocksDBException {
        Validation.validate(r);
        if (r.hasExpectedEtag()) {
            throw new UnsupportedOperationException("expectedEtag: not supported by the RocksDB baseline");
        }
        String bucket = r.getBucket();
        if (!buckets.contains(bucket)) {
            throw new NoSuchBucketException(bucket);
        }
        byte[] latestKey = latestKey(bucket, r.getKey());
        ReentrantLock lock = stripes[stripe(latestKey)];
        lock.lock();
        try {
            byte[] pointer = db.get(read, latestKey);
            long current = pointer == null ? 0 : ByteBuffer.wrap(pointer).getLong();
            if (r.hasExpectedRevision() && r.getExpectedRevision() != current) {
                throw new ConflictException("expectedRevision: " + r.getExpectedRevision() + " (current: " + current
                        + ")", current);
            }
            long rev = revision.incrementAndGet();
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(versionKey(bucket, r.getKey(), rev), version(r, rev).toByteArray());
                batch.put(latestKey, longBytes(rev));
                if (current != 0) {
                    batch.delete(versionKey(bucket, r.getKey(), current)); // unversioned: one version per key
                }
                db.write(syncWrite, batch);
            }
            return rev;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bulk load for read benchmarks: creates of {@code count} new keys in batches of {@code batchSize}, without
     * conditions or sync, then a flush and a full compaction, so reads meet a settled LSM tree (RocksDB's best
     * case) rather than a pile of L0 files.
     */
    void bulkLoad(long count, int batchSize, LongFunction<PutObjectRequest> requestOf) throws RocksDBException {
        for (long n = 0; n < count; ) {
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < batchSize && n < count; i++, n++) {
                    PutObjectRequest r = requestOf.apply(n);
                    long rev = revision.incrementAndGet();
                    batch.put(versionKey(r.getBucket(), r.getKey(), rev), version(r, rev).toByteArray());
                    batch.put(latestKey(r.getBucket(), r.getKey()), longBytes(rev));
                }
                db.write(bulkWrite, batch);
            }
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        }
        try (CompactRangeOptions compact = new CompactRangeOptions()) {
            db.compactRange(db.getDefaultColumnFamily(), null, null, compact);
        }
    }

    /** The latest version of a key. */
    ObjectVersion getObject(GetObjectRequest r) throws RocksDBException, InvalidProtocolBufferException {
        Validation.validate(r);
        if (!r.getVersionId().isEmpty()) {
            throw new UnsupportedOperationException("versionId: not supported by the RocksDB baseline");
        }
        byte[] latestKey = latestKey(r.getBucket(), r.getKey());
        while (true) {
            byte[] pointer = db.get(read, latestKey);
            if (pointer == null) {
                throw new NoSuchKeyException(r.getBucket(), r.getKey());
            }
            byte[] version = db.get(read, versionKey(r.getBucket(), r.getKey(), ByteBuffer.wrap(pointer).getLong()));
            if (version != null) {
                return ObjectVersion.parseFrom(version);
            }
            // an overwrite replaced the version between the two reads: read the pointer again
        }
    }

    /** WAL syncs so far (RocksDB's WAL_FILE_SYNCED ticker, one per write group of sync writes); -1 without them. */
    long walSyncs() {
        return statistics == null ? -1 : statistics.getTickerCount(TickerType.WAL_FILE_SYNCED);
    }

    boolean hasStatistics() {
        return statistics != null;
    }

    /** Bytes of the live SST files. */
    long sstBytes() throws RocksDBException {
        return db.getLongProperty("rocksdb.live-sst-files-size");
    }

    private static ObjectVersion version(PutObjectRequest r, long rev) {
        return ObjectVersion.newBuilder()
                .setKey(r.getKey())
                .setVersionId(Ids.NULL_VERSION_ID)
                .setRevision(rev)
                .setSize(r.getSize())
                .setEtag(r.getEtag())
                .setContentType(r.getContentType())
                .setLastModified(System.currentTimeMillis())
                .putAllUserMetadata(r.getUserMetadataMap())
                .setStorageClass(r.getStorageClass().isEmpty() ? STORAGE_CLASS : r.getStorageClass())
                .setLocation(r.getLocation())
                .build();
    }

    static byte[] latestKey(String bucket, String key) {
        byte[] b = bucket.getBytes(UTF_8);
        byte[] k = key.getBytes(UTF_8);
        return ByteBuffer.allocate(2 + b.length + 1 + k.length).put((byte) 'l').put((byte) '/').put(b)
                .put((byte) '/').put(k).array();
    }

    static byte[] versionKey(String bucket, String key, long rev) {
        byte[] b = bucket.getBytes(UTF_8);
        byte[] k = key.getBytes(UTF_8);
        return ByteBuffer.allocate(2 + b.length + 1 + k.length + 1 + 8).put((byte) 'v').put((byte) '/').put(b)
                .put((byte) '/').put(k).put((byte) '/').putLong(~rev).array();
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static int stripe(byte[] key) {
        int h = java.util.Arrays.hashCode(key);
        h ^= h >>> 16;
        return h & (STRIPES - 1);
    }

    @Override
    public void close() {
        db.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + resources.get(i) + ": " + e, e);
            }
        }
    }
}
