package io.objmeta.wal;

import java.util.List;

/**
 * The result of {@link Wal#inspect}: what is on disk, read-only, continuing past every problem.
 *
 * @param segments      each segment file in sequence order
 * @param records       valid records found
 * @param firstSequence first valid sequence, or 0 when there is none
 * @param lastSequence  last valid sequence, or 0 when there is none
 * @param problems      every problem, in file order; empty for a clean log
 */
public record WalInspection(List<Segment> segments, long records, long firstSequence, long lastSequence,
                            List<WalProblem> problems) {
    public WalInspection {
        segments = List.copyOf(segments);
        problems = List.copyOf(problems);
    }

    /**
     * One segment file.
     *
     * @param name          file name
     * @param firstSequence sequence in the segment header
     * @param records       valid records in it
     * @param lastSequence  last valid sequence in it, or {@code firstSequence - 1} when empty
     * @param usedBytes     end of the last valid record
     * @param fileBytes     file size (segments are preallocated, so this is mostly zeros at the tail)
     */
    public record Segment(String name, long firstSequence, long records, long lastSequence, long usedBytes,
                          long fileBytes) {
    }

    /** True when recovery would open this log (torn tails are fine, corruption is not). */
    public boolean recoverable() {
        return problems.stream().noneMatch(p -> p.kind() == WalProblem.Kind.CORRUPTION);
    }
}
