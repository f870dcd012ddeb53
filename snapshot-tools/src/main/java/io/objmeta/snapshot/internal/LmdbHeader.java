package io.objmeta.snapshot.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two meta pages at the start of an LMDB {@code data.mdb}, read with plain file reads before LMDB maps the
 * file. LMDB trusts its file: a page past the end of a truncated file faults the process (SIGBUS), so a file
 * shorter than its newest meta page says is refused here, with a message, instead.
 *
 * <pre>
 * page 0 and page 1 (at pageSize), 64-bit little-endian build:
 * offset 0   page header: pgno u64, pad u16, flags u16 (0x08 = meta), lower/upper u16 x2
 *        16  magic u32 = 0xBEEFC0DE | 20 version u32 = 1 | 24 address u64 | 32 mapsize u64
 *        40  free DB record (48 bytes; its first u32 is the page size) | 88 main DB record (48 bytes)
 *        136 last page number u64 | 144 transaction id u64
 * </pre>
 * The valid meta page with the larger transaction id is the current one.
 *
 * @param pageSize       bytes per page
 * @param lastPageNumber last page in use
 * @param txnId          last committed transaction
 * @param mapSizeBytes   map size recorded in the file
 */
public record LmdbHeader(int pageSize, long lastPageNumber, long txnId, long mapSizeBytes) {
    private static final int MAGIC = 0xBEEFC0DE;
    private static final int META_BYTES = 152;

    /** Bytes the file must have at least. */
    public long requiredBytes() {
        return (lastPageNumber + 1) * pageSize;
    }

    /** Reads the current meta page; {@link ToolException#damaged} when there is none or the file is too short. */
    public static LmdbHeader check(Path dataFile) throws IOException {
        try (FileChannel ch = FileChannel.open(dataFile, StandardOpenOption.READ)) {
            long size = ch.size();
            LmdbHeader first = read(ch, 0);
            if (first == null) {
                throw ToolException.damaged(dataFile + ": not an LMDB file (no valid meta page at offset 0; "
                        + size + " bytes)");
            }
            LmdbHeader second = read(ch, first.pageSize());
            LmdbHeader current = second != null && second.txnId() > first.txnId() ? second : first;
            if (size < current.requiredBytes()) {
                throw ToolException.damaged(dataFile + ": " + size + " bytes, but its meta page (transaction "
                        + current.txnId() + ") uses pages up to " + current.lastPageNumber() + " of "
                        + current.pageSize() + " bytes = " + current.requiredBytes() + " bytes: the file is truncated");
            }
            return current;
        }
    }

    private static LmdbHeader read(FileChannel ch, long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(META_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                return null;
            }
        }
        if (b.getInt(16) != MAGIC || b.getInt(20) != 1) {
            return null;
        }
        int pageSize = b.getInt(40);
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            return null;
        }
        return new LmdbHeader(pageSize, b.getLong(136), b.getLong(144), b.getLong(32));
    }
}
