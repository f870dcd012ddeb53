package io.objmeta.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WalTest {
    @TempDir
    Path dir;

    private static WalOptions small() {
        return WalOptions.builder().segmentSizeBytes(4096).maxRecordBytes(1024).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<WalRecord> readAll(Wal wal, long from) {
        List<WalRecord> out = new ArrayList<>();
        try (WalReader r = wal.reader(from)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void appendsRoundTripAcrossSegmentsAndReopen() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            for (int i = 0; i < 200; i++) {
                assertThat(wal.append(1 + i % 255, bytes("record-" + i)).join()).isEqualTo(i + 1L);
            }
            assertThat(wal.stats().segments()).isGreaterThan(1);
        }
        try (Wal wal = Wal.open(dir, small())) {
            List<WalRecord> all = readAll(wal, 1);
            assertThat(all).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(all.get(i).sequence()).isEqualTo(i + 1L);
                assertThat(all.get(i).type()).isEqualTo(1 + i % 255);
                assertThat(new String(all.get(i).payload(), StandardCharsets.UTF_8)).isEqualTo("record-" + i);
            }
            assertThat(wal.append(7, bytes("after reopen")).join()).isEqualTo(201L);
        }
    }

    @Test
    void readerStartsAtAnySequence() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            for (int i = 1; i <= 120; i++) {
                wal.append(2, bytes("r" + i)).join();
            }
            for (long from : new long[] {1, 2, 37, 119, 120, 121}) {
                List<WalRecord> got = readAll(wal, from);
                assertThat(got).hasSize((int) (121 - from));
                if (!got.isEmpty()) {
                    assertThat(got.get(0).sequence()).isEqualTo(from);
                    assertThat(got.get(0).payload()).isEqualTo(bytes("r" + from));
                }
            }
            assertThatThrownBy(() -> wal.reader(122)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("fromSequence: 122 (expected: 1..121, the retained log)");
        }
    }

    @Test
    void truncatePrefixDropsWholeSegmentsOnly() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            for (int i = 1; i <= 300; i++) {
                wal.append(1, new byte[100]).join();
            }
            int before = wal.stats().segments();
            long secondSegmentStart = segmentStarts().get(1);
            assertThat(wal.truncatePrefix(secondSegmentStart - 2)).isZero(); // first segment still holds a needed record
            assertThat(wal.truncatePrefix(secondSegmentStart - 1)).isEqualTo(1);
            assertThat(wal.firstSequence()).isEqualTo(secondSegmentStart);
            assertThat(readAll(wal, secondSegmentStart)).hasSize((int) (301 - secondSegmentStart));
            assertThatThrownBy(() -> wal.reader(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fromSequence: 1");
            wal.truncatePrefix(Long.MAX_VALUE);
            assertThat(wal.stats().segments()).isEqualTo(1); // the active segment always stays
            assertThat(before).isGreaterThan(2);
            assertThat(wal.append(1, bytes("x")).join()).isEqualTo(301L);
        }
        try (Wal wal = Wal.open(dir, small())) {
            assertThat(wal.lastSequence()).isEqualTo(301L);
            assertThat(readAll(wal, wal.firstSequence()).get(readAll(wal, wal.firstSequence()).size() - 1).payload())
                    .isEqualTo(bytes("x"));
        }
    }

    private List<Long> segmentStarts() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".wal")).sorted()
                    .map(n -> Long.parseLong(n.substring(0, 20))).toList();
        }
    }

    @Test
    void oversizedRecordIsRejectedClearlyAndNothingIsAppended() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            wal.append(1, bytes("a")).join();
            assertThatThrownBy(() -> wal.append(1, new byte[1025]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("payload: 1025 bytes (expected: <= 1024, maxRecordBytes)");
            assertThatThrownBy(() -> wal.append(0, bytes("b"))).hasMessage("type: 0 (expected: 1..255)");
            assertThatThrownBy(() -> wal.append(256, bytes("b"))).hasMessage("type: 256 (expected: 1..255)");
            assertThat(wal.append(1, new byte[1024]).join()).isEqualTo(2L);
        }
    }

    @Test
    void optionsAreValidatedWithTheirRule() {
        assertThatThrownBy(() -> WalOptions.builder().segmentSizeBytes(4096).maxRecordBytes(8192).build())
                .hasMessage("maxRecordBytes: 8192 (expected: 0..4044, so one record fits in a segment of 4096 bytes)");
        assertThatThrownBy(() -> WalOptions.builder().segmentSizeBytes(4100).build())
                .hasMessageStartingWith("segmentSizeBytes: 4100 (expected: a multiple of 8");
        assertThatThrownBy(() -> WalOptions.builder().initialSequence(0).build())
                .hasMessage("initialSequence: 0 (expected: >= 1)");
    }

    @Test
    void concurrentAppendersGetContiguousSequencesAndShareFsyncs() throws Exception {
        int threads = 16;
        int perThread = 200;
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try (Wal wal = Wal.open(dir, WalOptions.builder().segmentSizeBytes(64 << 10).build())) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            seqs.add(wal.append(3, bytes(id + ":" + i)).join());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
            assertThat(seqs).hasSize(threads * perThread).doesNotHaveDuplicates();
            assertThat(seqs.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(threads * perThread);
            WalStats stats = wal.stats();
            assertThat(stats.appends()).isEqualTo(threads * perThread);
            assertThat(stats.fsyncs()).as("group commit shares fsyncs").isLessThan(threads * perThread);
            // every thread's records are present, in that thread's order
            List<WalRecord> all = readAll(wal, 1);
            int[] nextPerThread = new int[threads];
            for (WalRecord r : all) {
                String[] parts = new String(r.payload(), StandardCharsets.UTF_8).split(":");
                int t = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).isEqualTo(nextPerThread[t]++);
            }
        }
    }

    @Test
    void closeCompletesEveryFutureInFlight() throws IOException {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        Wal wal = Wal.open(dir, small());
        for (int i = 0; i < 500; i++) {
            futures.add(wal.append(1, new byte[64]));
        }
        wal.close();
        assertThat(futures).allMatch(CompletableFuture::isDone);
        assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
        assertThatThrownBy(() -> wal.append(1, new byte[1]).join()).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WAL is closed");
        try (Wal again = Wal.open(dir, small())) {
            assertThat(again.lastSequence()).isEqualTo(500);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            assertThatThrownBy(() -> Wal.open(dir, small())).isInstanceOf(IOException.class)
                    .hasMessageContaining("is in use by another process");
            wal.append(1, bytes("still works")).join();
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void everySyncModeKeepsWhatItAcknowledgedAcrossClose(SyncMode mode) throws IOException {
        WalOptions opts = small().toBuilder().syncMode(mode).syncIntervalMillis(5).build();
        try (Wal wal = Wal.open(dir, opts)) {
            for (int i = 0; i < 50; i++) {
                wal.append(1, bytes("m" + i)).join();
            }
            if (mode == SyncMode.SYNC) {
                assertThat(wal.stats().fsyncs()).isGreaterThanOrEqualTo(1);
            }
        }
        try (Wal wal = Wal.open(dir, opts)) {
            assertThat(readAll(wal, 1)).hasSize(50);
        }
    }

    @Test
    void intervalModeSyncsOnItsTimerWhenIdle() throws Exception {
        WalOptions opts = small().toBuilder().syncMode(SyncMode.INTERVAL).syncIntervalMillis(20).build();
        try (Wal wal = Wal.open(dir, opts)) {
            wal.append(1, bytes("one")).join();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (wal.stats().fsyncs() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(wal.stats().fsyncs()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anEmptyLogStartsAtItsInitialSequence() throws IOException {
        WalOptions opts = small().toBuilder().initialSequence(5001).build();
        try (Wal wal = Wal.open(dir, opts)) {
            assertThat(wal.firstSequence()).isEqualTo(5001);
            assertThat(wal.lastSequence()).isEqualTo(5000);
            assertThat(wal.append(1, bytes("a")).join()).isEqualTo(5001L);
        }
        try (Wal wal = Wal.open(dir, small())) { // initialSequence only applies to an empty directory
            assertThat(readAll(wal, 5001)).extracting(WalRecord::sequence).containsExactly(5001L);
        }
    }

    @Test
    void bigRecordsRollSegmentsWithoutSpanningThem() throws IOException {
        try (Wal wal = Wal.open(dir, small())) {
            for (int i = 0; i < 20; i++) {
                byte[] p = new byte[1000 + i];
                p[0] = (byte) i;
                wal.append(9, p).join();
            }
        }
        WalInspection ins = Wal.inspect(dir, null);
        assertThat(ins.problems()).isEmpty();
        assertThat(ins.records()).isEqualTo(20);
        assertThat(ins.segments()).allMatch(s -> s.usedBytes() <= s.fileBytes());
        assertThat(ins.segments().size()).isGreaterThanOrEqualTo(5); // 4 KiB segments hold 3 such records
    }
}
