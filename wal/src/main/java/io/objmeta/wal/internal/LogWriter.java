package io.objmeta.wal.internal;

import io.objmeta.wal.SyncMode;
import io.objmeta.wal.WalOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * Group commit. Appenders frame their record into the pending buffer under a short lock; one flusher thread
 * swaps the buffer out, writes it, runs one fdatasync for all of it and publishes the group's futures as a
 * {@link GroupCompletion}: a waker thread completes the first {@value #SEEDS_PER_GROUP}, and every appender
 * completes {@value #HELPS_PER_APPEND} more right after framing its own record. Records that arrive during a
 * sync form the next group.
 */
public final class LogWriter implements AutoCloseable {
    // futures of the last durable group an appender completes after framing its record: the wake-ups become a
    // tree that fills every core within a few levels, and each appender pays for them just before it parks
    private static final int HELPS_PER_APPEND = 2;
    // futures the waker completes when a group is published, to start the tree (two per core)
    private static final int SEEDS_PER_GROUP = 4;
    // how long the flusher polls for the next record before it parks: a lone appender whose future just
    // completed is back within tens of microseconds, and parking costs more than that here (both threads'
    // cores go idle, and waking an idle core of a virtual machine takes an interrupt and a host reschedule)
    private static final long POLL_BEFORE_PARK_NANOS = 100_000;

    private final Path dir;
    private final WalOptions options;
    private final SegmentSet segments;
    private final Preallocator preallocator;
    private final CRC32C crc = new CRC32C(); // guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Thread flusher;
    // Wakes the first appenders of each published group, so that the flusher goes straight on to the next
    // write and sync: woken threads tend to preempt their waker, and the flusher is the one that must not wait.
    private final Thread waker;

    // guarded by lock: the group being filled
    private Batch filling = new Batch();
    private Batch spare = new Batch(); // null while the flusher writes it
    private volatile long lastSequence; // volatile: the flusher polls it without the lock before parking
    private boolean closing;
    private IOException failure;

    // written by the flusher only: the last durable group, whose futures may still be completing
    private volatile GroupCompletion completing;
    // handed from the flusher to the waker; a newer group replaces one not taken yet (publish has completed it)
    private final AtomicReference<GroupCompletion> toSeed = new AtomicReference<>();
    private volatile boolean stopWaker;

    // flusher thread only
    private final List<GroupCompletion> unfinished = new ArrayList<>(); // earlier groups a helper still completes
    private FileChannel active;
    private long activeSize;
    private long writeOffset;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;

    private volatile long writtenSequence; // last sequence handed to the OS
    private volatile long durableSequence; // last sequence durable in the sense of the sync mode
    private volatile long fsyncs;
    private volatile long appends;
    private volatile long bytesWritten;

    public LogWriter(Path dir, WalOptions options, SegmentSet segments, long lastSequence, long writeOffset)
            throws IOException {
        this.dir = dir;
        this.options = options;
        this.segments = segments;
        this.preallocator = new Preallocator(dir, options.segmentSizeBytes());
        this.lastSequence = lastSequence;
        this.writtenSequence = lastSequence;
        this.durableSequence = lastSequence;
        this.active = FileChannel.open(segments.last(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.activeSize = active.size();
        this.writeOffset = writeOffset;
        this.filling.firstSequence = lastSequence + 1;
        this.flusher = new Thread(this::run, "wal-flusher-" + dir.getFileName());
        this.flusher.setDaemon(true);
        this.waker = new Thread(this::seed, "wal-waker-" + dir.getFileName());
        this.waker.setDaemon(true);
        this.waker.start();
        this.flusher.start();
    }

    /**
     * Frames the record into the current group; the future completes with its sequence once durable. Then
     * completes a few futures of the last durable group, if some are left (see {@link GroupCompletion}).
     */
    public CompletableFuture<Long> append(int type, byte[] payload) {
        CompletableFuture<Long> f = frame(type, payload);
        GroupCompletion c = completing;
        if (c != null && c.hasUnclaimed()) {
            c.help(HELPS_PER_APPEND);
        }
        return f;
    }

    private CompletableFuture<Long> frame(int type, byte[] payload) {
        long frame = RecordFormat.frameSize(payload.length);
        CompletableFuture<Long> f = new CompletableFuture<>();
        lock.lock();
        try {
            while (failure == null && !closing && filling.buf.position() > 0
                    && filling.buf.position() + frame > options.maxPendingBytes()) {
                notFull.awaitUninterruptibly();
            }
            if (failure != null) {
                f.completeExceptionally(new IOException("the WAL failed earlier and accepts no writes", failure));
                return f;
            }
            if (closing) {
                f.completeExceptionally(new IllegalStateException("WAL is closed"));
                return f;
            }
            long seq = ++lastSequence;
            filling.add(frame, f);
            RecordFormat.encode(filling.buf, seq, type, payload, crc);
            filling.markEnd();
            if (filling.count == 1) {
                notEmpty.signal(); // the flusher only waits while the group is empty
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    public long lastSequence() {
        lock.lock();
        try {
            return lastSequence;
        } finally {
            lock.unlock();
        }
    }

    public long writtenSequence() {
        return writtenSequence;
    }

    public long durableSequence() {
        return durableSequence;
    }

    public long fsyncs() {
        return fsyncs;
    }

    public long appends() {
        return appends;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    private void run() {
        Batch batch = null; // the group being written; publishing hands its futures on
        try {
            while (true) {
                pollForRecord();
                batch = takeBatch(batch);
                if (batch == null) {
                    break;
                }
                if (batch.count == 0) {
                    sync(); // INTERVAL mode timer with nothing new
                    continue;
                }
                write(batch);
                writtenSequence = batch.lastSequence();
                if (options.syncMode() == SyncMode.SYNC
                        || (options.syncMode() == SyncMode.INTERVAL && intervalElapsed())) {
                    sync();
                }
                appends += batch.count;
                durableSequence = batch.lastSequence();
                publish(batch);
            }
            sync();
            finishCompletion();
        } catch (IOException | RuntimeException e) {
            finishCompletion(); // the group published last is durable: its futures complete normally
            IOException io = e instanceof IOException x ? x : new IOException(e);
            if (batch != null) {
                batch.fail(io); // taken but not published (a published batch holds no futures any more)
            }
            fail(io);
        } finally {
            try {
                active.close();
            } catch (IOException ignored) {
                // closing after a failure or a final sync; nothing more to save
            }
        }
    }

    /** Waits briefly, without parking, for a record after the last one written (see POLL_BEFORE_PARK_NANOS). */
    private void pollForRecord() {
        long written = writtenSequence;
        long deadline = System.nanoTime() + POLL_BEFORE_PARK_NANOS;
        while (lastSequence == written && System.nanoTime() - deadline < 0) {
            Thread.yield(); // not onSpinWait: on two cores the appender may be runnable on this one
        }
    }

    /**
     * Gives back the group written last ({@code done}, or null) and returns the next group to write, an empty
     * group when an INTERVAL sync is due, or null once closed and drained. Before waiting for records it
     * finishes completing the last durable group: no appender is around to help.
     */
    private Batch takeBatch(Batch done) {
        lock.lock();
        try {
            if (done != null) {
                spare = done;
            }
            while (filling.count == 0) {
                if (closing) {
                    return null;
                }
                GroupCompletion c = completing;
                if (c != null && c.hasUnclaimed()) {
                    lock.unlock(); // dependent actions run in there: never under the lock
                    try {
                        c.help(Integer.MAX_VALUE);
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                if (options.syncMode() == SyncMode.INTERVAL && unsynced) {
                    long waitNanos = TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis())
                            - (System.nanoTime() - lastSyncNanos);
                    if (waitNanos <= 0) {
                        Batch empty = spare.reset(lastSequence + 1); // only the sync is due
                        spare = null;
                        return empty;
                    }
                    notEmpty.awaitNanos(waitNanos);
                } else {
                    notEmpty.awaitUninterruptibly();
                }
            }
            Batch b = filling;
            filling = spare.reset(lastSequence + 1);
            spare = null;
            notFull.signalAll();
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands the durable group's futures to a new {@link GroupCompletion}, and it to the waker (a lone future is
     * completed here: no hand-off latency for a lone appender). What the appenders left of the previous group
     * (normally nothing: they had a whole sync to do it) is completed first; a group some helper is still
     * completing is remembered for {@link #finishCompletion}.
     */
    private void publish(Batch b) {
        GroupCompletion previous = completing;
        if (previous != null) {
            previous.help(Integer.MAX_VALUE);
            unfinished.removeIf(GroupCompletion::isDone);
            if (!previous.isDone()) {
                unfinished.add(previous);
            }
        }
        GroupCompletion c = new GroupCompletion(b.takeFutures(), b.firstSequence);
        completing = c;
        if (b.count == 1) {
            c.help(1);
        } else {
            toSeed.set(c);
            LockSupport.unpark(waker);
        }
    }

    /** The waker's loop: completes the first futures of each group handed over, until the log is closed. */
    private void seed() {
        while (!stopWaker) {
            GroupCompletion c = toSeed.getAndSet(null);
            if (c == null) {
                LockSupport.park(this);
            } else {
                c.help(SEEDS_PER_GROUP);
            }
        }
    }

    /** Completes every published future, waiting for helpers still at it: on close and on failure. */
    private void finishCompletion() {
        unfinished.forEach(GroupCompletion::finish);
        unfinished.clear();
        GroupCompletion c = completing;
        if (c != null) {
            c.finish();
        }
    }

    private boolean intervalElapsed() {
        return System.nanoTime() - lastSyncNanos >= TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis());
    }

    /** Writes the group, rolling to new segments where a frame does not fit; frames never span segments. */
    private void write(Batch batch) throws IOException {
        ByteBuffer buf = batch.buf.duplicate().flip();
        int start = 0;
        int i = 0;
        while (i < batch.count) {
            int j = i;
            while (j < batch.count && batch.ends[j] - start <= activeSize - writeOffset) {
                j++;
            }
            if (j == i) {
                roll(batch.firstSequence + i);
                continue;
            }
            int end = batch.ends[j - 1];
            buf.limit(end).position(start);
            while (buf.hasRemaining()) {
                writeOffset += active.write(buf, writeOffset);
            }
            bytesWritten += end - start;
            unsynced = true;
            start = end;
            i = j;
        }
        if (writeOffset > activeSize / 2) {
            preallocator.prepare();
        }
    }

    private void roll(long firstSequence) throws IOException {
        active.force(false); // earlier segments are never left with unsynced data
        fsyncs++;
        active.close();
        Path next = SegmentCreator.install(dir, preallocator.take(), firstSequence);
        segments.add(firstSequence, next);
        active = FileChannel.open(next, StandardOpenOption.READ, StandardOpenOption.WRITE);
        activeSize = active.size();
        writeOffset = SegmentHeader.SIZE;
    }

    private void sync() throws IOException {
        if (unsynced) {
            active.force(false);
            fsyncs++;
            unsynced = false;
        }
        lastSyncNanos = System.nanoTime();
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            failure = e;
            filling.fail(e);
            filling.reset(lastSequence + 1);
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting appends, writes and syncs what was accepted, completes every future, closes the file. */
    @Override
    public void close() throws IOException {
        if (Thread.currentThread() == flusher) {
            throw new IllegalStateException("close() called by a dependent action of an append future running on"
                    + " the WAL's flusher thread, which close() waits for; use an *Async variant to run it elsewhere");
        }
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(); // the flusher completed every future before it ended
            stopWaker = true;
            LockSupport.unpark(waker);
            if (Thread.currentThread() != waker) {
                waker.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the WAL", e);
        }
        preallocator.discard();
        if (failure != null) {
            throw new IOException("the WAL failed while running", failure);
        }
    }

    /** One group: framed records and their futures. */
    private static final class Batch {
        ByteBuffer buf = RecordFormat.allocate(1 << 20);
        int[] ends = new int[64]; // end offset of each frame in buf
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] futures = new CompletableFuture[64]; // of each frame
        int count;
        long firstSequence;

        Batch reset(long first) {
            buf.clear();
            Arrays.fill(futures, 0, count, null);
            count = 0;
            firstSequence = first;
            return this;
        }

        long lastSequence() {
            return firstSequence + count - 1;
        }

        /** Makes room for a frame of {@code frame} bytes; {@link #markEnd} registers it once encoded. */
        void add(long frame, CompletableFuture<Long> f) {
            if (buf.remaining() < frame) {
                ByteBuffer bigger = RecordFormat.allocate((int) Math.max(buf.capacity() * 2L, buf.position() + frame));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
                futures = Arrays.copyOf(futures, count * 2);
            }
            futures[count] = f;
        }

        void markEnd() {
            ends[count++] = buf.position();
        }

        /** The futures, now owned by the caller (they may still be completing after this batch is reused). */
        CompletableFuture<Long>[] takeFutures() {
            CompletableFuture<Long>[] taken = Arrays.copyOf(futures, count);
            Arrays.fill(futures, 0, count, null);
            return taken;
        }

        void fail(Throwable e) {
            for (int i = 0; i < count; i++) {
                if (futures[i] != null) {
                    futures[i].completeExceptionally(e);
                }
            }
        }
    }
}
