package io.objmeta.wal.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads frames of one segment file through a sliding window. Used by recovery, the reader and inspection, so
 * the three agree on what a valid record is. Not thread-safe.
 */
public final class SegmentScanner implements AutoCloseable {
    private static final int WINDOW_BYTES = 1 << 20;

    /** Outcome of {@link #read}. */
    public enum Status { VALID, ZERO, INVALID }

    private final FileChannel channel;
    private final long fileSize;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer window = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    private long windowStart;

    // the frame last read: valid only after read() returned VALID (reason is set on INVALID)
    private long sequence;
    private int type;
    private int length;
    private long next;
    private long payloadOffset;
    private String reason;

    public SegmentScanner(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileSize = channel.size();
    }

    public long fileSize() {
        return fileSize;
    }

    /** Decodes the segment header; throws {@link IllegalStateException} with the reason when invalid. */
    public long readHeader() throws IOException {
        if (fileSize < SegmentHeader.SIZE) {
            throw new IllegalStateException("segment is " + fileSize + " bytes, shorter than its header");
        }
        return SegmentHeader.decode(view(0, SegmentHeader.SIZE));
    }

    /**
     * Reads the frame at {@code offset}. {@code expectedSequence < 0} accepts any sequence (used when searching
     * for valid data after a problem).
     */
    public Status read(long offset, long expectedSequence) throws IOException {
        reason = null;
        if (offset + RecordFormat.HEADER_SIZE > fileSize) {
            return Status.ZERO; // no room for a header: the segment is full
        }
        ByteBuffer h = view(offset, RecordFormat.HEADER_SIZE);
        int base = h.position();
        if (h.getLong(base) == 0 && h.getLong(base + 8) == 0 && h.getInt(base + 16) == 0) {
            return Status.ZERO;
        }
        long len = Integer.toUnsignedLong(h.getInt(base + RecordFormat.LENGTH_OFFSET));
        long seq = h.getLong(base + RecordFormat.SEQUENCE_OFFSET);
        int t = h.get(base + RecordFormat.TYPE_OFFSET) & 0xff;
        int reserved = (h.get(base + 17) & 0xff) | (h.getShort(base + 18) & 0xffff);
        if (offset + RecordFormat.HEADER_SIZE + len > fileSize) {
            return invalid("length " + len + " runs past the end of the segment");
        }
        int storedCrc = h.getInt(base + RecordFormat.CRC_OFFSET);
        ByteBuffer whole = view(offset, RecordFormat.HEADER_SIZE + (int) len);
        int start = whole.position();
        if (RecordFormat.checksum(whole, start, start + RecordFormat.HEADER_SIZE + (int) len, crc) != storedCrc) {
            return invalid("checksum mismatch");
        }
        if (t == 0 || reserved != 0) {
            return invalid("bad type " + t + " or reserved bits " + reserved);
        }
        if (expectedSequence >= 0 && seq != expectedSequence) {
            return invalid("sequence " + seq + " (expected: " + expectedSequence + ")");
        }
        this.sequence = seq;
        this.type = t;
        this.length = (int) len;
        this.next = offset + RecordFormat.frameSize(len);
        this.payloadOffset = offset + RecordFormat.HEADER_SIZE;
        return Status.VALID;
    }

    private Status invalid(String why) {
        reason = why;
        return Status.INVALID;
    }

    public long sequence() {
        return sequence;
    }

    public int type() {
        return type;
    }

    public long next() {
        return next;
    }

    public String reason() {
        return reason;
    }

    /** A copy of the payload of the frame last read as valid. */
    public byte[] payload() throws IOException {
        byte[] out = new byte[length];
        view(payloadOffset, length).get(out);
        return out;
    }

    /**
     * The offset of the first frame at or after {@code from} whose checksum is valid, whatever its sequence, or
     * -1. Skips zeroed space quickly.
     */
    public long findValid(long from) throws IOException {
        for (long o = RecordFormat.align(from); o + RecordFormat.HEADER_SIZE <= fileSize; o += RecordFormat.ALIGNMENT) {
            ByteBuffer w = view(o, RecordFormat.ALIGNMENT);
            if (w.getLong(w.position()) == 0) {
                continue;
            }
            if (read(o, -1) == Status.VALID) {
                return o;
            }
        }
        return -1;
    }

    /** True when every byte in {@code [from, fileSize)} is zero. */
    public boolean zeroFrom(long from) throws IOException {
        for (long o = from; o < fileSize; ) {
            int n = (int) Math.min(WINDOW_BYTES, fileSize - o);
            ByteBuffer w = view(o, n);
            int p = w.position();
            for (int i = 0; i < n; i++) {
                if (w.get(p + i) != 0) {
                    return false;
                }
            }
            o += n;
        }
        return true;
    }

    /** A little-endian view positioned at {@code offset} with at least {@code len} readable bytes. */
    private ByteBuffer view(long offset, int len) throws IOException {
        if (offset < windowStart || offset + len > windowStart + window.limit()) {
            fill(offset, len);
        }
        ByteBuffer v = window.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        v.position((int) (offset - windowStart));
        return v;
    }

    private void fill(long offset, int len) throws IOException {
        int want = (int) Math.min(Math.max(len, WINDOW_BYTES), fileSize - offset);
        if (want < len) {
            throw new EOFException("read of " + len + " bytes at " + offset + " past end " + fileSize);
        }
        if (window.capacity() < want) {
            window = ByteBuffer.allocate(Math.max(want, WINDOW_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        }
        window.clear().limit(want);
        long pos = offset;
        while (window.hasRemaining()) {
            int r = channel.read(window, pos);
            if (r < 0) {
                throw new EOFException("unexpected end of segment at " + pos);
            }
            pos += r;
        }
        window.flip();
        windowStart = offset;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
