package io.objmeta.wal;

import static java.util.Objects.requireNonNull;

import io.objmeta.wal.internal.LogWriter;
import io.objmeta.wal.internal.RecordFormat;
import io.objmeta.wal.internal.Recovery;
import io.objmeta.wal.internal.SegmentSet;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A segmented, checksummed, group-committed write-ahead log in one directory. Thread-safe: any thread may
 * append; each append gets the next sequence and a future that completes when the record is durable in the
 * sense of {@link WalOptions#syncMode()}. The file format and recovery rules are in the package documentation.
 *
 * <pre>{@code
 * try (Wal wal = Wal.open(dir, WalOptions.defaults())) {
 *     long seq = wal.append(1, bytes).join();   // durable once this returns
 *     try (WalReader r = wal.reader(seq)) { r.next(); }
 * }
 * }</pre>
 */
public final class Wal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Wal.class.getName());
    static final String LOCK_FILE = "wal.lock";

    private final Path dir;
    private final WalOptions options;
    private final SegmentSet segments;
    private final LogWriter writer;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private Wal(Path dir, WalOptions options, SegmentSet segments, LogWriter writer, FileChannel lockChannel,
                FileLock lock) {
        this.dir = dir;
        this.options = options;
        this.segments = segments;
        this.writer = writer;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) the log in {@code dir} with default options. */
    public static Wal open(Path dir) throws IOException {
        return open(dir, WalOptions.defaults());
    }

    /**
     * Opens the log in {@code dir}, creating the directory and the first segment if needed, and recovers it: a
     * torn tail is cut off; corruption throws {@link WalCorruptionException}. One process at a time: a second
     * open of the same directory fails.
     */
    public static Wal open(Path dir, WalOptions options) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(options, "options");
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = tryLock(lockChannel);
            if (lock == null) {
                throw new IOException("WAL directory " + dir + " is in use by another process (lock " + LOCK_FILE
                        + " is held)");
            }
            long started = System.nanoTime();
            Recovery.Recovered r = Recovery.recover(dir, options.initialSequence(), options.segmentSizeBytes());
            SegmentSet segments = new SegmentSet(dir, r.segments());
            LogWriter writer = new LogWriter(dir, options, segments, r.lastSequence(), r.writeOffset());
            LOG.log(Level.DEBUG, "WAL {0} opened in {1} ms: {2} segment(s), last sequence {3}", dir,
                    (System.nanoTime() - started) / 1_000_000, segments.size(), r.lastSequence());
            return new Wal(dir, options, segments, writer, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.release();
            }
            lockChannel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM
        }
    }

    /**
     * Appends a record. The sequence is assigned now, in call order across threads; the future completes with
     * it once the record is durable, or exceptionally if the log failed or was closed.
     *
     * <p>The futures of one group commit complete in no particular order, on one of the log's threads or on the
     * thread of a later append (see the package documentation): keep dependent actions short and never wait
     * for the log in them; use the {@code *Async} variants to run longer work elsewhere.
     *
     * @param type    the caller's record type, 1..255
     * @param payload the bytes, at most {@link WalOptions#maxRecordBytes()}; not retained after return
     * @throws IllegalArgumentException for a bad type or an oversized payload (nothing is appended)
     */
    public CompletableFuture<Long> append(int type, byte[] payload) {
        requireNonNull(payload, "payload");
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("type: " + type + " (expected: 1..255)");
        }
        if (payload.length > options.maxRecordBytes()) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: <= "
                    + options.maxRecordBytes() + ", maxRecordBytes)");
        }
        return writer.append(type, payload);
    }

    /** The first sequence still in the log (older ones were truncated). */
    public long firstSequence() {
        return segments.firstSequence();
    }

    /** The last sequence assigned by {@link #append}; it may not be durable yet. */
    public long lastSequence() {
        return writer.lastSequence();
    }

    /** The last sequence that is durable in the sense of the sync mode; its future is complete or completing. */
    public long durableSequence() {
        return writer.durableSequence();
    }

    /**
     * A reader of every record from {@code fromSequence} to the last one written now.
     *
     * @throws IllegalArgumentException when {@code fromSequence} was truncated away or lies past the end + 1
     */
    public WalReader reader(long fromSequence) {
        long first = firstSequence();
        long end = writer.writtenSequence();
        if (fromSequence < first || fromSequence > end + 1) {
            throw new IllegalArgumentException("fromSequence: " + fromSequence + " (expected: " + first + ".."
                    + (end + 1) + ", the retained log)");
        }
        return new WalReader(segments.from(fromSequence), fromSequence, end);
    }

    /**
     * Drops whole segments all of whose records are at or below {@code sequence} (the last segment always stays).
     * Returns the number of segments deleted.
     */
    public int truncatePrefix(long sequence) throws IOException {
        return segments.deleteUpTo(sequence);
    }

    public WalStats stats() {
        return new WalStats(writer.appends(), writer.fsyncs(), writer.bytesWritten(), segments.size(),
                firstSequence(), lastSequence(), durableSequence());
    }

    public Path directory() {
        return dir;
    }

    public WalOptions options() {
        return options;
    }

    /** Bytes one record of {@code payloadBytes} occupies on disk, framing and padding included. */
    public static long framedSize(int payloadBytes) {
        return RecordFormat.frameSize(payloadBytes);
    }

    /**
     * Reads a log directory without changing it, reporting every problem and continuing past each: for offline
     * tools. {@code sink} (may be null) receives every valid record in file order.
     */
    public static WalInspection inspect(Path dir, Consumer<WalRecord> sink) throws IOException {
        requireNonNull(dir, "dir");
        return Recovery.inspect(dir, sink);
    }

    /** Writes and syncs everything accepted, completes every future, releases the directory. */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
