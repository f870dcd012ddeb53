package io.objmeta.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    private static LoadRunner.Builder quick(int threads) {
        return LoadRunner.builder().threads(threads).warmup(Duration.ofMillis(100)).measure(Duration.ofMillis(300));
    }

    @Test
    void workerHistogramsAreSizedBeforeTheClockStartsAndStillTakeAnyLatency() {
        org.HdrHistogram.Histogram h = Worker.histogram();
        int sized = h.getEstimatedFootprintInBytes();

        h.recordValue(1);
        h.recordValue(Worker.SIZED_FOR_NANOS); // a measured call allocates nothing up to here
        assertThat(h.getEstimatedFootprintInBytes()).isEqualTo(sized);
        h.recordValue(Worker.SIZED_FOR_NANOS * 100); // beyond: it grows rather than fails
        assertThat(h.getTotalCount()).isEqualTo(3);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(Worker.SIZED_FOR_NANOS * 100);
    }

    @Test
    void everyCallIsCountedOnceAndEveryTenthIsAnError() throws Exception {
        AtomicLong calls = new AtomicLong();
        LoadResult result = quick(4).build().run(worker -> () -> {
            if (calls.incrementAndGet() % 10 == 0) {
                throw new IOException("injected");
            }
        });

        long all = result.ops() + result.errors() + result.unmeasuredOps() + result.unmeasuredErrors();
        assertThat(all).isEqualTo(calls.get());
        assertThat(result.errors() + result.unmeasuredErrors()).isEqualTo(calls.get() / 10);
        assertThat(result.errors()).isPositive();
        // 1 in 10 inside the window too, give or take the calls near its edges
        assertThat((double) result.errors() / (result.ops() + result.errors())).isBetween(0.09, 0.11);
        assertThat(result.errorsByType()).containsOnlyKeys(IOException.class.getName());
        assertThat(result.errorsByType().get(IOException.class.getName()))
                .isEqualTo(new ErrorCount(result.errors() + result.unmeasuredErrors(), "injected"));
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(result.ops());
        assertThat(result.threads()).isEqualTo(4);
        assertThat(result.seconds()).isEqualTo(0.3);
        assertThat(result.opsPerSec()).isEqualTo(result.ops() / 0.3);
    }

    @Test
    void warmUpCallsAreNotMeasured() throws Exception {
        LoadResult result = quick(2).build().run(worker -> () -> Thread.sleep(1));

        assertThat(result.unmeasuredOps()).isPositive();
        assertThat(result.ops()).isPositive();
        assertThat(result.latencyMicrosAt(50)).isGreaterThanOrEqualTo(1_000);
        assertThat(result.maxLatencyMicros()).isGreaterThanOrEqualTo(result.latencyMicrosAt(99.9));
    }

    @Test
    void countersReportTheirIncreaseOverTheWindow() throws Exception {
        AtomicLong counter = new AtomicLong(1_000_000); // a cumulative counter that did not start at zero
        LoadResult result = quick(2).counter("things", counter::get).build().run(worker -> () -> {
            counter.incrementAndGet();
            Thread.sleep(1);
        });

        assertThat(result.counter("things")).isPositive().isLessThanOrEqualTo(result.ops() + result.unmeasuredOps());
        assertThatThrownBy(() -> result.counter("other")).hasMessageContaining("counter: other");
    }

    @Test
    void workersOutliveTheLastCounterSample() throws Exception {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        LoadResult result = quick(3).counter("alive", () -> workers.stream().filter(Thread::isAlive).count())
                .build().run(worker -> {
                    workers.add(Thread.currentThread());
                    return () -> { };
                });

        assertThat(result.counter("alive")).isZero(); // all 3 alive at both edges: per-thread counters work
        for (Thread t : workers) {
            t.join(5_000);
            assertThat(t.isAlive()).isFalse();
        }
    }

    @Test
    void eachKindOfCallHasItsOwnHistogram() throws Exception {
        LoadResult result = quick(2).kinds("fast", "slow").build().run(worker -> new Op.Kinded() {
            private long calls;

            @Override
            public void call() throws Exception {
                if (calls++ % 2 == 1) {
                    Thread.sleep(2);
                }
            }

            @Override
            public int lastKind() {
                return (int) ((calls - 1) % 2);
            }
        });

        assertThat(result.kinds()).containsExactly("fast", "slow");
        assertThat(result.kindOps("fast") + result.kindOps("slow")).isEqualTo(result.ops());
        assertThat(result.kindOps("fast")).isPositive();
        assertThat(result.kindOps("slow")).isPositive();
        assertThat(result.kindLatencyMicrosAt("slow", 50)).isGreaterThanOrEqualTo(2_000);
        assertThat(result.kindLatencyMicrosAt("fast", 50)).isLessThan(1_000);
        assertThatThrownBy(() -> result.kindOps("other")).hasMessageContaining("kind: other");
    }

    @Test
    void kindsNeedAKindedOp() {
        assertThatThrownBy(() -> quick(1).kinds("a").build().run(worker -> () -> { }))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("expected: an Op.Kinded");
    }

    @Test
    void aFailedSetupAbortsTheRun() {
        assertThatThrownBy(() -> quick(3).build().run(worker -> {
            if (worker == 2) {
                throw new IOException("no connection");
            }
            return () -> { };
        })).isInstanceOf(ExecutionException.class).hasMessageContaining("setup of worker 2 failed")
                .hasRootCauseMessage("no connection");
    }

    @Test
    void anErrorAbortsTheRun() {
        assertThatThrownBy(() -> quick(2).build().run(worker -> () -> {
            throw new AssertionError("broken invariant");
        })).isInstanceOf(ExecutionException.class).hasRootCauseMessage("broken invariant");
    }

    @Test
    void aCallThatNeverReturnsIsReportedNotWaitedForForever() {
        LoadRunner runner = LoadRunner.builder().warmup(Duration.ZERO).measure(Duration.ofMillis(100))
                .drainTimeout(Duration.ofMillis(200)).build();
        assertThatThrownBy(() -> runner.run(worker -> () -> Thread.sleep(60_000)))
                .isInstanceOf(TimeoutException.class).hasMessageContaining("metabench-worker-0");
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> LoadRunner.builder().threads(0)).hasMessage("threads: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> LoadRunner.builder().measure(Duration.ZERO)).hasMessageContaining("measure: PT0S");
        assertThatThrownBy(() -> LoadRunner.builder().counter("a", () -> 0).counter("a", () -> 0))
                .hasMessageContaining("counter: a");
        assertThatThrownBy(() -> LoadRunner.builder().kinds("a", "a")).hasMessageContaining("kinds: [a, a]");
    }
}
