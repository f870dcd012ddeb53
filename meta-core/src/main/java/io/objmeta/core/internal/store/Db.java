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
    private final int groupSuffix;

    Db(String name, int id, Dbi<ByteBuffer> dbi) {
        this(name, id, dbi, 0);
    }

    /**
     * A database whose keys are a <i>group</i> followed by {@code groupSuffix} bytes (0: each key its own group),
     * groups being prefix-free (no group is a proper prefix of another's key): the versions of one object key are one
     * group. The overlay indexes its generations by group, so {@link Kv#firstOfGroup} skips the generations that
     * never wrote to a group.
     */
    Db(String name, int id, Dbi<ByteBuffer> dbi, int groupSuffix) {
        if (groupSuffix < 0) {
            throw new IllegalArgumentException("groupSuffix: " + groupSuffix + " (expected: >= 0)");
        }
        this.name = name;
        this.id = id;
        this.dbi = dbi;
        this.groupSuffix = groupSuffix;
    }

    public String name() {
        return name;
    }

    int id() {
        return id;
    }

    /** Bytes after the group in every key of this database (0: the whole key is the group). */
    public int groupSuffix() {
        return groupSuffix;
    }

    /** Whether {@code key} is an entry of {@code group}: the group followed by {@link #groupSuffix} bytes. */
    public boolean inGroup(byte[] key, byte[] group) {
        return key.length == group.length + groupSuffix && Keys.startsWith(key, group);
    }

    /** Length of the group {@code key} belongs to: the key less {@link #groupSuffix} bytes, the whole key if shorter. */
    int groupLength(byte[] key) {
        return key.length > groupSuffix ? key.length - groupSuffix : key.length;
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
