package io.objmeta.core.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applied writes that LMDB has not committed yet: per database, a sorted map from key to a chain of versions,
 * newest first, each stamped with the <i>sequence</i> of the apply that wrote it (a tombstone's value is null).
 * A reader at sequence {@code S} sees, per key, the newest version with {@code seq <= S}, else LMDB: so the apply
 * thread can run ahead of LMDB's commits while every read sees whole applies, in order.
 *
 * <p>One writer (the apply thread) adds versions; a committer copies them into an LMDB write transaction and later
 * {@linkplain #prune prunes} what LMDB holds. Chains are immutable and swapped with compare-and-set, so readers,
 * the writer and the pruner never lock each other.
 */
public final class Overlay {
    /**
     * One version of a key: {@code value} null is a deletion. Equality is identity (not a record): the map's
     * compare-and-set ({@code replace}, {@code remove}) must compare chains by reference, not walk them.
     */
    static final class Node {
        private final byte[] value;
        private final long seq;
        private final Node older;

        Node(byte[] value, long seq, Node older) {
            this.value = value;
            this.seq = seq;
            this.older = older;
        }

        byte[] value() {
            return value;
        }

        long seq() {
            return seq;
        }

        Node older() {
            return older;
        }

        long bytes(byte[] key) {
            return 64L + key.length + (value == null ? 0 : value.length);
        }
    }

    private final List<ConcurrentSkipListMap<byte[], Node>> maps = new ArrayList<>();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Object[]> writtenAtSeq = new ArrayList<>(); // writer only: {map, key} written at the open seq

    Overlay(int databases) {
        for (int i = 0; i < databases; i++) {
            maps.add(new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
        }
    }

    ConcurrentSkipListMap<byte[], Node> map(Db db) {
        return maps.get(db.id());
    }

    /** Approximate heap held by the overlay (keys, values and per-version overhead). */
    public long bytes() {
        return bytes.get();
    }

    /** Keys with at least one version held (counted: for tests and diagnostics). */
    public long keys() {
        return maps.stream().mapToLong(Map::size).sum();
    }

    /** The newest version of {@code key} with {@code seq <= maxSeq}, or null (then LMDB decides). */
    Node visible(Db db, byte[] key, long maxSeq) {
        return visible(map(db).get(key), maxSeq);
    }

    static Node visible(Node n, long maxSeq) {
        while (n != null && n.seq() > maxSeq) {
            n = n.older();
        }
        return n;
    }

    /** Writer only: records {@code value} (null: deleted) for {@code key} at {@code seq}, the open apply. */
    void write(Db db, byte[] key, byte[] value, long seq) {
        ConcurrentSkipListMap<byte[], Node> map = map(db);
        while (true) {
            Node head = map.get(key);
            if (head == null) {
                Node n = new Node(value, seq, null);
                if (map.putIfAbsent(key, n) == null) {
                    bytes.addAndGet(n.bytes(key));
                    break;
                }
            } else {
                boolean same = head.seq() == seq; // written earlier in this apply: replace that version
                Node n = new Node(value, seq, same ? head.older() : head);
                if (map.replace(key, head, n)) {
                    bytes.addAndGet(n.bytes(key) - (same ? head.bytes(key) : 0));
                    break;
                }
            }
        }
        writtenAtSeq.add(new Object[] {map, key});
    }

    /** Writer only: the open apply {@code seq} is published (or rolled back); forget what it wrote. */
    public void endSeq() {
        writtenAtSeq.clear();
    }

    /** Writer only: drops every version written at {@code seq}, the open apply that failed. */
    @SuppressWarnings("unchecked")
    public void rollback(long seq) {
        for (Object[] w : writtenAtSeq) {
            ConcurrentSkipListMap<byte[], Node> map = (ConcurrentSkipListMap<byte[], Node>) w[0];
            byte[] key = (byte[]) w[1];
            while (true) {
                Node head = map.get(key);
                if (head == null || head.seq() != seq) {
                    break;
                }
                if (head.older() == null ? map.remove(key, head) : map.replace(key, head, head.older())) {
                    bytes.addAndGet(-head.bytes(key));
                    break;
                }
            }
        }
        writtenAtSeq.clear();
    }

    /**
     * Copies into {@code lmdb} (a write transaction) every key's newest version with {@code after < seq <= upTo}:
     * what the applies up to {@code upTo} changed since the commit of {@code after}. Returns the rows written.
     */
    public long writeTo(Kv lmdb, List<Db> dbs, long after, long upTo) {
        long rows = 0;
        for (Db db : dbs) {
            for (Map.Entry<byte[], Node> e : map(db).entrySet()) {
                Node n = visible(e.getValue(), upTo);
                if (n == null || n.seq() <= after) {
                    continue;
                }
                if (n.value() == null) {
                    lmdb.delete(db, e.getKey());
                } else {
                    lmdb.put(db, e.getKey(), n.value());
                }
                rows++;
            }
        }
        return rows;
    }

    /**
     * Forgets every version with {@code seq <= upTo}: LMDB has committed them and no reader can still need them
     * (every reader's LMDB snapshot is at least {@code upTo}; the caller makes sure of that).
     */
    public void prune(long upTo) {
        for (ConcurrentSkipListMap<byte[], Node> map : maps) {
            for (byte[] key : map.keySet()) {
                while (true) {
                    Node head = map.get(key);
                    if (head == null) {
                        break;
                    }
                    Node kept = without(head, upTo);
                    if (kept == head) {
                        break;
                    }
                    if (kept == null ? map.remove(key, head) : map.replace(key, head, kept)) {
                        bytes.addAndGet(chainBytes(key, kept) - chainBytes(key, head));
                        break;
                    }
                }
            }
        }
    }

    /**
     * The chain without its versions {@code <= upTo} (they are its tail: seqs fall along a chain); {@code n} itself
     * when it has none. Iterative: a key every apply writes (the applied index) has a version per apply.
     */
    private static Node without(Node n, long upTo) {
        List<Node> kept = new ArrayList<>();
        Node p = n;
        for (; p != null && p.seq() > upTo; p = p.older()) {
            kept.add(p);
        }
        if (p == null) {
            return n; // nothing to drop
        }
        Node out = null;
        for (int i = kept.size() - 1; i >= 0; i--) {
            Node k = kept.get(i);
            out = new Node(k.value(), k.seq(), out);
        }
        return out;
    }

    private static long chainBytes(byte[] key, Node n) {
        long b = 0;
        for (; n != null; n = n.older()) {
            b += n.bytes(key);
        }
        return b;
    }
}
