package io.objmeta.core.internal.store;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Walks a {@link Table} in key order: one LMDB cursor per level of the chunk chain (one in the usual case).
 * {@link #steps()} counts LMDB cursor positionings, so tests can prove a listing costs O(page).
 * Not thread-safe; close it before the transaction ends.
 */
public final class TableCursor implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];

    /** One level: a cursor positioned inside namespace {@code ns}; full keys there start with {@code prefix}. */
    private static final class Frame {
        final KvCursor cursor;
        final byte[] ns;
        final byte[] prefix;
        byte[] rest; // key bytes after ns at the current position

        Frame(KvCursor cursor, byte[] ns, byte[] prefix) {
            this.cursor = cursor;
            this.ns = ns;
            this.prefix = prefix;
        }
    }

    private final Table table;
    private final Kv txn;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    /** The main database's level: opened by the first seek and reused by every later one until {@link #close}. */
    private Frame root;
    private boolean valid;
    private long steps;

    TableCursor(Table table, Kv txn) {
        this.table = table;
        this.txn = txn;
    }

    /** Positions at the first key {@code >= target}; false when there is none. */
    public boolean seek(byte[] target) {
        unwind();
        if (root == null) {
            root = new Frame(table.main().openCursor(txn), EMPTY, EMPTY);
        }
        stack.push(root);
        valid = seekIn(root, target, 0);
        return valid;
    }

    /** Positions at the first key; false when the table is empty. */
    public boolean first() {
        return seek(EMPTY);
    }

    /** Moves to the next key; false at the end. */
    public boolean next() {
        if (!valid) {
            return false;
        }
        valid = advance();
        return valid;
    }

    public boolean valid() {
        return valid;
    }

    /** The full key at the current position. */
    public byte[] key() {
        Frame top = stack.peek();
        return top.prefix.length == 0 ? top.rest : Keys.concat(top.prefix, top.rest);
    }

    /** The value at the current position. */
    public byte[] value() {
        return stack.peek().cursor.val();
    }

    /** LMDB cursor positionings so far. */
    public long steps() {
        return steps;
    }

    private Frame push(Db dbi, byte[] ns, byte[] prefix) {
        Frame f = new Frame(dbi.openCursor(txn), ns, prefix);
        stack.push(f);
        return f;
    }

    /** Seeks inside {@code f} to the first key >= {@code target[at..]}, descending and backtracking as needed. */
    private boolean seekIn(Frame f, byte[] target, int at) {
        int remaining = target.length - at;
        byte[] probe = f.ns.length == 0 && at == 0 && remaining <= Table.CHUNK ? target // the usual root seek
                : Keys.concat(f.ns, Arrays.copyOfRange(target, at, at + Math.min(remaining, Table.CHUNK)));
        steps++;
        boolean found = probe.length == 0 ? f.cursor.first() // LMDB has no empty keys to seek to
                : f.cursor.seekRange(probe);
        if (!found || !Keys.startsWith(f.cursor.key(), f.ns)) {
            return pop();
        }
        f.rest = rest(f);
        if (f.rest.length == Table.CHUNK) { // a group node
            boolean same = remaining >= Table.CHUNK && Arrays.equals(f.rest, 0, Table.CHUNK, target, at,
                    at + Table.CHUNK);
            Frame child = push(table.overflow(), f.cursor.val(), Keys.concat(f.prefix, f.rest));
            return same ? seekIn(child, target, at + Table.CHUNK) : seekIn(child, EMPTY, 0);
        }
        return true;
    }

    /** Leaves an exhausted level and advances its parent; false when the root is exhausted. */
    private boolean pop() {
        closeLevel(stack.pop());
        return !stack.isEmpty() && advance();
    }

    private boolean advance() {
        Frame f = stack.peek();
        steps++;
        if (!f.cursor.next() || !Keys.startsWith(f.cursor.key(), f.ns)) {
            return pop();
        }
        f.rest = rest(f);
        if (f.rest.length == Table.CHUNK) {
            Frame child = push(table.overflow(), f.cursor.val(), Keys.concat(f.prefix, f.rest));
            return seekIn(child, EMPTY, 0);
        }
        return true;
    }

    /** Leaves every level; the root's cursor stays open for the next seek. */
    private void unwind() {
        while (!stack.isEmpty()) {
            closeLevel(stack.pop());
        }
        valid = false;
    }

    /** The key bytes after the level's namespace (the cursor's own key at the root, whose namespace is empty). */
    private static byte[] rest(Frame f) {
        byte[] key = f.cursor.key();
        return f.ns.length == 0 ? key : Arrays.copyOfRange(key, f.ns.length, key.length);
    }

    private void closeLevel(Frame f) {
        if (f != root) {
            f.cursor.close();
        }
    }

    @Override
    public void close() {
        unwind();
        if (root != null) {
            root.cursor.close();
            root = null;
        }
    }
}
