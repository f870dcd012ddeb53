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
 * <p>The maps come in <i>generations</i>, as an LSM tree's memtables do. The apply thread writes into the
 * <i>active</i> generation; a commit first {@linkplain #freeze freezes} it between two applies (a new, empty one
 * becomes active), copies the frozen generation into one LMDB write transaction, and once no reader can still
 * need it {@linkplain #dropThrough drops} it whole: nothing is removed key by key (that cost the committer as
 * much CPU as the applies themselves). Readers look through the generations newest first; there are one or two
 * (the active one, and the one being committed), briefly more while a slow reader holds one back.
 *
 * <p>Chains are immutable and swapped with compare-and-set, and the generation list is a copy-on-write list read
 * once per view, so readers, the writer and the committer never lock each other.
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

    /** The versions written by the applies {@code firstSeq..lastSeq} (lastSeq: unbounded while active). */
    static final class Generation {
        private final List<ConcurrentSkipListMap<byte[], Node>> maps = new ArrayList<>();
        private final AtomicLong bytes = new AtomicLong();
        private final long firstSeq;
        private volatile long lastSeq = Long.MAX_VALUE;

        Generation(int databases, long firstSeq) {
            for (int i = 0; i < databases; i++) {
                maps.add(new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
            }
            this.firstSeq = firstSeq;
        }

        ConcurrentSkipListMap<byte[], Node> map(Db db) {
            return maps.get(db.id());
        }

        /** Whether a reader at {@code seq} can see anything here (a version at or below it). */
        boolean visibleAt(long seq) {
            return firstSeq <= seq && bytes.get() > 0;
        }
    }

    private final int databases;
    private volatile List<Generation> generations; // newest first; the first is active; copy-on-write
    private final List<Object[]> writtenAtSeq = new ArrayList<>(); // writer only: {map, key} written at the open seq

    Overlay(int databases) {
        this.databases = databases;
        this.generations = List.of(new Generation(databases, 1)); // the first apply is sequence 1
    }

    /** The generations now, newest first: a view reads them once and keeps them. */
    List<Generation> generations() {
        return generations;
    }

    /**
     * The generations a reader at {@code seq} over an LMDB snapshot holding the applies up to {@code lmdbSeq} must
     * look at, newest first: those with a version at or below {@code seq} and an apply after {@code lmdbSeq}
     * (empty: LMDB alone answers).
     */
    List<Generation> visibleAt(long seq, long lmdbSeq) {
        List<Generation> all = generations;
        List<Generation> out = null;
        for (int i = 0; i < all.size(); i++) {
            Generation g = all.get(i);
            if (g.visibleAt(seq) && g.lastSeq > lmdbSeq) {
                if (out == null) {
                    out = new ArrayList<>(all.size() - i);
                }
                out.add(g);
            }
        }
        return out == null ? List.of() : out;
    }

    /** The generations with applies after {@code lmdbSeq}, newest first; the active one always. */
    List<Generation> after(long lmdbSeq) {
        List<Generation> all = generations;
        int n = 1;
        while (n < all.size() && all.get(n).lastSeq > lmdbSeq) {
            n++;
        }
        return n == all.size() ? all : all.subList(0, n);
    }

    /**
     * Approximate heap held by the overlay (keys, values and per-version overhead), committed generations not yet
     * dropped included.
     */
    public long bytes() {
        return bytesAbove(Long.MIN_VALUE);
    }

    /** Heap held by the generations LMDB has not committed yet: those with applies after {@code committedSeq}. */
    public long bytesAbove(long committedSeq) {
        long b = 0;
        for (Generation g : generations) {
            if (g.lastSeq > committedSeq) {
                b += g.bytes.get();
            }
        }
        return b;
    }

    /** Keys with at least one version held, counted per generation (for tests and diagnostics). */
    public long keys() {
        return generations.stream().flatMap(g -> g.maps.stream()).mapToLong(Map::size).sum();
    }

    /** The newest version of {@code key} with {@code seq <= maxSeq} in any generation, or null (LMDB decides). */
    Node visible(Db db, byte[] key, long maxSeq) {
        return visible(generations, db, key, maxSeq);
    }

    static Node visible(List<Generation> gens, Db db, byte[] key, long maxSeq) {
        for (int i = 0; i < gens.size(); i++) {
            Node n = visible(gens.get(i).map(db).get(key), maxSeq);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    static Node visible(Node n, long maxSeq) {
        while (n != null && n.seq() > maxSeq) {
            n = n.older();
        }
        return n;
    }

    /** Writer only: records {@code value} (null: deleted) for {@code key} at {@code seq}, the open apply. */
    void write(Db db, byte[] key, byte[] value, long seq) {
        Generation active = generations.get(0);
        ConcurrentSkipListMap<byte[], Node> map = active.map(db);
        while (true) {
            Node head = map.get(key);
            if (head == null) {
                Node n = new Node(value, seq, null);
                if (map.putIfAbsent(key, n) == null) {
                    active.bytes.addAndGet(n.bytes(key));
                    break;
                }
            } else {
                boolean same = head.seq() == seq; // written earlier in this apply: replace that version
                Node n = new Node(value, seq, same ? head.older() : head);
                if (map.replace(key, head, n)) {
                    active.bytes.addAndGet(n.bytes(key) - (same ? head.bytes(key) : 0));
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
        Generation active = generations.get(0);
        for (Object[] w : writtenAtSeq) {
            ConcurrentSkipListMap<byte[], Node> map = (ConcurrentSkipListMap<byte[], Node>) w[0];
            byte[] key = (byte[]) w[1];
            while (true) {
                Node head = map.get(key);
                if (head == null || head.seq() != seq) {
                    break;
                }
                if (head.older() == null ? map.remove(key, head) : map.replace(key, head, head.older())) {
                    active.bytes.addAndGet(-head.bytes(key));
                    break;
                }
            }
        }
        writtenAtSeq.clear();
    }

    /**
     * Freezes the active generation as the applies up to {@code lastSeq} (the last one published) and starts an
     * empty one; nothing when the active one is empty. Must not run during an apply: the caller excludes them.
     */
    public void freeze(long lastSeq) {
        List<Generation> gens = generations;
        Generation active = gens.get(0);
        if (active.bytes.get() == 0) { // every version held counts its bytes: nothing written since
            return;
        }
        active.lastSeq = lastSeq;
        List<Generation> next = new ArrayList<>(gens.size() + 1);
        next.add(new Generation(databases, lastSeq + 1));
        next.addAll(gens);
        generations = List.copyOf(next);
    }

    /**
     * Copies into {@code lmdb} (a write transaction), oldest first, every frozen generation with applies after
     * {@code after}: per key its newest version. Returns the rows written.
     */
    public long writeFrozen(Kv lmdb, List<Db> dbs, long after) {
        List<Generation> gens = generations;
        long rows = 0;
        for (int i = gens.size() - 1; i >= 1; i--) {
            Generation g = gens.get(i);
            if (g.lastSeq <= after) {
                continue;
            }
            for (Db db : dbs) {
                for (Map.Entry<byte[], Node> e : g.map(db).entrySet()) {
                    byte[] value = e.getValue().value();
                    if (value == null) {
                        lmdb.delete(db, e.getKey());
                    } else {
                        lmdb.put(db, e.getKey(), value);
                    }
                    rows++;
                }
            }
        }
        return rows;
    }

    /**
     * Drops every frozen generation whose applies are all {@code <= upTo}: LMDB has committed them and no reader
     * can still need them (every reader's LMDB snapshot is at least {@code upTo}; the caller makes sure of that).
     */
    public void dropThrough(long upTo) {
        List<Generation> gens = generations;
        int keep = gens.size();
        while (keep > 1 && gens.get(keep - 1).lastSeq <= upTo) {
            keep--;
        }
        if (keep < gens.size()) {
            generations = List.copyOf(gens.subList(0, keep));
        }
    }
}
