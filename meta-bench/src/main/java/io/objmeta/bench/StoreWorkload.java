package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Report;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The base of the workloads that only make sense against a whole store ({@code cas}, {@code mixed}): a target
 * ({@link StoreTarget}: embedded, rocksdb, objmeta or etcd), a fixed number of closed-loop clients, and a key space
 * preloaded through the target's own write path before the clock starts. {@link #withStore} is also how
 * {@code list --target ...} sets up its store.
 */
abstract class StoreWorkload extends CoreWorkload {

    @Option(names = "--target", order = 40, defaultValue = "EMBEDDED", paramLabel = "T",
            description = "Store to measure: embedded, rocksdb, objmeta (a running cluster over gRPC) or etcd (a"
                + " running etcd cluster through jetcd); see --endpoints (default: embedded).")
    StoreTarget.Kind target;

    @Mixin
    ClusterOptions cluster;

    @Option(names = {"--clients", "--threads"}, order = 42, defaultValue = "1", paramLabel = "N",
            description = "Concurrent clients, each a thread with one call outstanding (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--stale", order = 43,
            description = "objmeta and etcd: reads (and lists) see the contacted node's local state (objmeta"
                + " consistency=STALE, etcd serializable) instead of being linearizable.")
    boolean stale;

    /** What a workload does once its store holds the preloaded key space; it adds its own report entries. */
    interface Body {
        LoadResult run(StoreTarget store, CpuMeter cpu, Map<String, Object> extra) throws Exception;
    }

    /** Checks the shared options; the subclass checks its own first. */
    protected final void checkStoreOptions() {
        checkRecordBytes();
        if (clients < 1 || clients > 1024) {
            throw usage("--clients: " + clients + " (expected: 1..1024)");
        }
        checkStale(this, stale, target.name());
    }

    /** {@code --stale} only means something against the replicated stores; {@code target} as on the command line. */
    static void checkStale(WorkloadCommand cmd, boolean stale, String target) {
        String t = target.toLowerCase(Locale.ROOT);
        if (stale && !t.equals("objmeta") && !t.equals("etcd")) {
            throw cmd.usage("--stale: with --target " + t + " (expected: --target objmeta or etcd, the replicated"
                    + " stores)");
        }
    }

    /**
     * The list op of the store workloads: the first {@code maxKeys} keys under prefix {@code p} of {@code space},
     * its entry count checked against what the preload put there.
     */
    static void listChecked(StoreTarget store, KeySpace space, int p, int maxKeys, boolean stale) throws Exception {
        int got = store.list(ObjectRecords.BUCKET, space.prefix(p), maxKeys, stale);
        long expected = Math.min(space.keysIn(p), maxKeys);
        if (got != expected) {
            throw new IllegalStateException("list of " + space.prefix(p) + ": " + got + " entries (expected: "
                    + expected + ")");
        }
    }

    /**
     * Opens {@code kind} (a scratch directory for the local stores), creates the bench bucket, preloads every key
     * of {@code space} with {@code records}, runs {@code body}, and reports it as {@code workload}.
     */
    static Report withStore(CoreWorkload cmd, String workload, StoreTarget.Kind kind, ClusterOptions cluster,
                            KeySpace space, ObjectRecords records, Body body) throws Exception {
        try (ScratchDir scratch = ScratchDir.create(cmd.dirOptions.dir, workload + "-" + kind.name().toLowerCase());
             StoreTarget store = StoreTarget.open(kind, scratch.path(), RocksObjectStore.Settings.DEFAULTS,
                     cluster)) {
            if (kind == StoreTarget.Kind.EMBEDDED || kind == StoreTarget.Kind.ROCKSDB) {
                cmd.checkDisk(scratch);
            }
            store.createBucket(ObjectRecords.BUCKET);
            double preloadRate = store.preload(space.keys(), n -> records.put(space.key(n), n, 0).getPutObject(),
                    line -> cmd.progress("%s", line));
            Map<String, Object> extra = new LinkedHashMap<>();
            CpuMeter cpu = new CpuMeter();
            LoadResult result = body.run(store, cpu, extra);
            extra.put("keys", space.keys());
            extra.put("prefixes", space.prefixes());
            CpuMeter.report(extra, result, result.ops());
            extra.put("recordBytes", records.serializedBytes());
            extra.put("preloadPutsPerSec", preloadRate);
            store.describe(extra);
            if (kind == StoreTarget.Kind.EMBEDDED || kind == StoreTarget.Kind.ROCKSDB) {
                extra.put("fileSystem", scratch.fileSystemType());
            }
            return Report.of(workload, store.name(), result, extra);
        }
    }
}
