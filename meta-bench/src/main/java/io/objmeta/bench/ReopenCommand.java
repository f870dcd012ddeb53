package io.objmeta.bench;

import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.bench.load.Report;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.core.MetaCore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Recovery time of the embedded store after a crash with a large store and a long un-checkpointed WAL tail. */
@Command(name = "reopen",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "Embedded store recovery: reopen time after SIGKILL with --objects objects and --wal-records"
            + " un-checkpointed puts.",
        description = {
            "A child JVM (ReopenChild) builds an embedded store (WAL SYNC, background checkpoints off) with"
                + " --objects objects through async puts, checkpoints it, copies the checkpointed LMDB file aside,"
                + " writes --wal-records more puts WITHOUT a checkpoint (--tail-in-flight at a time, so the store"
                + " group-commits them into WAL records of up to 1024 puts), and is killed with SIGKILL"
                + " (Process.destroyForcibly) once every put is acknowledged. The parent then times"
                + " EmbeddedStore.builder().dataDir(d).build(): LMDB open, WAL recovery, replay into LMDB.",
            "",
            "A SIGKILL loses nothing LMDB committed (its pages are in the OS page cache), so the real reopen after"
                + " it replays only what was durable in the WAL but not yet committed to LMDB: at most the last"
                + " lmdbCommitIntervalMillis (100 ms) of writes (sigkill* fields). The"
                + " headline reopenMillis is the worst case the WAL must cover: the LMDB file is put back to its"
                + " checkpointed copy (as if every commit since had been lost), so every one of the --wal-records"
                + " puts is replayed; --trials such reopens run, the first in the parent's cold JVM (like a real"
                + " restart; that one is reopenMillis), the rest warm. Page cache is warm in all of them."
                + " --seconds and --warmup-seconds are not used. Latency fields: the worst-case reopens"
                + " (p50 the median, p99/p99.9/max the slowest); ops = puts replayed by the first.",
        },
        footer = {"", "Examples:",
            "  metabench reopen --json",
            "  metabench reopen --objects 100000 --wal-records 10000 --trials 1"})
final class ReopenCommand extends WorkloadCommand {

    private static final long CHILD_TIMEOUT_MILLIS = 60 * 60 * 1000L;

    @Mixin
    DirOptions dirOptions;

    @Option(names = "--objects", defaultValue = "1000000", paramLabel = "N",
            description = "Objects in the store at the checkpoint (default: ${DEFAULT-VALUE}).")
    long objects;

    @Option(names = "--wal-records", defaultValue = "100000", paramLabel = "N",
            description = "Puts written after the checkpoint, un-checkpointed at the crash"
                + " (default: ${DEFAULT-VALUE}).")
    long walPuts;

    @Option(names = "--tail-in-flight", defaultValue = "64", paramLabel = "N",
            description = "Async puts outstanding while writing the tail, like N closed-loop writers; it sets how"
                + " many puts share a WAL record (default: ${DEFAULT-VALUE}).")
    int tailInFlight;

    @Option(names = "--trials", defaultValue = "2", paramLabel = "N",
            description = "Worst-case reopens (LMDB back at the checkpoint) to time (default: ${DEFAULT-VALUE}).")
    int trials;

