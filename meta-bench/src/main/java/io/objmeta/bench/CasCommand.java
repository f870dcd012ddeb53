package io.objmeta.bench;

import io.objmeta.api.ConflictException;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.bench.load.Report;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Optimistic read-modify-write on a hot set of keys: the CAS loop every metadata service lives on. */
@Command(name = "cas",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "Read-then-conditional-update of a hot set of keys, N clients: successful updates/s, conflicts"
            + " counted and retried.",
        description = {
            "Preloads --keys objects (p0000/k000000...) through the target's write path. Then each of --clients"
                + " clients, in a closed loop, picks a uniformly random key of the set and runs the optimistic CAS"
                + " loop: read the key (GetObject, linearizable unless --stale), then put a new version with"
                + " expectedRevision = the revision it read; a ConflictException (someone else updated the key in"
                + " between) is counted and the loop starts over with a fresh read. One op is one successful"
                + " update; its latency spans every attempt it took.",
            "etcd: the read is a Range of the key, the update txn(If mod_revision(key) = the key's mod_revision,"
                + " Then put). objmeta: GetObject, then PutObject with expectedRevision.",
            "Reported besides ops/s: conflicts (failed conditional puts), attempts per update.",
        },
        footer = {"", "Examples:",
            "  metabench cas --target embedded --clients 64 --seconds 20",
            "  metabench cas --target objmeta --endpoints 127.0.0.1:7760,127.0.0.1:7770,127.0.0.1:7780 --clients 256",
            "  metabench cas --target etcd --endpoints 127.0.0.1:2379,127.0.0.1:2389,127.0.0.1:2399 --clients 256"})
final class CasCommand extends StoreWorkload {

    private static final long SEED = 0x5eed_0003L;

    @Option(names = "--keys", defaultValue = "1000", paramLabel = "K",
            description = "Size of the hot set every client updates (default: ${DEFAULT-VALUE}).")
    int keys;

    @Override
    protected Report measure() throws Exception {
        checkStoreOptions();
        if (keys < 1 || keys > 10_000_000) {
            throw usage("--keys: " + keys + " (expected: 1..10000000)");
        }
        KeySpace space = new KeySpace(keys, 1);
        ObjectRecords records = new ObjectRecords(recordBytes, space.keyChars());
        GetObjectRequest[] reads = StoreGet.requests(space, stale);
        return withStore(this, "cas", target, cluster, space, records, (store, cpu, extra) -> {
            LongAdder conflicts = new LongAdder();
            AtomicLong versions = new AtomicLong(keys); // numbers the new versions' payloads
            var result = run(cpu.counters(runner().threads(clients)).counter("conflicts", conflicts::sum).build(),
                    worker -> {
                        cpu.registerWorker();
                        SplittableRandom random = new SplittableRandom(SEED + worker);
                        return () -> {
                            int i = random.nextInt(keys);
                            GetObjectRequest read = reads[i];
                            while (true) {
                                ObjectVersion current = store.get(read);
                                PutObjectRequest update = records.put(read.getKey(), versions.getAndIncrement(), 0)
                                        .getPutObject().toBuilder().setExpectedRevision(current.getRevision())
                                        .build();
                                try {
                                    store.put(update);
                                    return;
                                } catch (ConflictException e) {
                                    conflicts.increment();
                                }
                            }
                        };
                    });
            long c = result.counter("conflicts");
            extra.put("hotKeys", keys);
            extra.put("consistency", stale ? "STALE" : "LINEARIZABLE");
            extra.put("conflicts", c);
            extra.put("attemptsPerUpdate", result.ops() == 0 ? 0.0 : (double) (result.ops() + c) / result.ops());
            return result;
        });
    }
}
