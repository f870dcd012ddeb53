/**
 * The metadata state machine: every rule of DESIGN.md's "Data model and semantics", implemented once,
 * deterministically, over LMDB. {@link io.objmeta.core.MetaCore} applies batches of
 * {@link io.objmeta.api.proto.Command}s and serves reads concurrently; the embedded store feeds it from its WAL
 * and the server from Raft.
 *
 * <h2>Determinism</h2>
 * Apply reads no clock and no randomness. Time is the command's leader-stamped {@code timestampMillis};
 * revisions come from a counter in the store; versionIds and uploadIds are derived from revisions
 * ({@link io.objmeta.api.Ids}); maps are written in sorted order. The same commands give the same bytes on every
 * replica ({@link io.objmeta.core.MetaCore#canonicalDigest()} compares them).
 *
 * <h2>Revisions</h2>
 * Each command that changes state gets the next revision; a Txn gets one for all its operations. A command that
 * fails (condition, missing bucket, quota...) or changes nothing (DELETE of an absent key in an unversioned
 * bucket) consumes none. {@code AckGarbage} is housekeeping: it consumes none and emits no change. A bucket's
 * own {@code revision} moves only when its configuration changes (versioning, quota, labels), never with usage,
 * so a CAS on a bucket's configuration is not defeated by object writes.
 *
 * <h2>LMDB layout</h2>
 * <pre>
 * database       key                                              value
 * ─────────────  ───────────────────────────────────────────────  ─────────────────────────────────────────
 * meta           "format" | "revision" | "appliedIndex" | "appliedTerm" |          u64 (big-endian)
 *                "compactedRevision" | "garbageAcked" | "requestsPrunedBelow"
 * buckets        bucket name (UTF-8)                              Bucket
 * versions  (T)  bid(8) · enc(key) · ~revision(8)                 ObjectVersion (versions and delete markers)
 * uploads   (T)  bid(8) · enc(key) · revision(8)                  Upload (in progress)
 * uploadIds      bid(8) · uploadRevision(8)                       key (UTF-8): finds an upload from its id
 * parts          bid(8) · uploadRevision(8) · partNumber(4)       Part
 * garbage        revision(8) · index(4)                           GarbageItem
 * changes        revision(8) · index(4)                           Change (the change feed)
 * requests       clientId · 0x00 · sequence(8)                    timestamp(8) · CommandResult
 * requestExpiry  timestamp(8) · clientId · 0x00 · sequence(8)     (empty)
 * overflow       groupId(8) · chunk                               chunks of long keys of the (T) tables
 * </pre>
 * {@code bid} is the bucket's create revision, so a re-created bucket never sees its predecessor's rows.
 * {@code enc(key)} escapes {@code 0x00} as {@code 00 FF} and ends with {@code 00 01}: byte order of encodings is
 * UTF-8 byte order of keys whatever follows, a key sorts before its extensions, and keys with {@code 0x00} work.
 * {@code ~revision} sorts a key's versions newest first, so the latest version is one seek away. All integers
 * are big-endian so they sort numerically.
 *
 * <p><b>(T) Long keys.</b> LMDB keys stop at 511 bytes and object keys reach 1024 UTF-8 bytes (2050 encoded), so
 * the versions and uploads tables are {@code Table}s: a key shorter than 480 bytes is stored as is; a longer one
 * under a 480-byte group node whose value is a group id, its rest in {@code overflow} under that id, recursively.
 * Order stays exact (see {@code Table}); the usual short key costs one LMDB operation.
 *
 * <h2>Listing</h2>
 * ListObjects walks {@code versions} from {@code bid · esc(prefix)}. The cursor stands on the newest row of each
 * key (one {@code next}, or one seek past a key's older versions); a delete marker as latest hides the key; a
 * key containing the delimiter after the prefix yields its common prefix, then one seek jumps past everything
 * under it. A page therefore costs O(page) cursor steps however many keys lie under its common prefixes.
 * Continuation tokens are {@code base64url(1, kind, last item)}, kind = key or common prefix.
 *
 * <h2>Durability</h2>
 * LMDB runs without {@code MDB_NOSYNC}, {@code MDB_MAPASYNC} or {@code MDB_WRITEMAP}; {@code MDB_NOMETASYNC} is
 * on by default, safe because the applied log position is committed in the same transaction as the data and the
 * log is replayed after it. The map starts at {@link io.objmeta.core.CoreOptions#initialMapSizeBytes()} and doubles
 * when full (the commit is retried).
 *
 * <h2>The overlay: applied before committed</h2>
 * Apply never writes LMDB directly. It writes into an in-memory overlay (per database a concurrent sorted map of
 * key to versions, newest first, each stamped with the apply's sequence; a deletion is a tombstone) on top of an
 * LMDB read transaction. The maps come in generations, like an LSM tree's memtables: a commit freezes the active
 * generation between two applies (an empty one takes the next applies) and copies the newest version of every key
 * in it into one LMDB write transaction, with the applied index and revision that travel in {@code meta} like any
 * other row. A read opens an LMDB transaction, then takes the sequence of the last finished apply, and sees per key
 * the newest overlay version at or below it (newest generation first), else LMDB: whole applies, in order,
 * whatever LMDB has committed yet. A committed generation is dropped whole once no reader whose LMDB snapshot
 * predates its commit is still running (readers count themselves in the epoch of the commit they started after);
 * a read that finds no generation with a version it can see reads LMDB alone. Each generation keeps, per database,
 * a Bloom filter of the keys it wrote (of their <i>group</i> in {@code versions}: the row key less its 8-byte
 * revision), so a point lookup, and a put's lookup of a key's newest version, skip the generations that never wrote
 * that key instead of descending their skip lists; most lookups of a put are of keys no generation holds.
 *
 * <p>Read transactions are recycled (reset, then renewed for the next read), and so are the cursors opened in
 * them: one per database, renewed with {@code mdb_cursor_renew}. A point read takes its bucket's id (create
 * revision) from a map kept in memory, valid while no apply has created or deleted a bucket since it was filled
 * (the sequence of the last such apply is published before the apply itself; a read view older than it reads the
 * bucket row).
 *
 * <p>{@link io.objmeta.core.CoreOptions#commitIntervalMillis()} 0 (the core's default) commits before every apply
 * returns: LMDB always holds everything applied. Above 0 (the embedded store and the
 * replicated server, 100 ms by default) a background thread commits, so LMDB's fsync and its copy-on-write page writes leave the write path and a
 * commit carries thousands of writes; the WAL holds every applied record until {@link
 * io.objmeta.core.MetaCore#checkpoint()} has committed and synced LMDB past it, and after a crash the records after
 * LMDB's applied index are replayed. Counts and verification commit first and read LMDB alone.
 */
package io.objmeta.core;