    @Override
    protected Report measure() throws Exception {
        if (objects < 1 || walPuts < 1) {
            throw usage("--objects, --wal-records: " + objects + ", " + walPuts + " (expected: >= 1)");
        }
        if (tailInFlight < 1 || tailInFlight > 16_384) {
            throw usage("--tail-in-flight: " + tailInFlight + " (expected: 1..16384)");
        }
        if (trials < 1 || trials > 100) {
            throw usage("--trials: " + trials + " (expected: 1..100)");
        }
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "reopen")) {
            checkDisk(scratch);
            Path data = scratch.path().resolve("store");
            Path copy = scratch.path().resolve("checkpoint-lmdb");
            long[] checkpoint;
            long[] tail;
            double preloadRate;
            double tailRate;
            Process child = startChild(data, copy);
            try {
                ChildLines lines = new ChildLines(child, line -> progress("  child: %s", line));
                String[] c = lines.expect("checkpoint");
                checkpoint = new long[] {Long.parseLong(c[1]), Long.parseLong(c[2])};
                preloadRate = Double.parseDouble(c[3]);
                progress("checkpointed at applied index %d, revision %d (%.0f puts/s building it)", checkpoint[0],
                        checkpoint[1], preloadRate);
                String[] t = lines.expect("tail");
                tail = new long[] {Long.parseLong(t[1]), Long.parseLong(t[2])};
                tailRate = Double.parseDouble(t[3]);
                progress("%d puts after the checkpoint in %d WAL records (%.0f puts/s); SIGKILL", walPuts,
                        tail[0] - checkpoint[0], tailRate);
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux
                child.waitFor();
            }
            long walBytes = EmbeddedTarget.directoryBytes(data.resolve("wal"));
            long lmdbBytes = Files.size(data.resolve("lmdb").resolve("data.mdb"));

            Reopen afterKill = reopen(data, tail);
            progress("reopen after SIGKILL: %.1f ms, %d WAL record(s) replayed (LMDB had the rest)",
                    afterKill.millis, afterKill.recordsReplayed);

            List<Reopen> worst = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                Files.copy(copy.resolve("data.mdb"), data.resolve("lmdb").resolve("data.mdb"),
                        StandardCopyOption.REPLACE_EXISTING);
                Reopen r = reopen(data, tail);
                if (r.recordsReplayed != tail[0] - checkpoint[0]) {
                    throw new IllegalStateException("replayed " + r.recordsReplayed + " WAL records (expected: "
                            + (tail[0] - checkpoint[0]) + ", every one after the checkpoint)");
                }
                progress("reopen %d with LMDB at the checkpoint: %.1f ms, %d WAL records (%d puts) replayed", i + 1,
                        r.millis, r.recordsReplayed, walPuts);
                worst.add(r);
            }
            double first = worst.get(0).millis;
            double[] sorted = worst.stream().mapToDouble(r -> r.millis).sorted().toArray();
            double median = sorted[sorted.length / 2];
            double slowest = sorted[sorted.length - 1];

            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("reopenMillis", first);
            if (trials > 1) {
                extra.put("reopenMillisWarmMin", worst.stream().skip(1).mapToDouble(r -> r.millis).min().orElse(0));
            }
            extra.put("putsReplayed", walPuts);
            extra.put("walRecordsReplayed", worst.get(0).recordsReplayed);
            extra.put("sigkillReopenMillis", afterKill.millis);
            extra.put("sigkillWalRecordsReplayed", afterKill.recordsReplayed);
            extra.put("objects", objects);
            extra.put("walPuts", walPuts);
            extra.put("tailInFlight", tailInFlight);
            extra.put("walMiB", walBytes / (double) (1 << 20));
            extra.put("lmdbMiB", lmdbBytes >> 20);
            extra.put("buildPutsPerSec", preloadRate);
            extra.put("tailPutsPerSec", tailRate);
            extra.put("trials", trials);
            extra.put("crash", "SIGKILL");
            extra.put("fileSystem", scratch.fileSystemType());
            double seconds = first / 1e3;
            return new Report("reopen", "embedded", 1, seconds, walPuts, walPuts / seconds, median * 1e3,
                    slowest * 1e3, slowest * 1e3, slowest * 1e3, 0, extra);
        }
    }

    private record Reopen(double millis, long recordsReplayed) {
    }

    /** Times one open of the store and checks it recovered every acknowledged put. */
    private Reopen reopen(Path data, long[] tail) throws Exception {
        long before;
        try (MetaCore lmdb = MetaCore.openReadOnly(data.resolve("lmdb"))) { // what LMDB has, before the replay
            before = lmdb.appliedIndex();
        }
        long start = System.nanoTime();
        try (EmbeddedStore store = ReopenChild.open(data)) {
            double millis = (System.nanoTime() - start) / 1e6;
            if (store.core().appliedIndex() != tail[0] || store.revision() != tail[1]) {
                throw new IllegalStateException("reopened at applied index " + store.core().appliedIndex()
                        + ", revision " + store.revision() + " (expected: " + tail[0] + ", " + tail[1]
                        + ", every acknowledged put)");
            }
            String lastKey = PutCommand.key(objects + walPuts - 1); // the last acknowledged put is there
            store.blocking().getObject(GetObjectRequest.newBuilder().setBucket(ObjectRecords.BUCKET).setKey(lastKey)
                    .build());
            return new Reopen(millis, tail[0] - before);
        }
    }

    private Process startChild(Path data, Path copy) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(ReopenChild.class.getName());
        cmd.add(data.toString());
        cmd.add(copy.toString());
        cmd.add(Long.toString(objects));
        cmd.add(Long.toString(walPuts));
        cmd.add(Integer.toString(tailInFlight));
        return new ProcessBuilder(cmd).start();
    }

    /** The child's stdout protocol lines, and its stderr forwarded as progress. */
    private static final class ChildLines {
        private static final String[] EOF = new String[0];
        private final BlockingQueue<String[]> lines = new LinkedBlockingQueue<>();
        private final Process process;

        ChildLines(Process process, Consumer<String> stderr) {
            this.process = process;
            pump("reopen-child-stdout", process.getInputStream(), line -> lines.add(line.split(" ")), true);
            pump("reopen-child-stderr", process.getErrorStream(), stderr, false);
        }

        private void pump(String name, InputStream in, Consumer<String> sink, boolean markEnd) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    // the child was killed
                } finally {
                    if (markEnd) {
                        lines.add(EOF);
                    }
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        String[] expect(String tag) throws InterruptedException {
            String[] line = lines.poll(CHILD_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (line == null || line == EOF || !line[0].equals(tag)) {
                throw new IllegalStateException("the child JVM " + (line == null ? "timed out" : line == EOF
                        ? "exited (status " + exitStatus() + ")" : "said " + String.join(" ", line))
                        + " before reporting '" + tag + "'; its stderr is above");
            }
            return line;
        }

        private String exitStatus() throws InterruptedException {
            process.waitFor(5, TimeUnit.SECONDS);
            return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
        }
    }
}
