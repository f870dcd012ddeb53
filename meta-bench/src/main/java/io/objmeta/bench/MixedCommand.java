package io.objmeta.bench;

import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Op;
import io.objmeta.bench.load.Report;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A frontend's day: mostly point reads, some creates, a few listings, against one store. */
@Command(name = "mixed",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "70% get, 20% put (CAS create), 10% list, N clients, over a preloaded key space.",
        description = {
            "Preloads --keys objects laid out as p0000/k000000 under --prefixes prefixes through the target's write"
                + " path. Then each of --clients clients, in a closed loop, draws one call: with --get-percent a"
                + " GetObject of a random existing key (its key checked), with --put-percent a CAS create"
                + " (expectedRevision = 0) of a new key new/<16 hex digits>, otherwise a list of the first"
                + " --max-keys keys under a random prefix (its entry count checked). Reads and lists are"
                + " linearizable unless --stale. Each kind gets its own percentiles besides the shared ones.",
        },
        footer = {"", "Examples:",
            "  metabench mixed --target embedded --clients 64",
            "  metabench mixed --target objmeta --endpoints 127.0.0.1:7760,127.0.0.1:7770,127.0.0.1:7780 --clients 256"
                + " --keys 100000 --prefixes 100"})
final class MixedCommand extends StoreWorkload {

    private static final long SEED = 0x5eed_0004L;
    private static final HexFormat HEX = HexFormat.of();
    private static final int GET = 0; // kind indexes, in the order given to the runner
    private static final int PUT = 1;
    private static final int LIST = 2;

    @Option(names = "--keys", defaultValue = "100000", paramLabel = "K",
            description = "Objects preloaded (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--prefixes", defaultValue = "100", paramLabel = "P",
            description = "Prefixes the keys are spread over (default: ${DEFAULT-VALUE}).")
    int prefixes;

    @Option(names = "--max-keys", defaultValue = "1000", paramLabel = "N",
            description = "Entries asked for by each list (default: ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(names = "--get-percent", defaultValue = "70", paramLabel = "G",
            description = "Share of gets (default: ${DEFAULT-VALUE}).")
    int getPercent;

    @Option(names = "--put-percent", defaultValue = "20", paramLabel = "P",
            description = "Share of puts; lists take the rest (default: ${DEFAULT-VALUE}).")
    int putPercent;

    @Override
    protected Report measure() throws Exception {
        checkStoreOptions();
        if (keys < 1 || prefixes < 1 || prefixes > keys) {
            throw usage("--keys, --prefixes: " + keys + ", " + prefixes + " (expected: 1 <= prefixes <= keys)");
        }
        if (maxKeys < 1 || maxKeys > 1000) {
            throw usage("--max-keys: " + maxKeys + " (expected: 1..1000)");
        }
        if (getPercent < 0 || putPercent < 0 || getPercent + putPercent > 100) {
            throw usage("--get-percent, --put-percent: " + getPercent + ", " + putPercent
                    + " (expected: each >= 0, sum <= 100)");
        }
        KeySpace space = new KeySpace(keys, prefixes);
        ObjectRecords records = new ObjectRecords(recordBytes, space.keyChars());
        ObjectRecords creates = new ObjectRecords(recordBytes, 4 + 16);
        GetObjectRequest[] reads = StoreGet.requests(space, stale);
        return withStore(this, "mixed", target, cluster, space, records, (store, cpu, extra) -> {
            AtomicLong next = new AtomicLong();
            LoadResult result = run(cpu.counters(runner().threads(clients)).kinds("get", "put", "list").build(),
                    worker -> {
                        cpu.registerWorker();
                        SplittableRandom random = new SplittableRandom(SEED + worker);
                        return new Op.Kinded() {
                            private int kind;

                            @Override
                            public void call() throws Exception {
                                int dice = random.nextInt(100);
                                kind = dice < getPercent ? GET : dice < getPercent + putPercent ? PUT : LIST;
                                switch (kind) {
                                    case GET -> {
                                        GetObjectRequest r = reads[random.nextInt(reads.length)];
                                        ObjectVersion v = store.get(r);
                                        if (!v.getKey().equals(r.getKey())) {
                                            throw new IllegalStateException("asked for " + r.getKey() + ", got "
                                                    + v.getKey());
                                        }
                                    }
                                    case PUT -> {
                                        long n = next.getAndIncrement();
                                        store.put(creates.put("new/" + HEX.toHexDigits(ObjectRecords.mix(n)), n, 0)
                                                .getPutObject());
                                    }
                                    default -> StoreWorkload.listChecked(store, space,
                                            random.nextInt(prefixes), maxKeys, stale);
                                }
                            }

                            @Override
                            public int lastKind() {
                                return kind;
                            }
                        };
                    });
            extra.put("mix", getPercent + "/" + putPercent + "/" + (100 - getPercent - putPercent) + " get/put/list");
            extra.put("consistency", stale ? "STALE" : "LINEARIZABLE");
            extra.put("maxKeys", maxKeys);
            for (String kind : result.kinds()) {
                addKind(extra, result, kind);
            }
            extra.put("newKeysPut", next.get());
            return result;
        });
    }

    static void addKind(Map<String, Object> extra, LoadResult result, String kind) {
        extra.put(kind + "Ops", result.kindOps(kind));
        extra.put(kind + "P50Micros", result.kindLatencyMicrosAt(kind, 50));
        extra.put(kind + "P99Micros", result.kindLatencyMicrosAt(kind, 99));
    }
}
