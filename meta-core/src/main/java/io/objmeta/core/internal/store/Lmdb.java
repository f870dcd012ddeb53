package io.objmeta.core.internal.store;

import io.objmeta.api.MetadataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * The LMDB environment: one data file, named databases, and a map that grows on demand. Never opened in a mode
 * that can corrupt on power loss: no {@code MDB_NOSYNC}, {@code MDB_MAPASYNC} or {@code MDB_WRITEMAP}.
 * {@code MDB_NOMETASYNC} may drop the last commit on an OS crash but never corrupts, and is safe because the
 * applied log position is committed with the data and everything after it is replayed from the log.
 *
 * <p>Growing the map needs no transaction open in this process, so every transaction runs under a read lock and
 * a resize under the write lock.
 *
 * <p>Buffers are direct and zero-copy ({@code ByteBufferProxy.PROXY_OPTIMAL}): what LMDB returns points into the
 * map and is valid until the transaction ends or the cursor moves; {@link LmdbKv} copies it out at once.
 *
 * <p>Read transactions are recycled: a finished one is reset ({@code mdb_txn_reset}: it releases its snapshot but
 * keeps its reader slot and its native buffers) and parked in a pool, and the next read renews it
 * ({@code mdb_txn_renew}: a fresh snapshot), which skips the reader-table mutex of {@code mdb_txn_begin} and the
 * allocations of a new {@link Txn}. {@code MDB_NOTLS} lets any thread renew a parked transaction. The pool holds
 * at most as many transactions as reads ever ran at once; a reset transaction is not active, so it does not hold
 * back a resize, and it pins no old pages.
 */
public final class Lmdb implements AutoCloseable {
    public static final String DATA_FILE = "data.mdb";

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final ReentrantReadWriteLock resizeLock = new ReentrantReadWriteLock();
    private final boolean readOnly;
    private final ConcurrentLinkedQueue<LmdbKv> idleReads = new ConcurrentLinkedQueue<>(); // reset, renewable, cursors kept
    private volatile long mapSizeBytes;

    private Lmdb(Path dir, Env<ByteBuffer> env, long mapSizeBytes, boolean readOnly) {
        this.dir = dir;
        this.env = env;
        this.mapSizeBytes = mapSizeBytes;
        this.readOnly = readOnly;
    }

    /**
     * Opens (creating) the environment in {@code dir}.
     *
     * @param mapSizeBytes initial map size; grows by doubling when full
     * @param metaSync     false adds {@code MDB_NOMETASYNC}
     */
    public static Lmdb open(Path dir, long mapSizeBytes, boolean metaSync, int maxReaders) throws IOException {
        Files.createDirectories(dir);
        long existing = Files.exists(dir.resolve(DATA_FILE)) ? Files.size(dir.resolve(DATA_FILE)) : 0;
        long size = Math.max(mapSizeBytes, roundUp(existing * 2));
        Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(size).setMaxDbs(32)
                .setMaxReaders(maxReaders).open(dir.toFile(), metaSync ? new EnvFlags[] {EnvFlags.MDB_NOTLS}
                        : new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOMETASYNC});
        return new Lmdb(dir, env, size, false);
    }

    /** Opens an existing environment read-only (offline tools); {@code MDB_NOLOCK} is not used. */
    public static Lmdb openReadOnly(Path dir) throws IOException {
        long existing = Files.size(dir.resolve(DATA_FILE));
        Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(roundUp(existing) + (1L << 20))
                .setMaxDbs(32).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOTLS);
        return new Lmdb(dir, env, existing, true);
    }

    /**
     * Opens an existing environment read-only without its lock file ({@code MDB_RDONLY | MDB_NOLOCK}): nothing in
     * {@code dir} is created or written, not even {@code lock.mdb}. Safe only while no process writes to it (a
     * snapshot, a stopped node); offline tools check that before calling this.
     */
    public static Lmdb openReadOnlyUnlocked(Path dir) throws IOException {
        long existing = Files.size(dir.resolve(DATA_FILE));
        Env<ByteBuffer> env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(roundUp(existing) + (1L << 20))
                .setMaxDbs(32).open(dir.toFile(), EnvFlags.MDB_RDONLY_ENV, EnvFlags.MDB_NOLOCK, EnvFlags.MDB_NOTLS);
        return new Lmdb(dir, env, existing, true);
    }

    private static long roundUp(long n) {
        long page = 1L << 20;
        return (n + page - 1) / page * page;
    }

    public Path directory() {
        return dir;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public Env<ByteBuffer> env() {
        return env;
    }

    public long mapSizeBytes() {
        return mapSizeBytes;
    }

    public Dbi<ByteBuffer> openDbi(String name) {
        return readOnly ? env.openDbi(name) : env.openDbi(name, DbiFlags.MDB_CREATE);
    }

    /** Runs {@code body} in a read transaction (a recycled one when the pool has one). */
    public <T> T read(Function<Txn<ByteBuffer>, T> body) {
        return readKv(kv -> body.apply(kv.txn()));
    }

    /**
     * {@link #read} through an {@link LmdbKv} that is recycled with its transaction: the cursors it opens are kept
     * and renewed for the next read instead of being opened and closed every time.
     */
    public <T> T readKv(Function<LmdbKv, T> body) {
        resizeLock.readLock().lock();
        try {
            LmdbKv kv = idleReads.poll();
            if (kv == null) {
                kv = new LmdbKv(env.txnRead(), true);
            } else {
                try {
                    kv.txn().renew();
                    kv.renewed();
                } catch (RuntimeException e) {
                    discard(kv); // never parked again
                    throw e;
                }
            }
            boolean recycle = false;
            try {
                T result = body.apply(kv);
                recycle = true;
                return result;
            } catch (MetadataException e) {
                recycle = true; // an answer (NoSuchKey...) found by reads that went well
                throw e;
            } finally {
                if (recycle) {
                    kv.txn().reset();
                    idleReads.offer(kv);
                } else {
                    discard(kv); // anything else: a fresh transaction next time, nothing carried over
                }
            }
        } finally {
            resizeLock.readLock().unlock();
        }
    }

    private static void discard(LmdbKv kv) {
        try {
            kv.closeCursors();
        } finally {
            kv.txn().close();
        }
    }

    /**
     * Runs {@code body} in a write transaction and commits it. When the map is full the transaction is aborted, the
     * map doubled, and {@code body} run again from the start, so {@code body} must depend only on the database.
     */
    public <T> T write(Function<Txn<ByteBuffer>, T> body) {
        while (true) {
            resizeLock.readLock().lock();
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                T result = body.apply(txn);
                txn.commit();
                return result;
            } catch (Env.MapFullException e) {
                // aborted by try-with-resources; grow and run the body again
            } finally {
                resizeLock.readLock().unlock();
            }
            grow();
        }
    }

    private void grow() {
        resizeLock.writeLock().lock();
        try {
            long next = mapSizeBytes * 2;
            env.setMapSize(next);
            mapSizeBytes = next;
        } finally {
            resizeLock.writeLock().unlock();
        }
    }

    /** Flushes the data file (used by checkpoints when {@code MDB_NOMETASYNC} is on). */
    public void sync() {
        env.sync(true);
    }

    @Override
    public void close() {
        for (LmdbKv kv; (kv = idleReads.poll()) != null; ) {
            kv.txn().renew(); // lmdbjava aborts only a ready transaction, and only an abort frees its reader slot
            discard(kv);
        }
        env.close();
    }
}
