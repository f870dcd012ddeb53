package io.objmeta.wal;

import static java.util.Objects.requireNonNull;

/**
 * One record read back from the log.
 *
 * @param sequence the record's position in the log, assigned at append; contiguous, starting at the log's
 *                 initial sequence
 * @param type     the caller's record type, 1..255
 * @param payload  the caller's bytes (owned by this record; not copied again)
 */
public record WalRecord(long sequence, int type, byte[] payload) {
    public WalRecord {
        requireNonNull(payload, "payload");
        if (type < 1 || type > 255) {
            throw new IllegalArgumentException("type: " + type + " (expected: 1..255)");
        }
    }
}
