package io.objmeta.wal;

import static java.util.Objects.requireNonNull;

import io.objmeta.wal.internal.RecordFormat;
import io.objmeta.wal.internal.SegmentHeader;

/**
 * How a log is written. Every option has a default that works on a laptop; see {@link #builder()}.
 *
 * @param syncMode            when an append is durable (default {@link SyncMode#SYNC})
 * @param syncIntervalMillis  sync period in {@link SyncMode#INTERVAL} mode (default 10)
 * @param segmentSizeBytes    preallocated size of each segment file (default 64 MiB)
 * @param maxRecordBytes      largest payload accepted by append (default 16 MiB, or less when a segment is
 *                            smaller)
 * @param initialSequence     sequence of the first record of a log created empty (default 1); ignored when the
 *                            directory already holds segments
 * @param maxPendingBytes     framed bytes waiting for the writer before append blocks (default 64 MiB):
 *                            back-pressure instead of an unbounded heap
 */
public record WalOptions(SyncMode syncMode, long syncIntervalMillis, long segmentSizeBytes, int maxRecordBytes,
                         long initialSequence, long maxPendingBytes) {

    public static final long DEFAULT_SEGMENT_SIZE_BYTES = 64L << 20;
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;

    public WalOptions {
        requireNonNull(syncMode, "syncMode");
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("syncIntervalMillis: " + syncIntervalMillis + " (expected: >= 1)");
        }
        long minSegment = SegmentHeader.SIZE + RecordFormat.HEADER_SIZE + 8;
        if (segmentSizeBytes < minSegment || segmentSizeBytes % 8 != 0) {
            throw new IllegalArgumentException("segmentSizeBytes: " + segmentSizeBytes
                    + " (expected: a multiple of 8, >= " + minSegment + ")");
        }
        long maxFit = segmentSizeBytes - SegmentHeader.SIZE - RecordFormat.HEADER_SIZE;
        if (maxRecordBytes < 0 || maxRecordBytes > maxFit) {
            throw new IllegalArgumentException("maxRecordBytes: " + maxRecordBytes
                    + " (expected: 0.." + maxFit + ", so one record fits in a segment of " + segmentSizeBytes
                    + " bytes)");
        }
        if (initialSequence < 1) {
            throw new IllegalArgumentException("initialSequence: " + initialSequence + " (expected: >= 1)");
        }
        if (maxPendingBytes < RecordFormat.frameSize(maxRecordBytes)) {
            throw new IllegalArgumentException("maxPendingBytes: " + maxPendingBytes
                    + " (expected: >= one framed record of maxRecordBytes, " + RecordFormat.frameSize(maxRecordBytes)
                    + ")");
        }
    }

    public static WalOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().syncMode(syncMode).syncIntervalMillis(syncIntervalMillis)
                .segmentSizeBytes(segmentSizeBytes).maxRecordBytes(maxRecordBytes)
                .initialSequence(initialSequence).maxPendingBytes(maxPendingBytes);
    }

    /** Builder; {@link #build()} validates the combination. */
    public static final class Builder {
        private SyncMode syncMode = SyncMode.SYNC;
        private long syncIntervalMillis = 10;
        private long segmentSizeBytes = DEFAULT_SEGMENT_SIZE_BYTES;
        private int maxRecordBytes = -1; // -1: the default, capped to what fits in a segment
        private long initialSequence = 1;
        private long maxPendingBytes = 64L << 20;

        private Builder() {
        }

        public Builder syncMode(SyncMode syncMode) {
            this.syncMode = requireNonNull(syncMode, "syncMode");
            return this;
        }

        public Builder syncIntervalMillis(long syncIntervalMillis) {
            this.syncIntervalMillis = syncIntervalMillis;
            return this;
        }

        public Builder segmentSizeBytes(long segmentSizeBytes) {
            this.segmentSizeBytes = segmentSizeBytes;
            return this;
        }

        public Builder maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        public Builder initialSequence(long initialSequence) {
            this.initialSequence = initialSequence;
            return this;
        }

        public Builder maxPendingBytes(long maxPendingBytes) {
            this.maxPendingBytes = maxPendingBytes;
            return this;
        }

        public WalOptions build() {
            int maxRecord = maxRecordBytes >= 0 ? maxRecordBytes : (int) Math.min(DEFAULT_MAX_RECORD_BYTES,
                    Math.max(0, segmentSizeBytes - SegmentHeader.SIZE - RecordFormat.HEADER_SIZE));
            return new WalOptions(syncMode, syncIntervalMillis, segmentSizeBytes, maxRecord, initialSequence,
                    maxPendingBytes);
        }
    }
}
