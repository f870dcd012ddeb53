package io.objmeta.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.wal.internal.RecordFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Group commit under concurrency: durability before completion, completion without helpers, back-pressure. */
@Timeout(60)
class WalGroupCommitTest {
    @TempDir
    Path dir;

    /** Runs {@code body} on {@code threads} threads released together; rethrows the first failure. */
    private static void onThreads(int threads, ThrowingIntConsumer body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a thread failed", failures.peek());
        }
    }

    private interface ThrowingIntConsumer {
        void accept(int id) throws Exception;
    }

    @Test
    void aSyncFutureCompletesOnlyAfterAnFsyncThatStartedAfterItsAppend() throws Exception {
        try (Wal wal = Wal.open(dir, WalOptions.builder().segmentSizeBytes(256 << 10).build())) {
            AtomicInteger early = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            onThreads(32, id -> {
                List<CompletableFuture<Long>> mine = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    long fsyncsBefore = wal.stats().fsyncs();
                    CompletableFuture<Long> f = wal.append(1, new byte[100 + id]);
                    mine.add(f.whenComplete((seq, e) -> {
                        // the covering fdatasync returned after this append, and the record is durable
                        if (e != null || wal.stats().fsyncs() <= fsyncsBefore || wal.durableSequence() < seq) {
                            early.incrementAndGet();
                        }
                        done.incrementAndGet();
                    }));
                    if (i % 4 == 3) { // mostly closed loop, sometimes several in flight per thread
                        for (CompletableFuture<Long> m : mine) {
                            m.get(10, TimeUnit.SECONDS);
                        }
                        mine.clear();
                    }
                }
                for (CompletableFuture<Long> m : mine) {
                    m.get(10, TimeUnit.SECONDS);
                }
            });
            assertThat(done).hasValue(3200);
            assertThat(early).hasValue(0);
            assertThat(wal.stats().fsyncs()).isLessThan(3200);
        }
    }

    @Test
    void futuresCompleteWhenNobodyAppendsAfterThem() throws Exception {
        // appenders help complete the previous group; with no appender left, the flusher must finish alone
        try (Wal wal = Wal.open(dir, WalOptions.builder().segmentSizeBytes(256 << 10).build())) {
            ConcurrentLinkedQueue<CompletableFuture<Long>> all = new ConcurrentLinkedQueue<>();
            onThreads(16, id -> {
                for (int i = 0; i < 20; i++) {
                    all.add(wal.append(1, new byte[10]));
                }
            });
            for (CompletableFuture<Long> f : all) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isBetween(1L, 320L);
            }
            assertThat(all).map(CompletableFuture::join).doesNotHaveDuplicates();
        }
    }

    @Test
    void aDependentActionMayAppendAgain() throws Exception {
        try (Wal wal = Wal.open(dir, WalOptions.builder().segmentSizeBytes(256 << 10).build())) {
            CompletableFuture<Long> last = new CompletableFuture<>();
            AtomicInteger chained = new AtomicInteger();
            onThreads(8, id -> {
                for (int i = 0; i < 50; i++) {
                    wal.append(1, new byte[8]).thenAccept(seq -> {
                        // runs on whichever thread completed the future: the flusher or another appender
                        if (chained.incrementAndGet() == 400) {
                            wal.append(2, new byte[8]).thenAccept(last::complete);
                        }
                    });
                }
            });
            assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(401L);
        }
    }

    @Test
    void backPressureBlocksAppendersAndReleasesThem() throws Exception {
        int payload = 1000;
        long frame = RecordFormat.frameSize(payload);
        WalOptions opts = WalOptions.builder().segmentSizeBytes(1 << 20).maxRecordBytes(payload)
                .maxPendingBytes(4 * frame).build();
        try (Wal wal = Wal.open(dir, opts)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger maxOutstanding = new AtomicInteger();
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    long last = wal.lastSequence(); // read first: the difference can only be underestimated
                    long durable = wal.durableSequence();
                    maxOutstanding.accumulateAndGet((int) (last - durable), Math::max);
                    Thread.onSpinWait();
                }
            });
            sampler.start();
            ConcurrentLinkedQueue<CompletableFuture<Long>> all = new ConcurrentLinkedQueue<>();
            onThreads(4, id -> {
                for (int i = 0; i < 300; i++) {
                    all.add(wal.append(1, new byte[payload])); // never waits: only back-pressure holds it
                }
            });
            running.set(false);
            sampler.join();
            for (CompletableFuture<Long> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(all).hasSize(1200);
            // the pending buffer (4 frames) plus the group being written (at most as much) are all that is
            // ever appended but not durable
            assertThat(maxOutstanding.get()).isBetween(1, 8);
            assertThat(wal.lastSequence()).isEqualTo(1200);
        }
    }

    @Test
    void closeWhileAppendersRunCompletesOrRefusesEveryFuture() throws Exception {
        Wal wal = Wal.open(dir, WalOptions.builder().segmentSizeBytes(256 << 10).build());
        ConcurrentLinkedQueue<CompletableFuture<Long>> all = new ConcurrentLinkedQueue<>();
        CountDownLatch someAppended = new CountDownLatch(200);
        Thread closer = new Thread(() -> {
            try {
                someAppended.await();
                wal.close();
            } catch (InterruptedException | IOException e) {
                throw new AssertionError(e);
            }
        });
        closer.start();
        onThreads(8, id -> {
            for (int i = 0; i < 200; i++) {
                all.add(wal.append(1, new byte[16]));
                someAppended.countDown();
            }
        });
        closer.join();
        List<Long> acknowledged = new ArrayList<>();
        for (CompletableFuture<Long> f : all) {
            assertThat(f.isDone()).as("close() completed or failed every future").isTrue();
            if (f.isCompletedExceptionally()) {
                assertThat(f).failsWithin(0, TimeUnit.SECONDS).withThrowableThat()
                        .withCauseInstanceOf(IllegalStateException.class).withMessageContaining("WAL is closed");
            } else {
                acknowledged.add(f.join());
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates()
                .allMatch(seq -> seq >= 1 && seq <= acknowledged.size());
        try (Wal again = Wal.open(dir, WalOptions.builder().segmentSizeBytes(256 << 10).build())) {
            assertThat(again.lastSequence()).isEqualTo(acknowledged.size());
        }
    }
}
