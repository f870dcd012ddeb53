package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.LoadRunner;
import io.objmeta.bench.load.Report;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The engine's write path: one writer applying batches of PutObject creates, no WAL in front. */
@Command(name = "apply",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "meta-core apply: puts/s of one writer applying batches of PutObject creates (no WAL).",
        description = {
            "One writer calls MetaCore.apply(index++, batch) in a closed loop; one op is one apply of --batch"
                + " PutObject commands. With --commit-interval-ms 0 (default) each apply is committed to LMDB"
                + " before it returns (one write transaction, with LMDB's own fdatasync of the data pages;"
                + " MDB_NOMETASYNC as configured by meta-core); above 0 applies go into meta-core's overlay and a"
                + " background thread commits them to LMDB every that many ms, the apply thread waiting only when"
                + " the overlay reaches maxUncommittedBytes (256 MiB): the sustained rate is then bounded by"
                + " LMDB's commits, not by their fsync in the loop. Each command creates a new key"
                + " (CAS create: expectedRevision = 0) in an unversioned bucket with about --record-bytes of"
                + " metadata; every result is checked, and a batch with a failed command is an error.",
            "",
            "ops and opsPerSec count puts (batches x --batch); the latency percentiles are per batch, and"
                + " batches and batchesPerSec are reported beside them; errors counts failed batches and"
                + " failedPuts the failed commands in them. cpuMicrosPerOp and writeBytesPerOp are per put."
                + " The store starts empty and grows by"
                + " every put. With --build AHEAD (default) a second thread builds the commands ahead of the"
                + " writer, so their construction is not measured (feederStalls counts the batches the writer"
                + " had to wait for); with --build INLINE the writer builds each batch inside the measured call.",
        },
        footer = {"", "Examples:",
            "  metabench apply --seconds 15 --json",
            "  metabench apply --batch 1024 --key-order sequential"})
final class ApplyCommand extends CoreWorkload {

    enum KeyOrder { RANDOM, SEQUENTIAL }

    enum Build { AHEAD, INLINE }

    private static final int FEED_DEPTH = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final int KEY_CHARS = 4 + 16; // obj/ + 16 hex digits

    @Option(names = "--batch", defaultValue = "256", paramLabel = "N",
            description = "PutObject commands per apply, i.e. per op (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--key-order", defaultValue = "RANDOM", paramLabel = "ORDER",
            description = "Order of the new keys, obj/<16 hex digits>: RANDOM (a bijective scramble of a"
                + " counter: inserts land all over the tree) or SEQUENTIAL (the counter: every insert at the"
                + " tree's right edge, LMDB's best case) (default: ${DEFAULT-VALUE}).")
    KeyOrder keyOrder;

    @Option(names = "--commit-interval-ms", defaultValue = "0", paramLabel = "MS",
            description = "meta-core commitIntervalMillis: 0 = LMDB commits every apply before it returns; above 0"
                + " a background LMDB commit every MS (default: ${DEFAULT-VALUE}).")
    long commitIntervalMillis;

    @Option(names = "--build", defaultValue = "AHEAD", paramLabel = "WHERE",
            description = "Where the commands are built: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Build build;

    @Override
    protected Report measure() throws Exception {
        checkRecordBytes();
        if (batch < 1 || batch > 100_000) {
            throw usage("--batch: " + batch + " (expected: 1..100000)");
        }
        if (commitIntervalMillis < 0 || commitIntervalMillis > 60_000) {
            throw usage("--commit-interval-ms: " + commitIntervalMillis + " (expected: 0..60000)");
        }
        LongFunction<String> keyOf = keyOrder == KeyOrder.RANDOM
                ? n -> "obj/" + HEX.toHexDigits(ObjectRecords.mix(n))
                : n -> "obj/" + HEX.toHexDigits(n);
        ObjectRecords records = new ObjectRecords(recordBytes, KEY_CHARS);
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "apply");
             CoreTarget target = CoreTarget.open(scratch.path(), commitIntervalMillis)) {
            checkDisk(scratch);
            target.createBucket(ObjectRecords.BUCKET);
            PutBatches source = new PutBatches(records, keyOf, Long.MAX_VALUE, batch);
            AtomicLong failedPuts = new AtomicLong();
            CpuMeter cpu = new CpuMeter();
            @Nullable BatchFeeder feeder = build == Build.AHEAD
                    ? new BatchFeeder("metabench-apply-feeder", source, FEED_DEPTH) : null;
            LoadResult result;
            try {
                LoadRunner.Builder runner = cpu.counters(runner().threads(1)).counter("failedPuts", failedPuts::get);
                if (feeder != null) {
                    runner.counter("feederStalls", feeder::stalls);
                }
                result = run(runner.build(), worker -> {
                    cpu.registerWorker();
                    return () -> {
                        List<io.objmeta.api.proto.Command> commands = feeder != null ? next(feeder) : source.next();
                        CoreTarget.requireSuccess(target.apply(commands), commands.size(), failedPuts);
                    };
                });
            } finally {
                if (feeder != null) {
                    feeder.close();
                }
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("latencyOf", "batch");
            extra.put("batch", batch);
            extra.put("batches", result.ops());
            extra.put("batchesPerSec", result.opsPerSec());
            extra.put("failedPuts", result.counter("failedPuts"));
            extra.put("recordBytes", records.serializedBytes());
            extra.put("keyOrder", keyOrder.name());
            extra.put("build", build.name());
            if (feeder != null) {
                extra.put("feederStalls", result.counter("feederStalls"));
            }
            CpuMeter.report(extra, result, result.ops() * batch); // cpuMicrosPerOp: per put
            extra.put("storeKeys", target.core().revision() - 1); // every put took a revision, the bucket one
            extra.put("storeMiB", target.dataBytes() >> 20);
            extra.put("fileSystem", scratch.fileSystemType());
            Report perBatch = Report.of("apply", "core", result, extra);
            return new Report(perBatch.workload(), perBatch.target(), perBatch.threads(), perBatch.seconds(),
                    result.ops() * batch, result.opsPerSec() * batch, perBatch.p50Micros(), perBatch.p99Micros(),
                    perBatch.p999Micros(), perBatch.maxMicros(), perBatch.errors(), perBatch.extra());
        }
    }

    /** The next batch of an endless feeder; a feeder that failed is a bug of this benchmark and aborts the run. */
    private static List<io.objmeta.api.proto.Command> next(BatchFeeder feeder) throws InterruptedException {
        try {
            List<io.objmeta.api.proto.Command> batch = feeder.take();
            if (batch == null) {
                throw new AssertionError("the feeder of an endless source ended");
            }
            return batch;
        } catch (ExecutionException e) {
            throw new AssertionError("building batches failed: " + e.getCause(), e.getCause());
        }
    }
}
