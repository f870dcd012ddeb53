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

    /**
     * The value of the first entry of {@code group} in {@code db} (see {@link Db#groupSuffix}): of the first key
     * {@code >= group}, when that key is {@code group} followed by {@code groupSuffix} bytes; otherwise null (the
     * group has no entry). One seek; an overlay first asks its generations' filters whether they wrote to the group.
     */
    default byte[] firstOfGroup(Db db, byte[] group) {
        try (KvCursor c = cursor(db)) {
            return c.seekRange(group) && db.inGroup(c.key(), group) ? c.val() : null;
        }
    }

    /** A cursor over {@code db} in this view; close it before the view ends. */
    KvCursor cursor(Db db);

    /**
     * LMDB's entry count of {@code db} (constant time). Only an {@link LmdbKv} has one: an overlay does not track
     * counts, so callers that need them read a pure LMDB view after committing the overlay.
     */
    long entries(Db db);
}
