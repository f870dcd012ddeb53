package io.objmeta.wal;

import java.io.IOException;

/**
 * The log holds an invalid record that is not a torn tail: an invalid record followed by valid data, or any
 * invalid record in a segment that is not the last. Opening stops; nothing is skipped silently.
 */
public final class WalCorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String segment;
    private final long offset;
    private final String reason;

    public WalCorruptionException(String segment, long offset, String reason) {
        super("WAL corruption in segment " + segment + " at offset " + offset + ": " + reason
                + " (run `metasnap wal verify <dir>` to see every problem, or restore from a snapshot)");
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    /** File name of the damaged segment. */
    public String segment() {
        return segment;
    }

    /** Byte offset of the first invalid record within the segment. */
    public long offset() {
        return offset;
    }

    /** What is wrong there, e.g. {@code "checksum mismatch"}. */
    public String reason() {
        return reason;
    }
}
