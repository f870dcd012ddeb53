package io.objmeta.wal.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class GroupCompletionTest {
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Long>[] futures(int n) {
        CompletableFuture<Long>[] fs = new CompletableFuture[n];
        for (int i = 0; i < n; i++) {
            fs[i] = new CompletableFuture<>();
        }
        return fs;
    }

    @Test
    void helpCompletesAtMostMaxWithTheirSequencesAndFinishCompletesTheRest() {
        CompletableFuture<Long>[] fs = futures(5);
        GroupCompletion c = new GroupCompletion(fs, 100);
        c.help(2);
        assertThat(fs).extracting(CompletableFuture::isDone).containsExactly(true, true, false, false, false);
        assertThat(c.hasUnclaimed()).isTrue();
        c.finish();
        assertThat(fs).extracting(CompletableFuture::join).containsExactly(100L, 101L, 102L, 103L, 104L);
        assertThat(c.hasUnclaimed()).isFalse();
        c.help(2); // nothing left: a no-op
    }

    @RepeatedTest(20)
    void concurrentHelpersCompleteEveryFutureExactlyOnce() throws InterruptedException {
        int n = 500;
        CompletableFuture<Long>[] fs = futures(n);
        AtomicInteger completions = new AtomicInteger();
        for (CompletableFuture<Long> f : fs) {
            f.thenRun(completions::incrementAndGet);
        }
        GroupCompletion c = new GroupCompletion(fs, 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> helpers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (c.hasUnclaimed()) {
                    c.help(2);
                }
            });
            th.start();
            helpers.add(th);
        }
        start.countDown();
        c.finish(); // competes with the helpers, then waits for what they claimed
        assertThat(fs).allMatch(CompletableFuture::isDone);
        for (Thread th : helpers) {
            th.join();
        }
        assertThat(completions).hasValue(n);
        for (int i = 0; i < n; i++) {
            assertThat(fs[i].join()).isEqualTo(i + 1L);
        }
    }
}
