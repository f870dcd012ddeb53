package io.objmeta.wal.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The segment files of an open log by first sequence; shared by the writer, readers and truncation. */
public final class SegmentSet {
    private final Path dir;
    private final TreeMap<Long, Path> byFirstSequence; // guarded by this

    public SegmentSet(Path dir, TreeMap<Long, Path> initial) {
        this.dir = dir;
        this.byFirstSequence = new TreeMap<>(initial);
    }

    public synchronized void add(long firstSequence, Path path) {
        byFirstSequence.put(firstSequence, path);
    }

    public synchronized Path last() {
        return byFirstSequence.lastEntry().getValue();
    }

    public synchronized long firstSequence() {
        return byFirstSequence.firstKey();
    }

    public synchronized int size() {
        return byFirstSequence.size();
    }

    /** The segments that may hold {@code sequence} or later, in order. */
    public synchronized List<Map.Entry<Long, Path>> from(long sequence) {
        Long start = byFirstSequence.floorKey(sequence);
        return new ArrayList<>((start == null ? byFirstSequence : byFirstSequence.tailMap(start, true)).entrySet());
    }

    /**
     * Deletes every segment all of whose records are at or below {@code sequence}; the last segment always stays.
     * Returns how many were deleted.
     */
    public int deleteUpTo(long sequence) throws IOException {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            while (byFirstSequence.size() > 1) {
                Long second = byFirstSequence.higherKey(byFirstSequence.firstKey());
                if (second - 1 > sequence) {
                    break;
                }
                doomed.add(byFirstSequence.pollFirstEntry().getValue());
            }
        }
        for (Path p : doomed) {
            Files.deleteIfExists(p);
        }
        if (!doomed.isEmpty()) {
            SegmentFiles.syncDirectory(dir);
        }
        return doomed.size();
    }
}
