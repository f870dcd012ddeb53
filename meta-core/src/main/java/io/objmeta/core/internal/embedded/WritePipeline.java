package io.objmeta.core.internal.embedded;

import io.objmeta.api.UnavailableException;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandBatch;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.core.MetaCore;
import io.objmeta.wal.Wal;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;

/**
 * The embedded write path. Callers enqueue validated commands (a bounded queue: back-pressure with a bounded
 * wait, never an unbounded heap). The <b>sequencer</b> thread drains up to a batch, stamps the clock, and appends
 * the batch as one WAL record; the <b>applier</b> thread waits for that record to be durable, applies every
 * durable batch at its record's sequence ({@link MetaCore#applyAll}: into the overlay that reads see, committed to
 * LMDB by the core's background committer, or at once when that is off), and completes the futures. So batch
 * k+1's fsync overlaps batch k's apply, concurrent writers share one fsync (WAL group commit), and an acknowledged
 * write is both durable and visible.
 */
public final class WritePipeline implements AutoCloseable {
    /** WAL record type of a {@link CommandBatch}. */
    public static final int BATCH_RECORD = 1;
    private static final System.Logger LOG = System.getLogger(WritePipeline.class.getName());

    private record Pending(Command command, CompletableFuture<CommandResult> future) {
    }

    private record InFlight(List<Pending> batch, List<Command> stamped, CompletableFuture<Long> durable) {
    }

    private final MetaCore core;
    private final Wal wal;
    private final int maxBatch;
    private final long queueWaitMillis;
    private final BlockingQueue<Pending> queue;
    private final BlockingQueue<InFlight> inFlight;
    private final LongConsumer onApplied;
    private final Thread sequencer;
    private final Thread applier;
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock(); // close vs submit
    private volatile boolean closing;
    private volatile Throwable failure;
    private long lastTimestamp; // sequencer only: stamps never go backwards

    public WritePipeline(MetaCore core, Wal wal, int maxBatch, int maxQueued, long queueWaitMillis,
                         LongConsumer onApplied) {
        this.core = core;
        this.wal = wal;
        this.maxBatch = maxBatch;
        this.queueWaitMillis = queueWaitMillis;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.inFlight = new ArrayBlockingQueue<>(8); // batches appended but not applied yet
        this.onApplied = onApplied;
        this.sequencer = new Thread(this::sequence, "objmeta-sequencer");
        this.applier = new Thread(this::applyLoop, "objmeta-applier");
        sequencer.setDaemon(true);
        applier.setDaemon(true);
        sequencer.start();
        applier.start();
    }

    /** Enqueues a validated command; the future completes once it is durable and applied. */
    public CompletableFuture<CommandResult> submit(Command command) {
        CompletableFuture<CommandResult> f = new CompletableFuture<>();
        admission.readLock().lock();
        try {
            if (closing || failure != null) {
                f.completeExceptionally(unavailable());
                return f;
            }
            if (!queue.offer(new Pending(command, f), queueWaitMillis, TimeUnit.MILLISECONDS)) {
                f.completeExceptionally(new UnavailableException("write queue full: " + queue.size()
                        + " commands waited " + queueWaitMillis + " ms (expected: the store to keep up; retry)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.completeExceptionally(new UnavailableException("interrupted while waiting for the write queue", e));
        } finally {
            admission.readLock().unlock();
        }
        return f;
    }

    private UnavailableException unavailable() {
        return failure != null ? new UnavailableException("the store failed and accepts no writes: " + failure,
                failure) : new UnavailableException("the store is closed");
    }

    private void sequence() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                List<Command> stamped = stamp(batch);
                byte[] record = CommandBatch.newBuilder().addAllCommands(stamped).build().toByteArray();
                CompletableFuture<Long> durable = wal.append(BATCH_RECORD, record);
                inFlight.put(new InFlight(List.copyOf(batch), stamped, durable));
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            fail(e, batch);
        } finally {
            inFlight.offer(new InFlight(List.of(), List.of(), null)); // end marker for the applier
        }
    }

    private List<Command> stamp(List<Pending> batch) {
        long now = Math.max(System.currentTimeMillis(), lastTimestamp);
        lastTimestamp = now;
        List<Command> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            out.add(p.command().toBuilder().setTimestampMillis(now).build());
        }
        return out;
    }

    /** Commands applied in one apply at most, when several durable batches wait. */
    private static final int MAX_COMMANDS_PER_APPLY = 8192;

    private void applyLoop() {
        try {
            boolean end = false;
            while (!end) {
                List<InFlight> group = new ArrayList<>();
                group.add(inFlight.take());
                // every further batch that is already durable shares this apply
                int commands = group.get(0).batch().size();
                for (InFlight next; commands < MAX_COMMANDS_PER_APPLY && (next = inFlight.peek()) != null
                        && (next.durable() == null || next.durable().isDone()); ) {
                    group.add(inFlight.poll());
                    commands += next.batch().size();
                }
                if (group.get(group.size() - 1).durable() == null) {
                    group.remove(group.size() - 1);
                    end = true;
                }
                if (!group.isEmpty()) {
                    applyGroup(group);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applyGroup(List<InFlight> group) {
        List<Long> seqs = new ArrayList<>(group.size());
        List<List<Command>> batches = new ArrayList<>(group.size());
        for (InFlight b : group) {
            long seq;
            try {
                seq = b.durable().join();
            } catch (RuntimeException e) {
                fail(e.getCause() != null ? e.getCause() : e, b.batch());
                continue;
            }
            if (failure != null) {
                b.batch().forEach(p -> p.future().completeExceptionally(unavailable()));
                continue;
            }
            seqs.add(seq);
            batches.add(b.stamped());
        }
        if (batches.isEmpty()) {
            return;
        }
        List<List<CommandResult>> results;
        try {
            results = core.applyAll(seqs, batches);
        } catch (RuntimeException e) {
            // durable in the WAL but not applied: stop; the next open replays it
            group.forEach(b -> fail(e, b.batch()));
            return;
        }
        int i = 0;
        for (InFlight b : group) {
            if (b.batch().get(0).future().isDone()) {
                continue; // failed above
            }
            List<CommandResult> r = results.get(i++);
            for (int j = 0; j < r.size(); j++) {
                b.batch().get(j).future().complete(r.get(j));
            }
        }
        onApplied.accept(core.revision());
    }

    private void fail(Throwable e, List<Pending> batch) {
        if (failure == null) {
            failure = e;
            LOG.log(Level.ERROR, "embedded store write path failed; writes are refused until reopened", e);
        }
        UnavailableException u = unavailable();
        batch.forEach(p -> p.future().completeExceptionally(u));
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(p -> p.future().completeExceptionally(u));
    }

    /** Queued writes waiting for the sequencer. */
    public int queued() {
        return queue.size();
    }

    public Throwable failure() {
        return failure;
    }

    /** Stops accepting writes, processes every queued one, and waits for both threads. */
    @Override
    public void close() {
        admission.writeLock().lock();
        try {
            closing = true; // after this no submit enqueues; everything queued before is processed
        } finally {
            admission.writeLock().unlock();
        }
        try {
            sequencer.join();
            applier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> rest = new ArrayList<>(); // a submit racing with close
        queue.drainTo(rest);
        rest.forEach(p -> p.future().completeExceptionally(unavailable()));
    }
}
