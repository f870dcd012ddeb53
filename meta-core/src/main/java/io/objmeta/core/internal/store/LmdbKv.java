package io.objmeta.core.internal.store;

import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/** A {@link Kv} straight over one LMDB transaction (read or write). */
public final class LmdbKv implements Kv {
    private final Txn<byte[]> txn;

    public LmdbKv(Txn<byte[]> txn) {
        this.txn = txn;
    }

    public Txn<byte[]> txn() {
        return txn;
    }

    @Override
    public byte[] get(Db db, byte[] key) {
        return db.dbi().get(txn, key);
    }

    @Override
    public void put(Db db, byte[] key, byte[] value) {
        db.dbi().put(txn, key, value);
    }

    @Override
    public boolean delete(Db db, byte[] key) {
        return db.dbi().delete(txn, key);
    }

    @Override
    public KvCursor cursor(Db db) {
        return new LmdbCursor(db.dbi().openCursor(txn));
    }

    @Override
    public long entries(Db db) {
        return db.dbi().stat(txn).entries;
    }

    /** An LMDB cursor. After {@code mdb_cursor_del} LMDB's {@code MDB_NEXT} lands on the entry that followed. */
    private static final class LmdbCursor implements KvCursor {
        private final Cursor<byte[]> c;

        LmdbCursor(Cursor<byte[]> c) {
            this.c = c;
        }

        @Override
        public boolean seekRange(byte[] key) {
            return c.get(key, GetOp.MDB_SET_RANGE);
        }

        @Override
        public boolean first() {
            return c.seek(SeekOp.MDB_FIRST);
        }

        @Override
        public boolean next() {
            return c.seek(SeekOp.MDB_NEXT);
        }

        @Override
        public byte[] key() {
            return c.key();
        }

        @Override
        public byte[] val() {
            return c.val();
        }

        @Override
        public void delete() {
            c.delete();
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
