package io.objmeta.bench;

import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import io.objmeta.bench.load.Report;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Durable CAS creates of new keys against objmeta embedded or the RocksDB baseline, N closed-loop writers. */
@Command(name = "put",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "Durable CAS creates of new keys (~256 B of metadata), N writers: objmeta (embedded or cluster)"
            + " vs RocksDB or etcd.",
        description = {
            "N writer threads each put a new key (obj/<16 hex digits>, by default a scramble of a shared counter,"
                + " so inserts land all over the key space; see --key-order) into an unversioned bucket with expectedRevision = 0 (CAS create)"
                + " and about --record-bytes of metadata (etag, content type, two user metadata entries, location"
                + " bytes), and wait for the acknowledgement before the next (closed loop). Both targets get the"
                + " same requests from the same key generator and payload builder, built inside the measured call.",
            "",
            "--target embedded: store.putObject(request).join() on an EmbeddedStore with its defaults: WAL sync"
                + " mode SYNC, so the ack means fsynced in the WAL and applied (visible to reads); concurrent writers"
                + " share one fsync, and LMDB commits the applied writes in the background every"
                + " --lmdb-commit-interval-ms (walFsyncs, putsPerFsync, putsPerRecord, putsPerLmdbCommit say how"
                + " many).",
            "--target rocksdb: the store a user would write on RocksDB (RocksObjectStore): read the latest pointer,"
                + " check the expected revision, take a revision from an AtomicLong, and write the version record"
                + " and the pointer in one WriteBatch with sync = true, under a striped per-key lock; RocksDB group"
                + " commits concurrent sync writes itself.",
            "--target objmeta: PutObject over gRPC to a running cluster, threads spread over --endpoints; acked once"
                + " a majority has the Raft entry on disk and the leader applied it.",
            "--target etcd: the same request serialized as the value of key <run>/bench/<key>, written with"
                + " txn(If version(key) = 0, Then put) through jetcd, threads spread over --endpoints the same way;"
                + " acked once a majority has it in its WAL and the leader applied it.",
        },
        footer = {"", "Examples:",
            "  metabench put --target embedded --writers 64 --seconds 20 --json",
            "  metabench put --target rocksdb --writers 64 --seconds 20 --json",
            "  metabench put --target rocksdb --writers 64 --rocksdb-statistics   # + WAL syncs per put",
            "  metabench put --target objmeta --endpoints 127.0.0.1:7760,127.0.0.1:7770,127.0.0.1:7780 --writers 256",
            "  metabench put --target etcd --endpoints 127.0.0.1:2379,127.0.0.1:2389,127.0.0.1:2399 --clients 256"})
final class PutCommand extends WorkloadCommand {

    enum KeyOrder { RANDOM, SEQUENTIAL }

    private static final HexFormat HEX = HexFormat.of();
    private static final int KEY_CHARS = 4 + 16; // obj/ + 16 hex digits

    @Mixin
    DirOptions dirOptions;

