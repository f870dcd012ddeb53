package io.objmeta.bench;

import io.objmeta.api.Validation;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Op;
import io.objmeta.bench.load.Report;
import io.objmeta.core.MetaCore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The engine's listings: ListObjects pages of a wide tree, with and without a delimiter. */
@Command(name = "list",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "meta-core listObjects: page latency and pages/s over a bucket of K keys under P prefixes.",
        description = {
            "Preloads --keys objects laid out as p0000/k000000 under --prefixes prefixes (K/P keys each) into an"
                + " unversioned bucket, before the clock starts. Then --threads threads call"
                + " MetaCore.listObjects in a closed loop; one op is one page (one call, maxKeys = --max-keys),"
                + " of one of two kinds, alternating in --mode MIXED:",
            "  delimiter: prefix \"\", delimiter \"/\", startAfter = a random prefix p<s>/ (s uniform): the page"
                + " holds the common prefixes p<s>/... onwards, min(P - s, maxKeys) of them, each costing one"
                + " cursor seek past its keys.",
            "  prefix: prefix = a random p<p>/, no delimiter, startAfter = a random key of it (or none): the page"
                + " holds the keys after it, min(keys left, maxKeys) of them.",
            "With uniform starts the pages are partly full (about half on average with the defaults); with"
                + " --full-pages the start is drawn among those that leave at least maxKeys entries, so every"
                + " page is full whenever the scope holds that many. Every page's entry count and truncation flag"
                + " are checked. Besides the shared percentiles each kind reports its own, and its mean entries"
                + " per page. The requests are built inside the measured call (a few hundred ns a page).",
        },
        footer = {"", "Examples:",
            "  metabench list --seconds 15 --json",
            "  metabench list --full-pages --mode delimiter",
            "  metabench list --target etcd --endpoints 127.0.0.1:2379 --clients 64 --keys 100000 --prefixes 100"})
final class ListCommand extends CoreWorkload {

    enum Mode { MIXED, DELIMITER, PREFIX }

    private static final long SEED = 0x5eed_0002L;
    private static final int DELIMITER = 0; // kind indexes, in the order given to the runner
    private static final int PREFIX = 1;

    @Option(names = {"--threads", "--clients"}, defaultValue = "1", paramLabel = "N",
            description = "Concurrent listing threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--keys", defaultValue = "1000000", paramLabel = "K",
            description = "Objects preloaded (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--prefixes", defaultValue = "1000", paramLabel = "P",
            description = "Prefixes the keys are spread over (default: ${DEFAULT-VALUE}).")
    int prefixes;

    @Option(names = "--max-keys", defaultValue = "1000", paramLabel = "N",
            description = "maxKeys of every page (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(names = "--mode", defaultValue = "MIXED", paramLabel = "MODE",
            description = "Which pages: ${COMPLETION-CANDIDATES}, MIXED alternating the other two"
                + " (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--full-pages",
            description = "Draw start positions so that every page is full when the scope allows it.")
    boolean fullPages;

    @Option(names = "--preload-batch", defaultValue = "10000", paramLabel = "N",
            description = "Commands per apply while preloading (default: ${DEFAULT-VALUE}).")
    int preloadBatch;

