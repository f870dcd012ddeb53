package io.objmeta.core.internal.store;

/**
 * A cursor over one database of a {@link Kv}, in unsigned byte order of keys. The three positioning calls mirror
 * LMDB's: {@link #seekRange} ({@code MDB_SET_RANGE}), {@link #first} ({@code MDB_FIRST}) and {@link #next}
 * ({@code MDB_NEXT}). Not thread-safe.
 */
public interface KvCursor extends AutoCloseable {
    /** Positions at the first key {@code >= key} (non-empty); false when there is none. */
    boolean seekRange(byte[] key);

    /** Positions at the first key; false when the database is empty. */
    boolean first();

    /** Moves to the next key; false at the end. */
    boolean next();

    /** The key at the current position. */
    byte[] key();

    /** The value at the current position. */
    byte[] val();

    /** Deletes the entry at the current position (write views only); the position stays for {@link #next}. */
    void delete();

    @Override
    void close();
}
