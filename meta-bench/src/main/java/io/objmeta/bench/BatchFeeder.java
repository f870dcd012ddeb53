package io.objmeta.bench;

import io.objmeta.api.proto.Command;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Builds command batches on a thread of its own, up to {@code depth} ahead of the thread that applies them, so
 * building them is not part of what the applying thread measures (as in a store, where the log hands apply
 * commands someone else decoded). {@link #stalls()} says how often the applier had to wait for a batch: when it
 * is a large share of the batches, the builder, not the engine, set the pace.
 */
final class BatchFeeder implements AutoCloseable {

    private static final List<Command> END = List.of(); // compared by identity: the source never builds it

    private final BlockingQueue<List<Command>> ready;
    private final Thread builder;
    private final AtomicLong stalls = new AtomicLong();
    private volatile @Nullable Throwable failure;
    private boolean ended;

    BatchFeeder(String name, PutBatches source, int depth) {
        this.ready = new ArrayBlockingQueue<>(depth);
        this.builder = new Thread(() -> build(source), name);
        builder.setDaemon(true);
        builder.start();
    }

    private void build(PutBatches source) {
        try {
            for (List<Command> batch; (batch = source.next()) != null; ) {
                ready.put(batch);
            }
        } catch (InterruptedException e) {
            return; // closed
        } catch (Throwable t) {
            failure = t;
        }
        try {
            ready.put(END);
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** The next batch, or null after the last one. Called by one thread. */
    @Nullable List<Command> take() throws InterruptedException, ExecutionException {
        if (ended) {
            return null;
        }
        List<Command> batch = ready.poll();
        if (batch == null) {
            stalls.incrementAndGet();
            batch = ready.take();
        }
        if (batch == END) {
            ended = true;
            Throwable t = failure;
            if (t != null) {
                throw new ExecutionException("building batches failed: " + t, t);
            }
            return null;
        }
        return batch;
    }

    /** Takes that found no batch ready and waited for the builder. */
    long stalls() {
        return stalls.get();
    }

    @Override
    public void close() throws InterruptedException {
        builder.interrupt();
        builder.join();
    }
}
