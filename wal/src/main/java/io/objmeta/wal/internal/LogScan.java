package io.objmeta.wal.internal;

import io.objmeta.wal.WalProblem;
import io.objmeta.wal.WalRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks one segment and classifies where its valid records end. Recovery stops at the first problem; inspection
 * resynchronises on the next valid frame and goes on, so both share one definition of "valid".
 */
public final class LogScan {
    private LogScan() {
    }

    /**
     * What one segment holds.
     *
     * @param firstSequence sequence from the header (-1 when the header is invalid)
     * @param records       valid records read
     * @param lastSequence  last valid sequence, {@code firstSequence - 1} when none
     * @param end           offset just past the last valid record of the first valid run
     * @param fileSize      size of the file
     * @param problems      problems found; {@link Found#tailCandidate} marks ones with nothing valid after them
     */
    public record SegmentResult(long firstSequence, long records, long lastSequence, long end, long fileSize,
                                List<Found> problems) {
    }

    /** A problem before its kind is known: whether it is a torn tail depends on the segment being the last. */
    public record Found(long offset, String reason, boolean tailCandidate) {
        public WalProblem toProblem(String segment, boolean lastSegment) {
            boolean torn = tailCandidate && lastSegment;
            return new WalProblem(segment, offset, torn ? WalProblem.Kind.TORN_TAIL : WalProblem.Kind.CORRUPTION,
                    reason);
        }
    }

    /**
     * Scans a segment.
     *
     * @param resync keep going after a problem (inspection) instead of stopping at the first one (recovery)
     * @param sink   receives every valid record, or null when payloads are not needed
     */
    public static SegmentResult scan(Path file, boolean resync, Consumer<WalRecord> sink) throws IOException {
        List<Found> problems = new ArrayList<>();
        try (SegmentScanner s = new SegmentScanner(file)) {
            long first;
            try {
                first = s.readHeader();
            } catch (IllegalStateException e) {
                problems.add(new Found(0, e.getMessage(), false));
                return new SegmentResult(-1, 0, -2, 0, s.fileSize(), problems);
            }
            long offset = SegmentHeader.SIZE;
            long seq = first;
            long records = 0;
            long end = -1;
            while (true) {
                SegmentScanner.Status st = s.read(offset, seq);
                if (st == SegmentScanner.Status.VALID) {
                    if (sink != null) {
                        sink.accept(new WalRecord(seq, s.type(), s.payload()));
                    }
                    records++;
                    seq++;
                    offset = s.next();
                    continue;
                }
                String reason = st == SegmentScanner.Status.INVALID ? s.reason() : null;
                if (end < 0) {
                    end = offset;
                }
                long valid = s.findValid(offset + RecordFormat.ALIGNMENT);
                if (valid < 0) {
                    if (reason != null) {
                        problems.add(new Found(offset, reason, true));
                    } else if (!s.zeroFrom(offset)) {
                        problems.add(new Found(offset, "non-zero bytes after the last record", true));
                    }
                    break;
                }
                s.read(valid, -1);
                long found = s.sequence();
                problems.add(new Found(offset, (reason == null ? "zeroed gap" : reason)
                        + ", followed by a valid record (sequence " + found + ") at offset " + valid, false));
                if (!resync) {
                    break;
                }
                offset = valid;
                seq = found;
            }
            return new SegmentResult(first, records, seq - 1, end, s.fileSize(), problems);
        }
    }
}