    @Option(names = "--target", defaultValue = "EMBEDDED", paramLabel = "T",
            description = "Store to measure: embedded, rocksdb, objmeta (a running cluster, see --endpoints) or"
                + " etcd (a running etcd cluster through jetcd: txn compare version = 0, then put) (default:"
                + " embedded).")
    StoreTarget.Kind target;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"--writers", "--clients"}, defaultValue = "1", paramLabel = "N",
            description = "Concurrent writer threads, each with one put outstanding (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--key-order", defaultValue = "RANDOM", paramLabel = "ORDER",
            description = "Order of the new keys, obj/<16 hex digits>: RANDOM (a bijective scramble of a shared"
                + " counter: inserts land all over the key space, the usual case) or SEQUENTIAL (the counter itself:"
                + " every insert at the right edge, a B-tree's best case) (default: ${DEFAULT-VALUE}).")
    KeyOrder keyOrder;

    @Option(names = "--record-bytes", defaultValue = "256", paramLabel = "N",
            description = "Serialized size of each PutObjectRequest (default: ${DEFAULT-VALUE}).")
    int recordBytes;

    @Option(names = "--rocksdb-pipelined-write", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "RocksDB enable_pipelined_write (default: ${DEFAULT-VALUE}).")
    boolean rocksdbPipelinedWrite;

    @Option(names = "--rocksdb-adaptive-yield", defaultValue = "true", arity = "1", paramLabel = "BOOL",
            description = "RocksDB enable_write_thread_adaptive_yield: writers spin-yield briefly for their write"
                + " group before blocking (default: ${DEFAULT-VALUE}).")
    boolean rocksdbAdaptiveYield;

    @Option(names = "--lmdb-commit-interval-ms", defaultValue = "100", paramLabel = "MS",
            description = "embedded: EmbeddedStore lmdbCommitIntervalMillis, how often LMDB commits the applied"
                + " writes in the background (0 = before every acknowledgement) (default: ${DEFAULT-VALUE}).")
    long lmdbCommitIntervalMillis;

    @Option(names = "--rocksdb-statistics",
            description = "Keep RocksDB statistics to report its WAL syncs (costs a little per write; off by default).")
    boolean rocksdbStatistics;

    /** The key of the {@code n}-th new object in RANDOM order. */
    static String key(long n) {
        return "obj/" + HEX.toHexDigits(ObjectRecords.mix(n));
    }

    /** The key of the {@code n}-th new object in SEQUENTIAL order. */
    static String sequentialKey(long n) {
        return "obj/" + HEX.toHexDigits(n);
    }

    @Override
    protected Report measure() throws Exception {
        if (writers < 1 || writers > 10_000) {
            throw usage("--writers: " + writers + " (expected: 1..10000)");
        }
        if (recordBytes < 1 || recordBytes > CoreWorkload.MAX_RECORD_BYTES) {
            throw usage("--record-bytes: " + recordBytes + " (expected: 1.." + CoreWorkload.MAX_RECORD_BYTES + ")");
        }
        if (lmdbCommitIntervalMillis < 0 || lmdbCommitIntervalMillis > 60_000) {
            throw usage("--lmdb-commit-interval-ms: " + lmdbCommitIntervalMillis + " (expected: 0..60000)");
        }
        ObjectRecords records = new ObjectRecords(recordBytes, KEY_CHARS);
        LongFunction<String> keyOf = keyOrder == KeyOrder.RANDOM ? PutCommand::key
                : PutCommand::sequentialKey;
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "put-" + target.name().toLowerCase());
             StoreTarget store = target == StoreTarget.Kind.EMBEDDED
                     ? EmbeddedTarget.open(scratch.path(), lmdbCommitIntervalMillis)
                     : StoreTarget.open(target, scratch.path(), new RocksObjectStore.Settings(rocksdbPipelinedWrite,
                             rocksdbAdaptiveYield, rocksdbStatistics), cluster)) {
            checkDisk(scratch);
            store.createBucket(ObjectRecords.BUCKET);
            AtomicLong next = new AtomicLong();
            CpuMeter cpu = new CpuMeter();
            LoadRunner.Builder runner = cpu.counters(runner().threads(writers));
            store.counters(runner);
            LoadResult result = run(runner.build(), worker -> {
                cpu.registerWorker();
                return () -> {
                    long n = next.getAndIncrement();
                    PutObjectRequest request = records.put(keyOf.apply(n), n, 0).getPutObject();
                    long revision = store.put(request);
                    if (revision <= 0) {
                        throw new IllegalStateException("put of " + request.getKey() + " returned revision "
                                + revision);
                    }
                };
            });
            Map<String, Object> extra = new LinkedHashMap<>();
            store.report(extra, result);
            extra.put("recordBytes", records.serializedBytes());
            CpuMeter.report(extra, result, result.ops());
            extra.put("keysPut", next.get());
            extra.put("keyOrder", keyOrder.name());
            store.describe(extra);
            extra.put("fileSystem", scratch.fileSystemType());
            return Report.of("put", store.name(), result, extra);
        }
    }
}
