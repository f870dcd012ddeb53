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

/**
 * An object-metadata store the {@code put} and {@code get} workloads drive through the same harness, key generator
 * and payload builder: objmeta embedded ({@link EmbeddedTarget}) or the RocksDB baseline ({@link RocksTarget}).
 * {@link #put} and {@link #get} are called from many threads at once.
 */
interface StoreTarget extends AutoCloseable {

    /** The stores a workload can be pointed at. */
    enum Kind { EMBEDDED, ROCKSDB, OBJMETA }

    /**
     * Opens a new, empty store of {@code kind} in {@code dir}; {@code rocksdb} applies to RocksDB only,
     * {@code endpoints} (host:port,...) to a running objmeta cluster only.
     */
    static StoreTarget open(Kind kind, Path dir, RocksObjectStore.Settings rocksdb, String endpoints)
            throws Exception {
        return switch (kind) {
            case EMBEDDED -> EmbeddedTarget.open(dir);
            case ROCKSDB -> RocksTarget.open(dir, rocksdb);
            case OBJMETA -> ObjmetaTarget.open(endpoints);
        };
    }

    /** The target's name in reports: {@code embedded} or {@code rocksdb}. */
    String name();

    /** Creates an unversioned bucket. */
    void createBucket(String bucket) throws Exception;

    /** A PutObject, returning once it is durable; returns its revision. */
    long put(PutObjectRequest request) throws Exception;

    /** A GetObject of the latest version. */
    ObjectVersion get(GetObjectRequest request) throws Exception;

    /**
     * Creates objects {@code 0 <= n < count} as fast as the store allows, before any clock starts; returns the
     * rate (puts/s). Each target says how in its {@code preload}.
     */
    double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress) throws Exception;

    /** Registers the target's cumulative counters for the measured window. */
    void counters(LoadRunner.Builder runner);

    /** Adds what the target's counters measured over a put run's window (fsyncs, puts per fsync) to a report. */
    void report(Map<String, Object> extra, LoadResult result) throws Exception;

    /** Adds the target's settings and its size on disk to a report. */
    void describe(Map<String, Object> extra) throws Exception;

    @Override
    void close() throws Exception;
}
