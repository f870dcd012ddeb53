package io.objmeta.wal;

import io.objmeta.wal.internal.SegmentHeader;
import io.objmeta.wal.internal.SegmentScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads records in sequence order from a start sequence up to the last record written when the reader was
 * created. Not thread-safe; close it to release the open segment. Problems surface as
 * {@link UncheckedIOException} wrapping {@link WalCorruptionException}.
 */
public final class WalReader implements Iterator<WalRecord>, AutoCloseable {
    private final List<Map.Entry<Long, Path>> segments;
    private final long endSequence;
    private final long skipBelow; // the start sequence: records before it in its segment are skipped
    private int segmentIndex = -1;
    private SegmentScanner scanner;
    private long offset;
    private long nextSequence;
    private WalRecord next;

    WalReader(List<Map.Entry<Long, Path>> segments, long fromSequence, long endSequence) {
        this.segments = segments;
        this.endSequence = endSequence;
        this.nextSequence = segments.isEmpty() ? fromSequence : segments.get(0).getKey();
        this.skipBelow = fromSequence;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = advance();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public WalRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no record after sequence " + (nextSequence - 1));
        }
        WalRecord r = next;
        next = null;
        return r;
    }

    private WalRecord advance() throws IOException {
        while (nextSequence <= endSequence) {
            if (scanner == null) {
                openNextSegment();
            }
            SegmentScanner.Status st = scanner.read(offset, nextSequence);
            if (st == SegmentScanner.Status.VALID) {
                offset = scanner.next();
                long seq = nextSequence++;
                if (seq >= skipBelow) {
                    return new WalRecord(seq, scanner.type(), scanner.payload());
                }
                continue;
            }
            if (st == SegmentScanner.Status.INVALID) {
                throw new WalCorruptionException(name(), offset, scanner.reason());
            }
            scanner.close();
            scanner = null; // end of this segment
        }
        return null;
    }

    private void openNextSegment() throws IOException {
        if (++segmentIndex >= segments.size()) {
            throw new WalCorruptionException(segments.isEmpty() ? "(none)" : name(segmentIndex - 1), offset,
                    "log ends at sequence " + (nextSequence - 1) + " before the expected " + endSequence);
        }
        Map.Entry<Long, Path> e = segments.get(segmentIndex);
        if (e.getKey() != nextSequence) {
            throw new WalCorruptionException(name(segmentIndex), 0, "first sequence " + e.getKey()
                    + " (expected: " + nextSequence + ")");
        }
        scanner = new SegmentScanner(e.getValue());
        scanner.readHeader();
        offset = SegmentHeader.SIZE;
    }

    private String name() {
        return name(segmentIndex);
    }

    private String name(int i) {
        return segments.get(i).getValue().getFileName().toString();
    }

    @Override
    public void close() {
        if (scanner != null) {
            try {
                scanner.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            scanner = null;
        }
    }
}
