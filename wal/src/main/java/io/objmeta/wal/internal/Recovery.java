package io.objmeta.wal.internal;

import io.objmeta.wal.WalCorruptionException;
import io.objmeta.wal.WalInspection;
import io.objmeta.wal.WalProblem;
import io.objmeta.wal.WalRecord;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Opening a log: every segment is scanned; a torn tail of the last segment is zeroed and the log continues;
 * anything else invalid stops the open with {@link WalCorruptionException}. See the package documentation.
 */
public final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private Recovery() {
    }

    /**
     * The log as recovered.
     *
     * @param segments     first sequence to path, in order; never empty
     * @param lastSequence last valid sequence ({@code initialSequence - 1} for an empty log)
     * @param writeOffset  where the next record goes in the last segment
     * @param tornBytesAt  offset of a torn tail that was cut off, or -1
     */
    public record Recovered(TreeMap<Long, Path> segments, long lastSequence, long writeOffset, long tornBytesAt) {
    }

    public static Recovered recover(Path dir, long initialSequence, long segmentSizeBytes) throws IOException {
        deleteLeftovers(dir);
        List<Path> files = SegmentFiles.list(dir);
        if (files.isEmpty()) {
            Path p = SegmentCreator.create(dir, initialSequence, segmentSizeBytes);
            TreeMap<Long, Path> m = new TreeMap<>();
            m.put(initialSequence, p);
            return new Recovered(m, initialSequence - 1, SegmentHeader.SIZE, -1);
        }
        TreeMap<Long, Path> segments = new TreeMap<>();
        long expected = -1;
        LogScan.SegmentResult last = null;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString();
            boolean isLast = i == files.size() - 1;
            LogScan.SegmentResult r = LogScan.scan(f, false, null);
            if (r.firstSequence() < 0) {
                throw new WalCorruptionException(name, 0, r.problems().get(0).reason());
            }
            if (r.firstSequence() != SegmentFiles.parse(name).orElseThrow()) {
                throw new WalCorruptionException(name, 0, "header says first sequence " + r.firstSequence()
                        + " but the file name says " + SegmentFiles.parse(name).orElseThrow());
            }
            if (expected >= 0 && r.firstSequence() != expected) {
                throw new WalCorruptionException(name, 0, "first sequence " + r.firstSequence() + " (expected: "
                        + expected + ", the record after the previous segment's last)");
            }
            for (LogScan.Found p : r.problems()) {
                WalProblem problem = p.toProblem(name, isLast);
                if (problem.kind() == WalProblem.Kind.CORRUPTION) {
                    throw new WalCorruptionException(name, p.offset(), p.reason());
                }
            }
            segments.put(r.firstSequence(), f);
            expected = r.lastSequence() + 1;
            last = r;
        }
        long torn = -1;
        if (!last.problems().isEmpty()) {
            torn = last.end();
            cutTail(segments.lastEntry().getValue(), last.end(), last.fileSize(), last.problems().get(0).reason());
        }
        return new Recovered(segments, last.lastSequence(), last.end(), torn);
    }

    private static void cutTail(Path file, long end, long fileSize, String reason) throws IOException {
        LOG.log(Level.WARNING, "WAL {0}: cutting off a torn tail at offset {1} ({2}); it was never acknowledged",
                file.getFileName(), end, reason);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            SegmentCreator.zeroRange(ch, end, fileSize);
            ch.force(false);
        }
    }

    private static void deleteLeftovers(Path dir) throws IOException {
        boolean deleted = false;
        try (var ds = Files.newDirectoryStream(dir, SegmentFiles.PREALLOCATED_NAME + "*")) {
            for (Path p : ds) {
                Files.delete(p);
                deleted = true;
            }
        }
        if (deleted) {
            SegmentFiles.syncDirectory(dir);
        }
    }

    /** Read-only walk of every segment, continuing past problems. */
    public static WalInspection inspect(Path dir, Consumer<WalRecord> sink) throws IOException {
        List<Path> files = SegmentFiles.list(dir);
        List<WalInspection.Segment> segments = new ArrayList<>();
        List<WalProblem> problems = new ArrayList<>();
        long records = 0;
        long first = 0;
        long lastSeq = 0;
        long expected = -1;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String name = f.getFileName().toString();
            LogScan.SegmentResult r = LogScan.scan(f, true, sink);
            if (r.firstSequence() >= 0 && expected >= 0 && r.firstSequence() != expected) {
                problems.add(new WalProblem(name, 0, WalProblem.Kind.CORRUPTION, "first sequence "
                        + r.firstSequence() + " (expected: " + expected + ")"));
            }
            for (LogScan.Found p : r.problems()) {
                problems.add(p.toProblem(name, i == files.size() - 1));
            }
            segments.add(new WalInspection.Segment(name, r.firstSequence(), r.records(), r.lastSequence(),
                    r.end(), r.fileSize()));
            if (r.records() > 0) {
                first = first == 0 ? r.firstSequence() : first;
                lastSeq = r.lastSequence();
            }
            records += r.records();
            expected = r.firstSequence() >= 0 ? r.lastSequence() + 1 : -1;
        }
        return new WalInspection(segments, records, first, lastSeq, problems);
    }
}
