package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Report;
import io.objmeta.wal.SyncMode;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Durable append throughput of our WAL: N closed-loop writers sharing fsyncs through group commit. */
@Command(name = "wal",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "WAL durable appends per second, N writers sharing fsyncs (group commit).",
        description = "N writer threads each append a record to the objmeta WAL and wait for its future before"
            + " the next append (closed loop). With --sync-mode SYNC the future completes once fdatasync"
            + " covered the record, so ops/s is durable appends per second; concurrent writers share each"
            + " fsync (group commit) and recordsPerFsync says how many did.",
        footer = {"", "Examples:",
            "  metabench wal --writers 1 --seconds 10     # compare with: metabench fsync",
            "  metabench wal --writers 64 --seconds 10 --json"})
final class WalCommand extends WorkloadCommand {

    private static final int RECORD_TYPE = 1; // any valid type; the WAL does not interpret it

    @Mixin
    DirOptions dirOptions;

    @Option(names = "--writers", defaultValue = "1", paramLabel = "N",
            description = "Concurrent writer threads (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--record-bytes", defaultValue = "256", paramLabel = "N",
            description = "Payload bytes per record (default: ${DEFAULT-VALUE}).")
    int recordBytes;

    @Option(names = "--sync-mode", defaultValue = "SYNC", paramLabel = "MODE",
            description = "When an append counts as done: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SyncMode syncMode;

    @Option(names = "--sync-interval-millis", defaultValue = "10", paramLabel = "MS",
            description = "Sync period of --sync-mode INTERVAL (default: ${DEFAULT-VALUE}).")
    long syncIntervalMillis;

    @Override
    protected Report measure() throws Exception {
        if (writers < 1 || writers > 10_000) {
            throw usage("--writers: " + writers + " (expected: 1..10000)");
        }
        if (recordBytes < 0 || recordBytes > WalOptions.DEFAULT_MAX_RECORD_BYTES) {
            throw usage("--record-bytes: " + recordBytes + " (expected: 0.." + WalOptions.DEFAULT_MAX_RECORD_BYTES
                    + ")");
        }
        if (syncIntervalMillis < 1) {
            throw usage("--sync-interval-millis: " + syncIntervalMillis + " (expected: >= 1)");
        }
        WalOptions options = WalOptions.builder().syncMode(syncMode).syncIntervalMillis(syncIntervalMillis).build();
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "wal")) {
            checkDisk(scratch);
            LoadResult result;
            try (Wal wal = Wal.open(scratch.path(), options)) {
                result = run(runner().threads(writers)
                                .counter("fsyncs", () -> wal.stats().fsyncs())
                                .counter("appends", () -> wal.stats().appends())
                                .build(),
                        worker -> {
                            byte[] payload = new byte[recordBytes];
                            ThreadLocalRandom.current().nextBytes(payload); // incompressible, like real metadata
                            return () -> wal.append(RECORD_TYPE, payload).get();
                        });
            }
            return Report.of("wal", "wal", result, extra(result, scratch));
        }
    }

    private Map<String, Object> extra(LoadResult result, ScratchDir scratch) throws Exception {
        long fsyncs = result.counter("fsyncs");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fsyncs", fsyncs);
        if (fsyncs > 0) {
            extra.put("recordsPerFsync", (double) result.counter("appends") / fsyncs);
        }
        extra.put("recordBytes", recordBytes);
        extra.put("syncMode", syncMode.name());
        extra.put("fileSystem", scratch.fileSystemType());
        return extra;
    }
}
