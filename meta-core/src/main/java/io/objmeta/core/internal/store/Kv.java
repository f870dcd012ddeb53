package io.objmeta.core.internal.store;

/**
 * A consistent view of the store's databases: an LMDB transaction ({@link LmdbKv}), or the overlay of applied but
 * not yet committed writes on top of one ({@link OverlayKv}). Write methods work only on a write view.
 */
public interface Kv {
    /** The value, or null when the key is absent. */
    byte[] get(Db db, byte[] key);

    /** Stores {@code value} under a non-empty {@code key}. */
    void put(Db db, byte[] key, byte[] value);

    /** Removes the key; returns whether it existed. */
    boolean delete(Db db, byte[] key);

    /** A cursor over {@code db} in this view; close it before the view ends. */
    KvCursor cursor(Db db);

    /**
     * LMDB's entry count of {@code db} (constant time). Only an {@link LmdbKv} has one: an overlay does not track
     * counts, so callers that need them read a pure LMDB view after committing the overlay.
     */
    long entries(Db db);
}
