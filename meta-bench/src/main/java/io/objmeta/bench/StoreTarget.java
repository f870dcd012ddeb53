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
 * An object-metadata store the store workloads ({@code put}, {@code get}, {@code list}, {@code cas},
 * {@code mixed}) drive through the same harness, key generator and payload builder: objmeta embedded
 * ({@link EmbeddedTarget}), an objmeta cluster ({@link ObjmetaTarget}), the RocksDB baseline ({@link RocksTarget})
 * or the etcd baseline ({@link EtcdTarget}). {@link #put}, {@link #get} and {@link #list} are called from many
 * threads at once.
 */
interface StoreTarget extends AutoCloseable {

    /** The stores a workload can be pointed at. */
    enum Kind { EMBEDDED, ROCKSDB, OBJMETA, ETCD }

    /**
     * Opens a new, empty store of {@code kind} in {@code dir}; {@code rocksdb} applies to RocksDB only,
     * {@code cluster} to a running objmeta or etcd cluster only.
     */
    static StoreTarget open(Kind kind, Path dir, RocksObjectStore.Settings rocksdb, ClusterOptions cluster)
            throws Exception {
        return switch (kind) {
            case EMBEDDED -> EmbeddedTarget.open(dir);
            case ROCKSDB -> RocksTarget.open(dir, rocksdb);
            case OBJMETA -> ObjmetaTarget.open(cluster.endpoints, cluster.objmetaClient, cluster.objmetaRouting);
            case ETCD -> EtcdTarget.open(cluster.endpoints);
        };
    }

    /** The target's name in reports: {@code embedded}, {@code rocksdb}, {@code objmeta} or {@code etcd}. */
    String name();

    /** Creates an unversioned bucket. */
    void createBucket(String bucket) throws Exception;

    /**
     * A PutObject, returning once it is durable; returns its revision. A failed condition
     * ({@code expectedRevision}) throws {@link io.objmeta.api.ConflictException}, whatever the target.
     */
    long put(PutObjectRequest request) throws Exception;

    /**
     * A GetObject of the latest version; its {@code revision} is what a conditional put expects. A {@code STALE}
     * request reads a replica's local state where the target has replicas (objmeta, etcd).
     */
    ObjectVersion get(GetObjectRequest request) throws Exception;

    /**
     * The first page (at most {@code maxKeys} entries) of the keys under {@code prefix}, no delimiter; returns the
     * entries it holds. {@code stale} as for {@link #get}.
     */
    default int list(String bucket, String prefix, int maxKeys, boolean stale) throws Exception {
        throw new UnsupportedOperationException("list: not supported by --target " + name());
    }

    /**
     * Creates objects {@code 0 <= n < count} as fast as the store allows, before any clock starts; returns the
     * rate (puts/s). Each target says how in its {@code preload}.
     */
    double preload(long count, LongFunction<PutObjectRequest> requestOf, Consumer<String> progress) throws Exception;

    /** Registers the target's cumulative counters for the measured window (none for the clusters). */
    default void counters(LoadRunner.Builder runner) {
    }

    /** Adds what the target's counters measured over a put run's window (fsyncs, puts per fsync) to a report. */
    default void report(Map<String, Object> extra, LoadResult result) throws Exception {
    }

    /** Adds the target's settings and its size on disk to a report. */
    void describe(Map<String, Object> extra) throws Exception;

    @Override
    void close() throws Exception;
}
