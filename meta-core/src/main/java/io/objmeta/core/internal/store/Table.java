package io.objmeta.core.internal.store;

import java.util.Arrays;

/**
 * An ordered map from byte keys of <b>any length</b> to byte values, over LMDB whose keys are limited to 511
 * bytes. Object keys are up to 1024 UTF-8 bytes (2050 once escaped), so long keys are split into a chain of
 * chunks:
 *
 * <ul>
 *   <li>a key shorter than {@link #CHUNK} bytes is stored as is in the main database;</li>
 *   <li>a longer key {@code K} is stored under a <i>group node</i> at {@code K[0, CHUNK)} (exactly CHUNK bytes,
 *       which is how a group node is told from an entry) whose value is an 8-byte group id; the rest
 *       {@code K[CHUNK, ...)} is stored, by the same rule, in the overflow database under the prefix
 *       {@code groupId}.</li>
 * </ul>
 *
 * Order is exact: entries are shorter than CHUNK and group nodes are exactly CHUNK long, so no entry is a
 * prefix-extension of a group node, and comparing an entry with a group node decides the same way as comparing
 * it with any key in the group. A cursor walks the chain depth-first. Group ids come from a counter at
 * {@code overflow[00 x 8]}, deterministic like everything else in a write transaction. Keys shorter than CHUNK
 * (the usual case) cost exactly one LMDB operation.
 */
public final class Table {
    /** Chunk length: a group key is {@code 8 + CHUNK} bytes, inside LMDB's 511. */
    public static final int CHUNK = 480;
    private static final byte[] COUNTER_KEY = new byte[8];

    private final String name;
    private final Db main;
    private Db overflow;

    public Table(String name, Db main, Db overflow) {
        this.name = name;
        this.main = main;
        this.overflow = overflow;
    }

    /** Sets the overflow database when it is opened after the table (the schema opens them in a fixed order). */
    void overflow(Db db) {
        this.overflow = db;
    }

    public String name() {
        return name;
    }

    Db main() {
        return main;
    }

    Db overflow() {
        return overflow;
    }

    public byte[] get(Kv txn, byte[] key) {
        Db dbi = main;
        byte[] ns = new byte[0];
        int at = 0;
        while (key.length - at >= CHUNK) {
            byte[] group = dbi.get(txn, Keys.concat(ns, Arrays.copyOfRange(key, at, at + CHUNK)));
            if (group == null) {
                return null;
            }
            dbi = overflow;
            ns = group;
            at += CHUNK;
        }
        return dbi.get(txn, Keys.concat(ns, Arrays.copyOfRange(key, at, key.length)));
    }

    /** Stores {@code value} under {@code key}, which must not be empty (LMDB has no empty keys). */
    public void put(Kv txn, byte[] key, byte[] value) {
        if (key.length == 0) {
            throw new IllegalArgumentException("key: empty (expected: at least one byte)");
        }
        Db dbi = main;
        byte[] ns = new byte[0];
        int at = 0;
        while (key.length - at >= CHUNK) {
            byte[] nodeKey = Keys.concat(ns, Arrays.copyOfRange(key, at, at + CHUNK));
            byte[] group = dbi.get(txn, nodeKey);
            if (group == null) {
                group = Keys.u64(nextGroupId(txn));
                dbi.put(txn, nodeKey, group);
            }
            dbi = overflow;
            ns = group;
            at += CHUNK;
        }
        dbi.put(txn, Keys.concat(ns, Arrays.copyOfRange(key, at, key.length)), value);
    }

    /** Removes the key; empty groups are removed with it. Returns whether the key existed. */
    public boolean delete(Kv txn, byte[] key) {
        int levels = key.length / CHUNK;
        byte[][] nodeKeys = new byte[levels][]; // group node key at each level (in main for level 0)
        byte[][] groups = new byte[levels][];   // the group id it points to
        byte[] ns = new byte[0];
        int at = 0;
        for (int l = 0; l < levels; l++) {
            nodeKeys[l] = Keys.concat(ns, Arrays.copyOfRange(key, at, at + CHUNK));
            groups[l] = (l == 0 ? main : overflow).get(txn, nodeKeys[l]);
            if (groups[l] == null) {
                return false;
            }
            ns = groups[l];
            at += CHUNK;
        }
        if (!(levels == 0 ? main : overflow).delete(txn, Keys.concat(ns, Arrays.copyOfRange(key, at, key.length)))) {
            return false;
        }
        for (int l = levels - 1; l >= 0 && isEmpty(txn, groups[l]); l--) {
            (l == 0 ? main : overflow).delete(txn, nodeKeys[l]);
        }
        return true;
    }

    private boolean isEmpty(Kv txn, byte[] groupId) {
        try (KvCursor c = overflow.openCursor(txn)) {
            return !(c.seekRange(groupId) && Keys.startsWith(c.key(), groupId));
        }
    }

    private long nextGroupId(Kv txn) {
        byte[] v = overflow.get(txn, COUNTER_KEY);
        long next = v == null ? 1 : Keys.getU64(v, 0) + 1;
        overflow.put(txn, COUNTER_KEY, Keys.u64(next));
        return next;
    }

    /**
     * The value of the first entry of {@code group} (its keys being {@code group} and the main database's
     * {@link Db#groupSuffix} bytes), as {@link Kv#firstOfGroup}: when those keys are shorter than {@link #CHUNK} they
     * are stored whole in the main database and that is one lookup; longer ones are found by walking the chunks.
     */
    public byte[] firstOfGroup(Kv txn, byte[] group) {
        if (group.length + main.groupSuffix() < CHUNK) {
            return txn.firstOfGroup(main, group);
        }
        try (TableCursor c = cursor(txn)) {
            return c.seek(group) && main.inGroup(c.key(), group) ? c.value() : null;
        }
    }

    /** A cursor over this table in the given transaction. */
    public TableCursor cursor(Kv txn) {
        return new TableCursor(this, txn);
    }
}
