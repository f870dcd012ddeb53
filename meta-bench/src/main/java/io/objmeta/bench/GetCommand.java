package io.objmeta.bench;

import io.objmeta.api.Validation;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Report;
import io.objmeta.core.MetaCore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The engine's point reads: N threads reading random existing keys with MetaCore.getObject. */
@Command(name = "get",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "meta-core getObject: point reads/s of random existing keys, N threads.",
        description = {
            "Preloads --keys objects (p0000/k000000 under --prefixes prefixes, about --record-bytes each) into an"
                + " unversioned bucket with large apply batches, before the clock starts. Then --threads"
                + " threads each call MetaCore.getObject(GetObjectRequest) for a uniformly random existing key"
                + " (SplittableRandom per thread) in a closed loop; one op is one getObject, which runs in its own"
                + " LMDB read transaction. The requests are built before the clock starts; each answer's key is"
                + " checked.",
        },
        footer = {"", "Examples:",
            "  metabench get --threads 2 --seconds 15 --json",
            "  metabench get --threads 1 --keys 100000",
            "  metabench get --target etcd --endpoints 127.0.0.1:2379 --clients 256 --keys 100000 --stale"})
final class GetCommand extends CoreWorkload {


    @Option(names = {"--threads", "--clients"}, defaultValue = "1", paramLabel = "N",
            description = "Concurrent reader threads, each with one read outstanding (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--keys", defaultValue = "1000000", paramLabel = "K",
            description = "Objects preloaded, all of them read at random (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--prefixes", defaultValue = "1000", paramLabel = "P",
            description = "Prefixes the keys are spread over, as in the list workload (default: ${DEFAULT-VALUE}).")
    int prefixes;

    @Option(names = "--preload-batch", defaultValue = "10000", paramLabel = "N",
            description = "Commands per apply while preloading (default: ${DEFAULT-VALUE}).")
    int preloadBatch;

    @Option(names = "--target", defaultValue = "CORE", paramLabel = "T",
            description = "What to read: core (MetaCore, as above), lmdb (LMDB alone: the core's preload, then the"
                + " store closed and its versions rows read with one mdb_get each in a recycled read transaction,"
                + " value copied out: the floor of a core get), embedded (EmbeddedStore.getObject), rocksdb"
                + " (the RocksDB baseline), objmeta (a running cluster over gRPC) or etcd (a running etcd"
                + " cluster through jetcd); the clusters read linearizably unless --stale, see --endpoints; all but"
                + " core preload their own way, see StoreGet (default: core).")
    StoreGet.Target target;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--stale",
            description = "Clusters only: read the contacted node's local state (objmeta consistency=STALE, etcd"
                + " serializable) instead of a linearizable read.")
    boolean stale;

    @Override
    protected Report measure() throws Exception {
        StoreWorkload.checkStale(this, stale, target.name());
        if (target != StoreGet.Target.CORE && target != StoreGet.Target.LMDB) {
            return StoreGet.measure(this, target);
        }
        checkRecordBytes();
        if (threads < 1 || threads > 256) {
            throw usage("--threads: " + threads + " (expected: 1..256)");
        }
        if (keys < 1 || prefixes < 1 || prefixes > keys) {
            throw usage("--keys, --prefixes: " + keys + ", " + prefixes + " (expected: 1 <= prefixes <= keys)");
        }
        if (preloadBatch < 1 || preloadBatch > 1_000_000) {
            throw usage("--preload-batch: " + preloadBatch + " (expected: 1..1000000)");
        }
        KeySpace space = new KeySpace(keys, prefixes);
        ObjectRecords records = new ObjectRecords(recordBytes, space.keyChars());
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "get")) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("keys", keys);
            CpuMeter cpu = new CpuMeter();
            LoadResult result = null;
            double preloadRate;
            long storeMiB;
            try (CoreTarget core = CoreTarget.open(scratch.path())) {
                checkDisk(scratch);
                core.createBucket(ObjectRecords.BUCKET);
                preloadRate = preload(core, space, records, preloadBatch);
                storeMiB = core.dataBytes() >> 20;
                if (target == StoreGet.Target.CORE) {
                    GetObjectRequest[] requests = StoreGet.requests(space);
                    Validation.validate(requests[0]);
                    MetaCore engine = core.core();
                    result = StoreGet.readRandomly(this, cpu, threads, requests, engine::getObject);
                }
            }
            if (target == StoreGet.Target.LMDB) { // the same data file, read by LMDB alone
                try (LmdbFloor lmdb = LmdbFloor.open(scratch.path(), 1024)) {
                    org.lmdbjava.Dbi<java.nio.ByteBuffer> versions = lmdb.dbi("versions");
                    java.nio.ByteBuffer[] rows = lmdb.keys(versions);
                    if (rows.length != keys) {
                        throw new IllegalStateException("versions rows: " + rows.length + " (expected: " + keys
                                + ", one per preloaded key)");
                    }
                    result = lmdb.readRandomly(this, cpu, threads, versions, rows);
                }
            }
            CpuMeter.report(extra, result, result.ops());
            extra.put("recordBytes", records.serializedBytes());
            extra.put("preloadPutsPerSec", preloadRate);
            extra.put("storeMiB", storeMiB);
            extra.put("fileSystem", scratch.fileSystemType());
            return Report.of("get", target.name().toLowerCase(java.util.Locale.ROOT), result, extra);
        }
    }
}
