package io.objmeta.wal.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Creates segment files: preallocated with zeros (so fdatasync never has to update the file size or allocate
 * blocks), given their header, fsynced, renamed into place, and the directory fsynced.
 */
public final class SegmentCreator {
    private static final int ZERO_CHUNK = 1 << 20;

    private SegmentCreator() {
    }

    /** Writes a zero-filled file of {@code size} bytes at {@code tmp} and fsyncs it. */
    public static void preallocate(Path tmp, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeZeros(ch, 0, size);
            ch.force(true);
        }
    }

    /**
     * Turns a preallocated file into the segment starting at {@code firstSequence}: header, fsync, rename,
     * directory fsync. Returns the segment's path.
     */
    public static Path install(Path dir, Path preallocated, long firstSequence) throws IOException {
        try (FileChannel ch = FileChannel.open(preallocated, StandardOpenOption.WRITE)) {
            ByteBuffer header = SegmentHeader.encode(firstSequence);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.force(false);
        }
        Path target = dir.resolve(SegmentFiles.name(firstSequence));
        Files.move(preallocated, target, StandardCopyOption.ATOMIC_MOVE);
        SegmentFiles.syncDirectory(dir);
        return target;
    }

    /** Creates the segment synchronously (first segment, or when no preallocated file is ready). */
    public static Path create(Path dir, long firstSequence, long size) throws IOException {
        Path tmp = dir.resolve(SegmentFiles.PREALLOCATED_NAME + "." + firstSequence);
        preallocate(tmp, size);
        return install(dir, tmp, firstSequence);
    }

    /** Zeroes {@code [from, to)}, writing only the chunks that hold non-zero bytes. */
    public static void zeroRange(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(ZERO_CHUNK);
        for (long o = from; o < to; ) {
            int n = (int) Math.min(ZERO_CHUNK, to - o);
            buf.clear().limit(n);
            while (buf.hasRemaining() && ch.read(buf, o + buf.position()) >= 0) {
                // fill the chunk
            }
            boolean dirty = false;
            for (int i = 0; i < buf.position() && !dirty; i++) {
                dirty = buf.get(i) != 0;
            }
            if (dirty) {
                writeZeros(ch, o, o + n);
            }
            o += n;
        }
    }

    private static void writeZeros(FileChannel ch, long from, long to) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK);
        for (long o = from; o < to; ) {
            zeros.clear().limit((int) Math.min(ZERO_CHUNK, to - o));
            while (zeros.hasRemaining()) {
                o += ch.write(zeros, o);
            }
        }
    }
}
