package io.objmeta.bench;

import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Report;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code metabench get --target embedded|rocksdb|objmeta|etcd}: the get workload against a store instead of the
 * bare engine.
 * The same keys (p0000/k000000...), records, request objects, random key choice and per-answer check as
 * {@code get --target core}; only the store differs. Preload: the embedded store takes async
 * {@code EmbeddedStore.putObject} calls, {@value EmbeddedTarget#PRELOAD_IN_FLIGHT} in flight (its real write path:
 * WAL, group commit, LMDB batches); RocksDB takes unsynced WriteBatches then a flush and full compaction (see
 * {@link RocksTarget#preload}); the clusters take async CAS creates, 1024 in flight. One op is one
 * {@code store.getObject(request)} (embedded: validation and one LMDB read transaction on the caller's thread), the
 * RocksDB baseline's two point lookups, or one RPC (objmeta GetObject, etcd Range), linearizable unless
 * {@code --stale}.
 */
final class StoreGet {

    /** What {@code get} reads from. */
    enum Target { CORE, LMDB, EMBEDDED, ROCKSDB, OBJMETA, ETCD }

    static final long SEED = 0x5eed_0001L; // every get target reads the same key sequence

    private StoreGet() {
    }

    /** One read of the measured loop: a target's GetObject. */
    interface Reader {
        ObjectVersion get(GetObjectRequest request) throws Exception;
    }

    /** A GetObject request for every key of {@code space}, built before any clock starts. */
    static GetObjectRequest[] requests(KeySpace space) {
        return requests(space, false);
    }

    /** The same, reading a replica's local state when {@code stale} (objmeta STALE, etcd serializable). */
    static GetObjectRequest[] requests(KeySpace space, boolean stale) {
        GetObjectRequest[] requests = new GetObjectRequest[Math.toIntExact(space.keys())];
        for (int i = 0; i < requests.length; i++) {
            GetObjectRequest.Builder b = GetObjectRequest.newBuilder().setBucket(ObjectRecords.BUCKET)
                    .setKey(space.key(i));
            if (stale) {
                b.setConsistency(Consistency.STALE);
            }
            requests[i] = b.build();
        }
        return requests;
    }

    /**
     * The measured loop every get target shares: each worker reads random keys (the same sequence for every target:
     * {@code SEED + worker}) and checks each answer is the key it asked for.
     */
    static LoadResult readRandomly(WorkloadCommand cmd, CpuMeter cpu, int threads, GetObjectRequest[] requests,
                                   Reader read) throws Exception {
        return cmd.run(cpu.counters(cmd.runner().threads(threads)).build(), worker -> {
            cpu.registerWorker();
            SplittableRandom random = new SplittableRandom(SEED + worker);
            return () -> {
                GetObjectRequest request = requests[random.nextInt(requests.length)];
                ObjectVersion v = read.get(request);
                if (!v.getKey().equals(request.getKey())) {
                    throw new IllegalStateException("asked for " + request.getKey() + ", got " + v.getKey());
                }
            };
        });
    }

    /** Runs {@code get} against {@code target}, with the command's options. */
    static Report measure(GetCommand cmd, Target target) throws Exception {
        cmd.checkRecordBytes();
        int threads = cmd.threads;
        int keys = cmd.keys;
        if (threads < 1 || threads > 1024) {
            throw cmd.usage("--threads: " + threads + " (expected: 1..1024)");
        }
        if (keys < 1 || cmd.prefixes < 1 || cmd.prefixes > keys) {
            throw cmd.usage("--keys, --prefixes: " + keys + ", " + cmd.prefixes
                    + " (expected: 1 <= prefixes <= keys)");
        }
        StoreTarget.Kind kind = StoreTarget.Kind.valueOf(target.name());
        KeySpace space = new KeySpace(keys, cmd.prefixes);
        ObjectRecords records = new ObjectRecords(cmd.recordBytes, space.keyChars());
        try (ScratchDir scratch = ScratchDir.create(cmd.dirOptions.dir, "get-" + kind.name().toLowerCase());
             StoreTarget store = StoreTarget.open(kind, scratch.path(), RocksObjectStore.Settings.DEFAULTS,
                     cmd.cluster)) {
            cmd.checkDisk(scratch);
            store.createBucket(ObjectRecords.BUCKET);
            double preloadRate = store.preload(keys, n -> records.put(space.key(n), n, 0).getPutObject(),
                    line -> cmd.progress("%s", line));
            CpuMeter cpu = new CpuMeter();
            LoadResult result = readRandomly(cmd, cpu, threads, requests(space, cmd.stale), store::get);
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("keys", keys);
            extra.put("consistency", cmd.stale ? "STALE" : "LINEARIZABLE");
            CpuMeter.report(extra, result, result.ops());
            extra.put("recordBytes", records.serializedBytes());
            extra.put("preloadPutsPerSec", preloadRate);
            store.describe(extra);
            extra.put("fileSystem", scratch.fileSystemType());
            return Report.of("get", store.name(), result, extra);
        }
    }
}