    @Option(names = "--target", defaultValue = "CORE", paramLabel = "T",
            description = "What to list: core (MetaCore, as above) or a store: embedded, objmeta (a running"
                + " cluster over gRPC) or etcd (a running etcd cluster through jetcd), see --endpoints. A store"
                + " preloads through its own write path and lists the first --max-keys keys under a random"
                + " prefix (no delimiter, no start; etcd: a prefix range with that limit) (default: core).")
    String target;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--stale",
            description = "objmeta and etcd: list the contacted node's local state instead of linearizably.")
    boolean stale;

    @Override
    protected Report measure() throws Exception {
        checkRecordBytes();
        if (!target.equalsIgnoreCase("core")) {
            return measureStore();
        }
        StoreWorkload.checkStale(this, stale, target);
        if (threads < 1 || threads > 256) {
            throw usage("--threads: " + threads + " (expected: 1..256)");
        }
        if (keys < 1 || prefixes < 1 || prefixes > keys) {
            throw usage("--keys, --prefixes: " + keys + ", " + prefixes + " (expected: 1 <= prefixes <= keys)");
        }
        if (maxKeys < 1 || maxKeys > 1000) {
            throw usage("--max-keys: " + maxKeys + " (expected: 1..1000)");
        }
        if (preloadBatch < 1 || preloadBatch > 1_000_000) {
            throw usage("--preload-batch: " + preloadBatch + " (expected: 1..1000000)");
        }
        KeySpace space = new KeySpace(keys, prefixes);
        ObjectRecords records = new ObjectRecords(recordBytes, space.keyChars());
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "list");
             CoreTarget target = CoreTarget.open(scratch.path())) {
            checkDisk(scratch);
            target.createBucket(ObjectRecords.BUCKET);
            double preloadRate = preload(target, space, records, preloadBatch);
            Validation.validate(delimiterPage(space, 0));
            Validation.validate(prefixPage(space, 0, 1));
            MetaCore core = target.core();
            LongAdder[] entries = {new LongAdder(), new LongAdder()};
            CpuMeter cpu = new CpuMeter();
            LoadResult result = run(cpu.counters(runner().threads(threads)).kinds("delimiter", "prefix")
                            .counter("delimiterEntries", entries[DELIMITER]::sum)
                            .counter("prefixEntries", entries[PREFIX]::sum)
                            .build(),
                    worker -> {
                        cpu.registerWorker();
                        return new Pages(core, space, new SplittableRandom(SEED + worker), entries);
                    });
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("pagesPerSec", result.opsPerSec());
            addKind(extra, result, "delimiter");
            addKind(extra, result, "prefix");
            CpuMeter.report(extra, result, result.ops());
            extra.put("mode", mode.name());
            extra.put("fullPages", fullPages);
            extra.put("maxKeys", maxKeys);
            extra.put("keys", keys);
            extra.put("prefixes", prefixes);
            extra.put("recordBytes", records.serializedBytes());
            extra.put("preloadPutsPerSec", preloadRate);
            extra.put("storeMiB", target.dataBytes() >> 20);
            extra.put("fileSystem", scratch.fileSystemType());
            return Report.of("list", "core", result, extra);
        }
    }

    /** {@code --target embedded|objmeta|etcd}: first pages under random prefixes, each entry count checked. */
    private Report measureStore() throws Exception {
        StoreTarget.Kind kind;
        try {
            kind = StoreTarget.Kind.valueOf(target.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--target: " + target + " (expected: core, embedded, objmeta or etcd)");
        }
        if (kind == StoreTarget.Kind.ROCKSDB) {
            throw usage("--target: rocksdb (expected: core, embedded, objmeta or etcd; the RocksDB baseline has no"
                    + " listing)");
        }
        StoreWorkload.checkStale(this, stale, target);
        if (threads < 1 || threads > 1024) {
            throw usage("--clients: " + threads + " (expected: 1..1024)");
        }
        if (keys < 1 || prefixes < 1 || prefixes > keys) {
            throw usage("--keys, --prefixes: " + keys + ", " + prefixes + " (expected: 1 <= prefixes <= keys)");
        }
        if (maxKeys < 1 || maxKeys > 1000) {
            throw usage("--max-keys: " + maxKeys + " (expected: 1..1000)");
        }
        KeySpace space = new KeySpace(keys, prefixes);
        ObjectRecords records = new ObjectRecords(recordBytes, space.keyChars());
        return StoreWorkload.withStore(this, "list", kind, cluster, space, records, (store, cpu, extra) -> {
            LoadResult result = run(cpu.counters(runner().threads(threads)).build(), worker -> {
                cpu.registerWorker();
                SplittableRandom random = new SplittableRandom(SEED + worker);
                return () -> StoreWorkload.listChecked(store, space, random.nextInt(prefixes), maxKeys, stale);
            });
            extra.put("pagesPerSec", result.opsPerSec());
            extra.put("maxKeys", maxKeys);
            extra.put("consistency", stale ? "STALE" : "LINEARIZABLE");
            return result;
        });
    }

    private static void addKind(Map<String, Object> extra, LoadResult result, String kind) {
        long pages = result.kindOps(kind);
        if (pages == 0) {
            return;
        }
        extra.put(kind + "Pages", pages);
        extra.put(kind + "P50Micros", result.kindLatencyMicrosAt(kind, 50));
        extra.put(kind + "P99Micros", result.kindLatencyMicrosAt(kind, 99));
        // entries counted over the window's edges, so within a few pages of exact
        extra.put(kind + "MeanEntries", (double) result.counter(kind + "Entries") / pages);
    }

    /** One worker's pages: alternating kinds in MIXED mode, checking each answer. */
    private final class Pages implements Op.Kinded {
        private final MetaCore core;
        private final KeySpace space;
        private final SplittableRandom random;
        private final LongAdder[] entries;
        private long calls;
        private int kind;

        Pages(MetaCore core, KeySpace space, SplittableRandom random, LongAdder[] entries) {
            this.core = core;
            this.space = space;
            this.random = random;
            this.entries = entries;
        }

        @Override
        public void call() {
            kind = switch (mode) {
                case DELIMITER -> DELIMITER;
                case PREFIX -> PREFIX;
                case MIXED -> (int) (calls++ & 1);
            };
            ListObjectsRequest request;
            long left; // entries after the start: the page holds min(left, maxKeys) of them
            if (kind == DELIMITER) {
                int skipped = (int) start(space.prefixes(), random);
                request = delimiterPage(space, skipped);
                left = space.prefixes() - skipped;
            } else {
                int prefix = random.nextInt(space.prefixes());
                long skipped = start(space.keysIn(prefix), random);
                request = prefixPage(space, prefix, skipped);
                left = space.keysIn(prefix) - skipped;
            }
            ListObjectsResponse page = core.listObjects(request);
            int expected = (int) Math.min(left, maxKeys);
            int got = kind == DELIMITER ? page.getCommonPrefixesCount() : page.getContentsCount();
            if (page.getKeyCount() != expected || got != expected || page.getIsTruncated() != left > maxKeys) {
                throw new IllegalStateException("page of " + request.toString().replace('\n', ' ') + ": "
                        + page.getKeyCount() + " entries, truncated " + page.getIsTruncated() + " (expected: "
                        + expected + ", " + (left > maxKeys) + ")");
            }
            entries[kind].add(expected);
        }

        @Override
        public int lastKind() {
            return kind;
        }
    }

    /**
     * Delimiter listing of the whole bucket from startAfter = p&lt;s&gt;/: the common prefixes of prefix s
     * onwards (its keys sort after p&lt;s&gt;/ itself), so P - s of them.
     */
    private ListObjectsRequest delimiterPage(KeySpace space, int s) {
        return ListObjectsRequest.newBuilder().setBucket(ObjectRecords.BUCKET).setDelimiter("/")
                .setStartAfter(space.prefix(s)).setMaxKeys(maxKeys).build();
    }

    /** Listing of the keys of one prefix after its first {@code skipped} (startAfter = key skipped - 1). */
    private ListObjectsRequest prefixPage(KeySpace space, int prefix, long skipped) {
        ListObjectsRequest.Builder b = ListObjectsRequest.newBuilder().setBucket(ObjectRecords.BUCKET)
                .setPrefix(space.prefix(prefix)).setMaxKeys(maxKeys);
        if (skipped > 0) {
            b.setStartAfter(space.key(prefix, skipped - 1));
        }
        return b.build();
    }

    /** Entries skipped in a scope of n: uniform in [0, n), or in [0, n - maxKeys] with --full-pages. */
    private long start(long n, SplittableRandom random) {
        long bound = fullPages ? Math.max(0, n - maxKeys) + 1 : n;
        return random.nextLong(bound);
    }
}
