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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

/**
 * Group commit. Appenders frame their record into the pending buffer under a short lock; one flusher thread
 * swaps the buffer out, writes it, runs one fdatasync for all of it and completes the futures. Records that
 * arrive during that sync form the next group.
 */
public final class LogWriter implements AutoCloseable {
    private final Path dir;
    private final WalOptions options;
    private final SegmentSet segments;
    private final Preallocator preallocator;
    private final CRC32C crc = new CRC32C(); // guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Thread flusher;
    // Completes futures off the flusher thread: waking dozens of waiting appenders costs a futex call each,
    // and the flusher should be issuing the next write + fdatasync meanwhile.
    private final ExecutorService completer;

    // guarded by lock: the group being filled
    private Batch filling = new Batch();
    private long lastSequence;
    private boolean closing;
    private IOException failure;

    // flusher thread only
    private Batch spare = new Batch();
    private FileChannel active;
    private long activeSize;
    private long writeOffset;
    private long lastSyncNanos = System.nanoTime();
    private boolean unsynced;

    private volatile long writtenSequence; // last sequence handed to the OS
    private volatile long durableSequence; // last sequence whose future completed
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
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wal-completer-" + dir.getFileName());
            t.setDaemon(true);
            return t;
        });
        this.flusher = new Thread(this::run, "wal-flusher-" + dir.getFileName());
        this.flusher.setDaemon(true);
        this.flusher.start();
    }

    /** Frames the record into the current group; the future completes with its sequence once durable. */
    public CompletableFuture<Long> append(int type, byte[] payload) {
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
            notEmpty.signal();
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
        Batch batch = null;
        try {
            while (true) {
                batch = takeBatch();
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
                complete(batch);
                recycle(batch);
                batch = null;
            }
            sync();
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e);
            if (batch != null) {
                batch.fail(io);
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

    /** The next group to write, an empty group when an INTERVAL sync is due, or null once closed and drained. */
    private Batch takeBatch() {
        lock.lock();
        try {
            while (filling.count == 0) {
                if (closing) {
                    return null;
                }
                if (options.syncMode() == SyncMode.INTERVAL && unsynced) {
                    long waitNanos = TimeUnit.MILLISECONDS.toNanos(options.syncIntervalMillis())
                            - (System.nanoTime() - lastSyncNanos);
                    if (waitNanos <= 0) {
                        return spare.reset(lastSequence + 1); // empty: only the sync is due
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

    /** Hands the group's futures to the completer; a single appender is completed inline (no handoff latency). */
    private void complete(Batch b) {
        if (b.count == 1) {
            b.complete();
            return;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<Long>[] fs = b.futures.toArray(new CompletableFuture[0]);
        long first = b.firstSequence;
        completer.execute(() -> {
            for (int i = 0; i < fs.length; i++) {
                fs[i].complete(first + i);
            }
        });
    }

    private void recycle(Batch b) {
        lock.lock();
        try {
            spare = b;
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            closing = true;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join();
            completer.shutdown();
            completer.awaitTermination(1, TimeUnit.MINUTES);
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
        final List<CompletableFuture<Long>> futures = new ArrayList<>();
        int count;
        long firstSequence;

        Batch reset(long first) {
            buf.clear();
            futures.clear();
            count = 0;
            firstSequence = first;
            return this;
        }

        long lastSequence() {
            return firstSequence + count - 1;
        }

        /** Makes room for a frame of {@code frame} bytes and registers its future. */
        void add(long frame, CompletableFuture<Long> f) {
            if (buf.remaining() < frame) {
                ByteBuffer bigger = RecordFormat.allocate((int) Math.max(buf.capacity() * 2L, buf.position() + frame));
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
            futures.add(f);
        }

        void markEnd() {
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = buf.position();
        }

        void complete() {
            long seq = firstSequence;
            for (CompletableFuture<Long> f : futures) {
                f.complete(seq++);
            }
        }

        void fail(Throwable e) {
            futures.forEach(f -> f.completeExceptionally(e));
        }
    }
}
