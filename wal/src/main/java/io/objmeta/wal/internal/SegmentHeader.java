package io.objmeta.wal.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The 32-byte header at offset 0 of every segment, little-endian:
 *
 * <pre>
 *  0                               8               12              16                              24      28      32
 *  +-------------------------------+---------------+---------------+-------------------------------+-------+-------+
 *  | magic "OBJMWAL\n"             | version (1)   | header size   | first sequence                | crc32c| 0     |
 *  +-------------------------------+---------------+---------------+-------------------------------+-------+-------+
 * </pre>
 *
 * The CRC-32C covers bytes 0..24.
 */
public final class SegmentHeader {
    public static final int SIZE = 32;
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'O', 'B', 'J', 'M', 'W', 'A', 'L', '\n'};

    private SegmentHeader() {
    }

    public static ByteBuffer encode(long firstSequence) {
        ByteBuffer buf = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(FORMAT_VERSION).putInt(SIZE).putLong(firstSequence);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, 24);
        buf.putInt((int) crc.getValue()).putInt(0);
        return buf.flip();
    }

    /**
     * Decodes a header and returns its first sequence.
     *
     * @throws IllegalStateException with the reason when the header is not valid
     */
    public static long decode(ByteBuffer buf) {
        if (buf.remaining() < SIZE) {
            throw new IllegalStateException("segment shorter than its " + SIZE + "-byte header");
        }
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = b.position();
        for (int i = 0; i < MAGIC.length; i++) {
            if (b.get(base + i) != MAGIC[i]) {
                throw new IllegalStateException("bad magic (not an objmeta WAL segment)");
            }
        }
        CRC32C crc = new CRC32C();
        ByteBuffer covered = b.duplicate();
        covered.position(base).limit(base + 24);
        crc.update(covered);
        if ((int) crc.getValue() != b.getInt(base + 24)) {
            throw new IllegalStateException("segment header checksum mismatch");
        }
        int version = b.getInt(base + 8);
        if (version != FORMAT_VERSION) {
            throw new IllegalStateException("segment format version " + version + " (expected: " + FORMAT_VERSION
                    + ")");
        }
        return b.getLong(base + 16);
    }
}
