/**
 * A general write-ahead log: segmented, checksummed, group-committed, in the spirit of etcd's {@code wal} and
 * LevelDB's log. No dependency on the rest of objmeta.
 *
 * <h2>Directory</h2>
 * <pre>
 * wal/
 *   00000000000000000001.wal     segment whose first record has sequence 1
 *   00000000000000004097.wal     the next one (names are the first sequence, 20 decimal digits, so they sort)
 *   next.wal.tmp                 the next segment, being zero-filled in the background (deleted at open)
 *   wal.lock                     held (flock) by the process that has the log open
 * </pre>
 * Segments are preallocated to {@link io.objmeta.wal.WalOptions#segmentSizeBytes()} with zeros, so appends never
 * change the file size and {@code fdatasync} has no metadata to write. A segment is created under a temporary name,
 * given its header, fsynced, renamed into place, and then the directory is fsynced; deleting segments (prefix
 * truncation) also fsyncs the directory.
 *
 * <h2>Segment layout (little-endian)</h2>
 * <pre>
 * offset 0                                                        32
 *        +--------------------------------------------------------+
 *        | magic "OBJMWAL\n" | version u32 | header size u32 (32)   |
 *        | first sequence u64 | crc32c u32 of bytes 0..24 | 0 u32   |
 *        +--------------------------------------------------------+
 *     32 | record | record | ... | zeros (preallocated, unwritten) |
 *        +--------------------------------------------------------+
 *
 * record, at an 8-byte aligned offset:
 *  0        4        8                 16     17         20
 *  +--------+--------+-----------------+------+----------+----------------------+-----------+
 *  | crc32c | length | sequence u64    | type | reserved | payload (length B)   | 0-padding |
 *  +--------+--------+-----------------+------+----------+----------------------+-----------+
 *  crc32c (Castagnoli) covers bytes 4 .. 20+length; padding to the next multiple of 8 is not covered.
 * </pre>
 * Worked example: a segment starting at sequence 1 holding the payloads {@code "abc"} (type 1) and 13 bytes
 * (type 2). The header occupies 0..32. Record 1 starts at 32: length 3, sequence 1, type 1; its frame is
 * 20 + 3 = 23 bytes, padded to 24, so record 2 starts at 56: 20 + 13 = 33 bytes, padded to 40, ending at 96.
 * The 20 bytes at 96 are zeros: the end of the log. Type 0 is never written, so a zero header is never a record.
 * A record is never split across segments: when it does not fit, the writer fsyncs the segment and rolls.
 *
 * <h2>Appending and durability</h2>
 * Appenders frame their record into a shared buffer (the sequence is assigned here, in call order) and get a
 * future. One flusher thread takes the whole buffer, writes it with one {@code write}, runs one
 * {@code fdatasync} and then completes every future in it: records that arrive while a sync runs form the next
 * group (group commit). {@link io.objmeta.wal.SyncMode} decides when a future completes: after the sync
 * ({@code SYNC}), or after the write with a sync every interval ({@code INTERVAL}) or never ({@code NONE}).
 * When the buffer holds {@link io.objmeta.wal.WalOptions#maxPendingBytes()}, appenders wait (back-pressure).
 * An I/O error fails every pending future and the log accepts nothing more: after a failed fsync the page
 * cache cannot be trusted, so the process must reopen (and recover) the log.
 *
 * <p>Completing a group's futures is shared out. Completing a future that a thread waits on wakes that thread
 * (a futex call), and on a small machine the woken thread tends to preempt the waker: one thread waking a
 * group of 64 waiters in turn is switched out at nearly every wake-up and becomes the bottleneck. So the
 * flusher hands each durable group to a waker thread, which completes only its first four futures (a group of
 * one the flusher completes itself), and goes straight on to the next write and sync; every append, once its
 * own record is framed, completes two more futures of the last durable group. The wake-ups spread as a tree
 * over the woken appenders and over every core, each paid for just before the appender parks anyway. Whatever
 * no appender took, the flusher completes before it waits for records or publishes the next group (and on
 * close, before it ends). Every future of a group is durable before the first one completes; they complete in
 * no particular order, on one of the log's threads or an appender's, so dependent actions must be short and
 * must not wait for the log.
 *
 * <h2>Recovery ({@link io.objmeta.wal.Wal#open})</h2>
 * Every segment is scanned from its header. A valid record has a correct checksum, type 1..255, zero reserved
 * bytes, a length that fits the segment and the next expected sequence. Where the valid records of a segment
 * end, the rest of the segment is searched for any frame with a valid checksum:
 * <ul>
 *   <li>In the <b>last</b> segment, an invalid record (or non-zero bytes after the last record) with nothing
 *       valid after it is a <b>torn write</b>: it was never acknowledged, because acknowledgement waits for the
 *       fdatasync that covers it. It is zeroed (only the non-zero chunks are written), synced, and the log
 *       continues from there. Zeroing matters: stale frames left beyond the end could otherwise be taken for
 *       records after a later crash.</li>
 *   <li>An invalid record <b>followed by a valid one</b>, an invalid record in any <b>earlier</b> segment (rolling
 *       fsyncs a segment before the next exists, so earlier segments are never torn), a bad segment header, or
 *       a gap in sequences between segments is <b>corruption</b>: {@link io.objmeta.wal.WalCorruptionException}
 *       names the segment, the offset and the reason, and nothing is skipped silently.</li>
 * </ul>
 * {@link io.objmeta.wal.Wal#inspect} applies the same rules without writing anything, reports every problem
 * (torn tail or corruption) and resynchronises on the next valid frame to continue: the basis of the offline
 * {@code metasnap wal verify|dump} commands.
 *
 * <h2>Reading and truncation</h2>
 * {@link io.objmeta.wal.Wal#reader(long)} reads from any retained sequence up to the last record written when the
 * reader was made. {@link io.objmeta.wal.Wal#truncatePrefix(long)} deletes whole segments whose every record is
 * at or below a sequence (a checkpoint made them unnecessary); the active segment always stays.
 */
package io.objmeta.wal;
