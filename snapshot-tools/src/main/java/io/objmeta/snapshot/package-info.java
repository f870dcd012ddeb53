/**
 * {@code metasnap}: offline inspection of objmeta's on-disk state. {@link io.objmeta.snapshot.MetaSnap} is the
 * command line ({@code bin/metasnap}); everything else is internal.
 *
 * <h2>Inputs, and how their kind is detected</h2>
 * <pre>
 * kind       what PATH holds                                   state read from
 * ─────────  ────────────────────────────────────────────────  ─────────────────────
 * snapshot   manifest.json + data.mdb                          data.mdb
 * embedded   lmdb/ (+ wal/)                                    lmdb/data.mdb; wal/ for `wal` and `verify`
 * server     lmdb/ + raft/ (or snapshots/)                     lmdb/data.mdb; snapshots listed by `info`
 * lmdb       data.mdb alone (e.g. a node's lmdb/)              data.mdb
 * </pre>
 * A server node directory is what {@code meta-server} writes: {@code lmdb/} (the state; its {@code meta} database
 * holds the applied Raft index and term with the data), {@code raft/<group>/current/} (the Ratis log, not decoded
 * by this version: {@code wal dump} says so) and {@code raft/<group>/sm/snapshot.<term>_<index>/} (snapshots, each
 * {@code manifest.json + data.mdb}).
 *
 * <h2>Never writing to the input</h2>
 * LMDB is opened {@code MDB_RDONLY | MDB_NOLOCK} ({@link io.objmeta.core.CoreInspector}): nothing in the directory
 * is created or written, not even {@code lock.mdb} (a plain read-only open creates it, and registers in its reader
 * table). Without the lock file a writer could not see this reader, so a directory a running process holds is
 * refused: {@code /proc/locks} is read (read-only) for locks on {@code lmdb/lock.mdb} and {@code wal/wal.lock}. The
 * WAL is read with {@link io.objmeta.wal.Wal#inspect}, which changes nothing; {@code restore} reads its snapshot and
 * writes only the new directory. Tests hash every input file around every command.
 *
 * <p>LMDB trusts its file: a page beyond the end of a truncated {@code data.mdb} faults the process (SIGBUS). So a
 * snapshot whose {@code data.mdb} has not the manifest's size is not opened, and before any open the newest meta
 * page is read with plain file reads and the file must hold every page it names. {@code verify} does not open a
 * {@code data.mdb} that fails its checksum unless {@code --force}.
 *
 * <h2>Exit codes</h2>
 * <pre>
 * 0  ok (verify: nothing wrong; diff: equal)
 * 1  verify found problems; diff found differences; wal verify found corruption or an undecodable batch
 * 2  usage: bad command line, restore target not empty
 * 3  not found: path, bucket or key missing; path of no known kind or unreadable; directory in use
 * 4  damaged: the input cannot be read as a store (size, truncation, a record that does not decode)
 * </pre>
 *
 * <h2>Order and memory</h2>
 * Scans ({@code dump}, {@code diff}, {@code stats}, {@code verify}) walk LMDB in one read transaction: buckets in
 * name order, keys in UTF-8 byte order, each key's versions newest first, so two stores merge in one pass
 * ({@code diff}) and memory stays constant ({@code stats} keeps one tally per prefix at {@code --depth}).
 */
package io.objmeta.snapshot;
