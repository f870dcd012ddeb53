package io.objmeta.wal.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The record frame, little-endian, starting at an 8-byte aligned offset:
 *
 * <pre>
 *  0               4               8                               16      17              20
 *  +---------------+---------------+-------------------------------+-------+---------------+
 *  | crc32c        | length        | sequence                      | type  | reserved (0)  |
 *  +---------------+---------------+-------------------------------+-------+---------------+
 *  | payload (length bytes) ...                     | zero padding to a multiple of 8      |
 *  +------------------------------------------------+--------------------------------------+
 * </pre>
 *
 * The CRC-32C covers bytes 4..20+length (everything after the checksum but the padding). A header of zeros is
 * never valid (type 0 is reserved), which is how unwritten preallocated space reads.
 */
public final class RecordFormat {
    public static final int CRC_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int TYPE_OFFSET = 16;
    public static final int RESERVED_OFFSET = 17;
    public static final int HEADER_SIZE = 20;
    public static final int ALIGNMENT = 8;

    private RecordFormat() {
    }

    /** Bytes a record with this payload length occupies on disk, padding included. */
    public static long frameSize(long payloadLength) {
        return align(HEADER_SIZE + payloadLength);
    }

    public static long align(long n) {
        return (n + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Writes one frame at {@code buf.position()} and advances it past the padding. {@code buf} must be
     * little-endian and have room for {@link #frameSize}.
     */
    public static void encode(ByteBuffer buf, long sequence, int type, byte[] payload, CRC32C crc) {
        int start = buf.position();
        buf.putInt(0).putInt(payload.length).putLong(sequence).put((byte) type).put((byte) 0).putShort((short) 0)
                .put(payload);
        int end = buf.position();
        int padded = start + (int) frameSize(payload.length);
        while (buf.position() < padded) {
            buf.put((byte) 0);
        }
        // the checksum is computed in place (no duplicate view): encode runs once per append, under the log's lock
        int limit = buf.limit();
        crc.reset();
        buf.limit(end).position(start + LENGTH_OFFSET);
        crc.update(buf);
        buf.limit(limit).position(padded);
        buf.putInt(start + CRC_OFFSET, (int) crc.getValue());
    }

    /** CRC-32C of {@code buf[start+4, end)}, the bytes a frame's checksum covers. */
    public static int checksum(ByteBuffer buf, int start, int end, CRC32C crc) {
        crc.reset();
        ByteBuffer view = buf.duplicate();
        view.limit(end).position(start + LENGTH_OFFSET);
        crc.update(view);
        return (int) crc.getValue();
    }

    public static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }
}
