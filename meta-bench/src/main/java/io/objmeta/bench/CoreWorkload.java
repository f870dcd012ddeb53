package io.objmeta.bench;

import io.objmeta.api.proto.Command;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The base of the workloads that drive the {@code meta-core} engine directly ({@code apply}, {@code get},
 * {@code list}): no WAL, no Raft, no RPC, so they measure the engine (LMDB, key codec, protobuf) and nothing
 * else. The store lives in a scratch directory on the project's disk, deleted afterwards.
 */
abstract class CoreWorkload extends WorkloadCommand {

    static final int MAX_RECORD_BYTES = 64 << 10;

    @Mixin
    DirOptions dirOptions;

    @Option(names = "--record-bytes", order = 50, defaultValue = "256", paramLabel = "N",
            description = "Serialized size of each PutObjectRequest: etag, content type, two user metadata"
                + " entries, and location bytes padding it to N (default: ${DEFAULT-VALUE}).")
    int recordBytes;

    /** Checks the options every engine workload has. */
    protected final void checkRecordBytes() {
        if (recordBytes < 1 || recordBytes > MAX_RECORD_BYTES) {
            throw usage("--record-bytes: " + recordBytes + " (expected: 1.." + MAX_RECORD_BYTES + ")");
        }
    }

    /**
     * Puts every key of {@code space}, in key order, in batches of {@code batchSize} creates built on a second
     * thread, before the clock starts. Prints the rate to stderr and returns it (puts/s).
     */
    protected final double preload(CoreTarget target, KeySpace space, ObjectRecords records, int batchSize)
            throws Exception {
        progress("preloading %d keys under %d prefixes (%d-byte records, %d per batch)", space.keys(),
                space.prefixes(), records.serializedBytes(), batchSize);
        long start = System.nanoTime();
        long done = 0;
        long step = Math.max(1, space.keys() / 10);
        long nextReport = step;
        AtomicLong failed = new AtomicLong();
        try (BatchFeeder feeder = new BatchFeeder("metabench-preload",
                new PutBatches(records, space::key, space.keys(), batchSize), 4)) {
            for (List<Command> batch; (batch = feeder.take()) != null; ) {
                CoreTarget.requireSuccess(target.apply(batch), batch.size(), failed); // throws: aborts the run
                done += batch.size();
                if (done >= nextReport && done < space.keys()) {
                    progress("  %d keys (%.0f puts/s)", done, done / ((System.nanoTime() - start) / 1e9));
                    nextReport += step;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = done / seconds;
        progress("preloaded %d keys in %.1f s: %.0f puts/s; store %d MiB", done, seconds, rate,
                target.dataBytes() >> 20);
        return rate;
    }
}
