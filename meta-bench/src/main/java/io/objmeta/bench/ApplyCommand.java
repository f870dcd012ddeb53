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
                + " LMDB's commits, not by their fsync in the loop (uncommittedAppliesAtEnd, in batches, and"
                + " uncommittedMiBAtEnd say how far LMDB was behind when the window closed: a rate whose lag grows is absorbed by the"
                + " overlay, not sustained; a long --warmup-seconds measures past it). Each command creates a new key"
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

    enum Target { CORE, LMDB }

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

    @Option(names = "--target", defaultValue = "CORE", paramLabel = "T",
            description = "core (MetaCore.apply, as above) or lmdb (LMDB alone, the floor under it: per put a"
                + " versions row and a change row of the sizes meta-core writes, measured from a sample batch"
                + " applied first; one write transaction per --commit-interval-ms, 0 = per batch, its commit"
                + " syncing the data file; no overlay, no protobuf, no change-log pruning) (default:"
                + " ${DEFAULT-VALUE}).")
    Target target;

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
        if (target == Target.LMDB) {
            return measureLmdb(records, keyOf);
        }
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
            Map<String, Object> extra = batchFields(result);
            extra.put("failedPuts", result.counter("failedPuts"));
            extra.put("recordBytes", records.serializedBytes());
            extra.put("keyOrder", keyOrder.name());
            extra.put("build", build.name());
            if (feeder != null) {
                extra.put("feederStalls", result.counter("feederStalls"));
            }
            CpuMeter.report(extra, result, result.ops() * batch); // cpuMicrosPerOp: per put
            // what LMDB had not committed when the window closed: a rate with a growing lag is not sustained
            // (the overlay absorbs it until maxUncommittedBytes, then applies wait for the committer)
            extra.put("uncommittedAppliesAtEnd", target.core().appliedIndex() - target.core().committedIndex());
            extra.put("uncommittedMiBAtEnd", target.core().uncommittedBytes() >> 20);
            extra.put("storeKeys", target.core().revision() - 1); // every put took a revision, the bucket one
            extra.put("storeMiB", target.dataBytes() >> 20);
            extra.put("fileSystem", scratch.fileSystemType());
            return perPut(Report.of("apply", "core", result, extra));
        }
    }

    /** {@code --target lmdb}: row sizes from a sample batch through meta-core, then LMDB alone. */
    private Report measureLmdb(ObjectRecords records, LongFunction<String> keyOf) throws Exception {
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "apply-lmdb")) {
            checkDisk(scratch);
            java.nio.file.Path sample = scratch.path().resolve("sample");
            try (CoreTarget core = CoreTarget.open(sample, 0)) {
                core.createBucket(ObjectRecords.BUCKET);
                List<io.objmeta.api.proto.Command> commands = new PutBatches(records, keyOf, batch, batch).next();
                CoreTarget.requireSuccess(core.apply(commands), commands.size(), new AtomicLong());
            }
            int[] sizes;
            try (LmdbFloor lmdb = LmdbFloor.open(sample, 8)) {
                long[] v = lmdb.rowSizes(lmdb.dbi("versions"));
                long[] c = lmdb.rowSizes(lmdb.dbi("changes"));
                sizes = new int[] {(int) v[0], (int) v[1], (int) c[0], (int) c[1]};
            }
            progress("rows per put as meta-core writes them: versions %d + %d bytes, changes %d + %d bytes"
                    + " (key + value)", sizes[0], sizes[1], sizes[2], sizes[3]);
            java.nio.file.Path dir = scratch.path().resolve("lmdb");
            try (LmdbFloor lmdb = LmdbFloor.open(dir, 8)) {
                CpuMeter cpu = new CpuMeter();
                LoadResult result;
                LmdbFloor.Writer writer = new LmdbFloor.Writer(lmdb, sizes, keyOrder == KeyOrder.RANDOM,
                        commitIntervalMillis);
                try (writer) {
                    result = run(cpu.counters(runner().threads(1)).build(), worker -> {
                        writer.onWriterThread(cpu::registerWorker);
                        return () -> writer.write(batch);
                    });
                }
                Map<String, Object> extra = batchFields(result);
                extra.put("commits", writer.commits());
                extra.put("rowBytes", sizes[0] + sizes[1] + sizes[2] + sizes[3]);
                extra.put("keyOrder", keyOrder.name());
                CpuMeter.report(extra, result, result.ops() * batch); // the writer thread's CPU, per put
                extra.put("storeKeys", lmdb.rows(lmdb.dbi("versions"))); // every put, measured or not
                extra.put("storeMiB", LmdbFloor.dataBytes(dir) >> 20);
                extra.put("fileSystem", scratch.fileSystemType());
                return perPut(Report.of("apply", "lmdb", result, extra));
            }
        }
    }

    /** The fields every apply report starts with: latencies are per batch of --batch puts. */
    private Map<String, Object> batchFields(LoadResult result) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("latencyOf", "batch");
        extra.put("batch", batch);
        extra.put("batches", result.ops());
        extra.put("batchesPerSec", result.opsPerSec());
        return extra;
    }

    /** A report of batches as one of puts: ops and ops/s times --batch, the latencies still per batch. */
    private Report perPut(Report perBatch) {
        return new Report(perBatch.workload(), perBatch.target(), perBatch.threads(), perBatch.seconds(),
                perBatch.ops() * batch, perBatch.opsPerSec() * batch, perBatch.p50Micros(), perBatch.p99Micros(),
                perBatch.p999Micros(), perBatch.maxMicros(), perBatch.errors(), perBatch.extra());
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
