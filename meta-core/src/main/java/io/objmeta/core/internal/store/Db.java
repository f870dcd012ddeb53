package io.objmeta.core.internal.store;

import java.nio.ByteBuffer;
import org.lmdbjava.Dbi;

/**
 * One named LMDB database as the state machine sees it: reads and writes go through a {@link Kv} (an LMDB
 * transaction, or the in-memory {@link Overlay} of applied-but-uncommitted writes on top of one), so the same code
 * runs against either. {@code id} indexes the overlay's per-database maps.
 */
public final class Db {
    private final String name;
    private final int id;
    private final Dbi<ByteBuffer> dbi;

    Db(String name, int id, Dbi<ByteBuffer> dbi) {
        this.name = name;
        this.id = id;
        this.dbi = dbi;
    }

    public String name() {
        return name;
    }

    int id() {
        return id;
    }

    /** The LMDB database itself, for whole-file tools (stats, raw dumps) that must bypass the overlay. */
    public Dbi<ByteBuffer> dbi() {
        return dbi;
    }

    public byte[] get(Kv kv, byte[] key) {
        return kv.get(this, key);
    }

    public void put(Kv kv, byte[] key, byte[] value) {
        kv.put(this, key, value);
    }

    /** Returns whether the key existed. */
    public boolean delete(Kv kv, byte[] key) {
        return kv.delete(this, key);
    }

    public KvCursor openCursor(Kv kv) {
        return kv.cursor(this);
    }

    /** Entries in the database (LMDB's own count, constant time); only on an LMDB view, see {@link Kv#entries}. */
    public long entries(Kv kv) {
        return kv.entries(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
