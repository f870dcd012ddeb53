package io.objmeta.wal;

import static java.util.Objects.requireNonNull;

/**
 * One problem found by {@link Wal#inspect}.
 *
 * @param segment file name of the segment
 * @param offset  byte offset of the invalid data within the segment
 * @param kind    whether recovery would cut it off or refuse to open
 * @param reason  what is wrong
 */
public record WalProblem(String segment, long offset, Kind kind, String reason) {
    public enum Kind {
        /** Invalid data at the end of the last segment with nothing valid after it: recovery cuts it off. */
        TORN_TAIL,
        /** Anything else: opening the log fails with {@link WalCorruptionException}. */
        CORRUPTION
    }

    public WalProblem {
        requireNonNull(segment, "segment");
        requireNonNull(kind, "kind");
        requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return kind + " " + segment + "@" + offset + ": " + reason;
    }
}
