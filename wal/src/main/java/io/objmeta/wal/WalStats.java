package io.objmeta.wal;

/**
 * Counters since the log was opened.
 *
 * @param appends      records appended
 * @param fsyncs       fdatasync calls on segment files (group commit makes this much smaller than appends)
 * @param bytesWritten framed bytes written to segment files
 * @param segments     segment files currently on disk
 * @param firstSequence first retained sequence
 * @param lastSequence  last assigned sequence (may not be durable yet)
 * @param durableSequence last sequence whose future completed
 */
public record WalStats(long appends, long fsyncs, long bytesWritten, int segments,
                       long firstSequence, long lastSequence, long durableSequence) {
}
