package io.objmeta.core.internal.store;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
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
    private final Txn<ByteBuffer> txn;

    public LmdbKv(Txn<ByteBuffer> txn) {
        this.txn = txn;
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
        return new LmdbCursor(db.dbi().openCursor(txn));
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
        private byte[] key;
        private byte[] val;

        LmdbCursor(Cursor<ByteBuffer> c) {
            this.c = c;
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
            c.close();
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
