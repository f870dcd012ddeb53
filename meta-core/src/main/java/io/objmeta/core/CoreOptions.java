package io.objmeta.core;

import io.objmeta.api.Limits;

/**
 * Options of the state machine. Every option has a default that works on a laptop; see {@link #builder()}.
 *
 * @param initialMapSizeBytes        LMDB map size at open (default 256 MiB); it doubles whenever it fills up
 * @param metaSync                   fsync LMDB's meta page on every commit (default false: {@code MDB_NOMETASYNC},
 *                                   safe because the applied log position is committed with the data)
 * @param changeRetentionRevisions   revisions of change feed kept for Watch (default 100,000); older ones are
 *                                   "compacted"
 * @param requestIdRetentionMillis   how long a requestId's result is remembered for exactly-once retries
 *                                   (default 15 minutes), measured on the commands' own clock
 * @param minPartSizeBytes           smallest size of every multipart part but the last (default 5 MiB, S3's)
 * @param maxReaders                 concurrent LMDB read transactions (default 512)
 * @param commitIntervalMillis       how often applied writes are committed to LMDB by a background thread (default
 *                                   0: every apply commits before it returns). Above 0, an apply returns once its
 *                                   writes are in the in-memory overlay, visible to every read; LMDB catches up in
 *                                   large commits. Only safe when a log holds every applied write until
 *                                   {@link MetaCore#checkpoint()} says LMDB has it (the embedded store's WAL).
 * @param maxUncommittedBytes        heap the overlay may hold before an apply commits to LMDB itself
 *                                   (back-pressure; default 256 MiB)
 */
public record CoreOptions(long initialMapSizeBytes, boolean metaSync, long changeRetentionRevisions,
                          long requestIdRetentionMillis, long minPartSizeBytes, int maxReaders,
                          long commitIntervalMillis, long maxUncommittedBytes) {
    public CoreOptions {
        if (commitIntervalMillis < 0) {
            throw new IllegalArgumentException("commitIntervalMillis: " + commitIntervalMillis + " (expected: >= 0)");
        }
        if (maxUncommittedBytes < (1L << 20)) {
            throw new IllegalArgumentException("maxUncommittedBytes: " + maxUncommittedBytes
                    + " (expected: >= 1048576)");
        }
        if (initialMapSizeBytes < (1L << 20)) {
            throw new IllegalArgumentException("initialMapSizeBytes: " + initialMapSizeBytes
                    + " (expected: >= 1048576)");
        }
        if (changeRetentionRevisions < 1) {
            throw new IllegalArgumentException("changeRetentionRevisions: " + changeRetentionRevisions
                    + " (expected: >= 1)");
        }
        if (requestIdRetentionMillis < 0) {
            throw new IllegalArgumentException("requestIdRetentionMillis: " + requestIdRetentionMillis
                    + " (expected: >= 0)");
        }
        if (minPartSizeBytes < 0) {
            throw new IllegalArgumentException("minPartSizeBytes: " + minPartSizeBytes + " (expected: >= 0)");
        }
        if (maxReaders < 1) {
            throw new IllegalArgumentException("maxReaders: " + maxReaders + " (expected: >= 1)");
        }
    }

    public static CoreOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().initialMapSizeBytes(initialMapSizeBytes).metaSync(metaSync)
                .changeRetentionRevisions(changeRetentionRevisions).requestIdRetentionMillis(requestIdRetentionMillis)
                .minPartSizeBytes(minPartSizeBytes).maxReaders(maxReaders).commitIntervalMillis(commitIntervalMillis)
                .maxUncommittedBytes(maxUncommittedBytes);
    }

    public static final class Builder {
        private long initialMapSizeBytes = 256L << 20;
        private boolean metaSync;
        private long changeRetentionRevisions = 100_000;
        private long requestIdRetentionMillis = 15 * 60 * 1000;
        private long minPartSizeBytes = Limits.DEFAULT_MIN_PART_SIZE_BYTES;
        private int maxReaders = 512;
        private long commitIntervalMillis;
        private long maxUncommittedBytes = 256L << 20;

        private Builder() {
        }

        public Builder initialMapSizeBytes(long v) {
            this.initialMapSizeBytes = v;
            return this;
        }

        public Builder metaSync(boolean v) {
            this.metaSync = v;
            return this;
        }

        public Builder changeRetentionRevisions(long v) {
            this.changeRetentionRevisions = v;
            return this;
        }

        public Builder requestIdRetentionMillis(long v) {
            this.requestIdRetentionMillis = v;
            return this;
        }

        public Builder minPartSizeBytes(long v) {
            this.minPartSizeBytes = v;
            return this;
        }

        public Builder maxReaders(int v) {
            this.maxReaders = v;
            return this;
        }

        public Builder commitIntervalMillis(long v) {
            this.commitIntervalMillis = v;
            return this;
        }

        public Builder maxUncommittedBytes(long v) {
            this.maxUncommittedBytes = v;
            return this;
        }

        public CoreOptions build() {
            return new CoreOptions(initialMapSizeBytes, metaSync, changeRetentionRevisions, requestIdRetentionMillis,
                    minPartSizeBytes, maxReaders, commitIntervalMillis, maxUncommittedBytes);
        }
    }
}
