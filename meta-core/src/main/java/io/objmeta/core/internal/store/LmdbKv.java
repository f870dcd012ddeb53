package io.objmeta.core.internal.store;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * A {@link Kv} straight over one LMDB transaction (read or write). The environment hands out direct buffers
 * that point into LMDB's map ({@link Lmdb}): keys and values going in are copied into this thread's scratch
 * buffers (no allocation), and those coming out are copied once into arrays, while the transaction and the
 * position they came from are still current.
 */
public final class LmdbKv implements Kv {
    private static final int POOLED_CURSORS = 16;

    private final Txn<ByteBuffer> txn;
    private final Pooled[] pool; // null: cursors are opened and closed per use
    private int pooled;
    private long renewals;       // times the read transaction was renewed: a pooled cursor older than that is renewed

    public LmdbKv(Txn<ByteBuffer> txn) {
        this(txn, false);
    }

    /**
     * With {@code pooling} (a read-only transaction that {@link Lmdb} resets and renews between reads) each database's
     * first cursor is kept across reads and renewed with {@code mdb_cursor_renew} instead of being opened and closed
     * every time (lmdbjava allocates native memory for every cursor it opens); {@link #closeCursors} frees them.
     */
    LmdbKv(Txn<ByteBuffer> txn, boolean pooling) {
        if (pooling && !txn.isReadOnly()) {
            throw new IllegalArgumentException("pooling: only a read-only transaction renews its cursors");
        }
        this.txn = txn;
        this.pool = pooling ? new Pooled[POOLED_CURSORS] : null;
    }

    /** The transaction was renewed for another read: every pooled cursor needs renewing before its next use. */
    void renewed() {
        renewals++;
    }

    /** Closes the pooled cursors (before the transaction is closed for good). */
    void closeCursors() {
        for (int i = 0; i < pooled; i++) {
            pool[i].cursor.close();
            pool[i] = null;
        }
        pooled = 0;
    }

    /** A kept cursor of one database: in use by at most one {@link LmdbCursor} at a time. */
    private static final class Pooled {
        final Dbi<ByteBuffer> dbi;
        final Cursor<ByteBuffer> cursor;
        long renewals;
        boolean inUse;

        Pooled(Dbi<ByteBuffer> dbi, Cursor<ByteBuffer> cursor, long renewals) {
            this.dbi = dbi;
            this.cursor = cursor;
            this.renewals = renewals;
        }
    }

    public Txn<ByteBuffer> txn() {
        return txn;
    }

    @Override
    public byte[] get(Db db, byte[] key) {
        ByteBuffer v = db.dbi().get(txn, Scratch.key(key));
        return v == null ? null : Scratch.bytes(v);
    }

    @Override
    public void put(Db db, byte[] key, byte[] value) {
        db.dbi().put(txn, Scratch.key(key), Scratch.value(value));
    }

    @Override
    public boolean delete(Db db, byte[] key) {
        return db.dbi().delete(txn, Scratch.key(key));
    }

    @Override
    public KvCursor cursor(Db db) {
        if (pool == null) {
            return new LmdbCursor(db.dbi().openCursor(txn), null);
        }
        Dbi<ByteBuffer> dbi = db.dbi();
        for (int i = 0; i < pooled; i++) {
            Pooled p = pool[i];
            if (p.dbi == dbi) {
                if (p.inUse) { // a second cursor on the database in one read: an unpooled one
                    return new LmdbCursor(dbi.openCursor(txn), null);
                }
                if (p.renewals != renewals) {
                    p.cursor.renew(txn);
                    p.renewals = renewals;
                }
                p.inUse = true;
                return new LmdbCursor(p.cursor, p);
            }
        }
        Cursor<ByteBuffer> c = dbi.openCursor(txn);
        if (pooled == pool.length) {
            return new LmdbCursor(c, null);
        }
        Pooled p = new Pooled(dbi, c, renewals);
        p.inUse = true;
        pool[pooled++] = p;
        return new LmdbCursor(c, p);
    }

    @Override
    public long entries(Db db) {
        return db.dbi().stat(txn).entries;
    }

    /**
     * An LMDB cursor; the key and value at a position are copied out on first use and kept until it moves. After
     * {@code mdb_cursor_del} LMDB's {@code MDB_NEXT} lands on the entry that followed.
     */
    private static final class LmdbCursor implements KvCursor {
        private final Cursor<ByteBuffer> c;
        private final Pooled pooled; // null: closed with this
        private byte[] key;
        private byte[] val;

        LmdbCursor(Cursor<ByteBuffer> c, Pooled pooled) {
            this.c = c;
            this.pooled = pooled;
        }

        private boolean moved(boolean found) {
            key = null;
            val = null;
            return found;
        }

        @Override
        public boolean seekRange(byte[] k) {
            return moved(c.get(Scratch.key(k), GetOp.MDB_SET_RANGE));
        }

        @Override
        public boolean first() {
            return moved(c.seek(SeekOp.MDB_FIRST));
        }

        @Override
        public boolean next() {
            return moved(c.seek(SeekOp.MDB_NEXT));
        }

        @Override
        public byte[] key() {
            if (key == null) {
                key = Scratch.bytes(c.key());
            }
            return key;
        }

        @Override
        public byte[] val() {
            if (val == null) {
                val = Scratch.bytes(c.val());
            }
            return val;
        }

        @Override
        public void delete() {
            moved(true);
            c.delete();
        }

        @Override
        public void close() {
            if (pooled != null) {
                pooled.inUse = false; // stays open, renewed with the transaction
            } else {
                c.close();
            }
        }
    }

    /**
     * Per-thread direct buffers that carry keys and values into LMDB calls: LMDB reads them during the call only,
     * so one key and one value buffer per thread serve every call that thread makes.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
        private static final int KEY_CAPACITY = 512; // LMDB's key limit is 511 bytes

        private final ByteBuffer key = ByteBuffer.allocateDirect(KEY_CAPACITY);
        private ByteBuffer value = ByteBuffer.allocateDirect(4096);

        static ByteBuffer key(byte[] k) {
            // a longer key is LMDB's to refuse (MDB_BAD_VALSIZE), as it would be from any buffer
            return fill(k.length <= KEY_CAPACITY ? LOCAL.get().key : ByteBuffer.allocateDirect(k.length), k);
        }

        static ByteBuffer value(byte[] v) {
            Scratch s = LOCAL.get();
            if (s.value.capacity() < v.length) {
                s.value = ByteBuffer.allocateDirect(Integer.highestOneBit(v.length - 1) << 1);
            }
            return fill(s.value, v);
        }

        private static ByteBuffer fill(ByteBuffer b, byte[] bytes) {
            b.clear();
            b.put(bytes).flip();
            return b;
        }

        static byte[] bytes(ByteBuffer b) {
            byte[] out = new byte[b.remaining()];
            b.get(b.position(), out); // absolute: no position change, no duplicate buffer
            return out;
        }
    }
}
