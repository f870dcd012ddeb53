package io.objmeta.core.internal.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

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

    /**
     * A Bloom filter of the groups (see {@link Db#groupSuffix}) one generation wrote to in one database, versions and
     * tombstones alike: a lookup of a key or group the filter never saw skips the generation's skip list (for a new
     * key, most of a put's lookups). 2^20 bits and two probes: about 3% false positives at 100,000 groups, which only
     * cost the skip-list descent the filter would have saved. The apply thread alone sets bits, before the apply that
     * wrote them is published, so a reader sees every bit of the versions it can see.
     */
    static final class Filter {
        private static final int BITS_LOG2 = 20;
        private static final int MASK = (1 << BITS_LOG2) - 1;
        private final AtomicLongArray words = new AtomicLongArray(1 << (BITS_LOG2 - 6));

        void add(long hash) {
            set((int) hash & MASK);
            set((int) (hash >>> 32) & MASK);
        }

        private void set(int bit) {
            long w = words.getPlain(bit >>> 6);
            long m = 1L << bit;
            if ((w & m) == 0) {
                words.setRelease(bit >>> 6, w | m);
            }
        }

        boolean mayContain(long hash) {
            return isSet((int) hash & MASK) && isSet((int) (hash >>> 32) & MASK);
        }

        private boolean isSet(int bit) {
            return (words.getAcquire(bit >>> 6) & (1L << bit)) != 0;
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A 64-bit hash of {@code key[0, length)} for the filters (both halves are used as probes). */
    static long hash(byte[] key, int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = Long.rotateLeft(h ^ (long) LONGS.get(key, i) * 0xBF58476D1CE4E5B9L, 29) * 0x94D049BB133111EBL;
        }
        for (; i < length; i++) {
            h = Long.rotateLeft(h ^ (key[i] & 0xFFL) * 0xBF58476D1CE4E5B9L, 29) * 0x94D049BB133111EBL;
        }
        h ^= h >>> 33; // murmur3's fmix64
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB93FE1A85EC5L;
        return h ^ (h >>> 33);
    }

    /** The versions written by the applies {@code firstSeq..lastSeq} (lastSeq: unbounded while active). */
    static final class Generation {
        private final List<ConcurrentSkipListMap<byte[], Node>> maps = new ArrayList<>();
        private final Filter[] filters; // per database, made on its first write (apply thread only)
        private final AtomicLong bytes = new AtomicLong();
        private final long firstSeq;
        private volatile long lastSeq = Long.MAX_VALUE;

        Generation(int databases, long firstSeq) {
            for (int i = 0; i < databases; i++) {
                maps.add(new ConcurrentSkipListMap<>(Arrays::compareUnsigned));
            }
            this.filters = new Filter[databases];
            this.firstSeq = firstSeq;
        }

        ConcurrentSkipListMap<byte[], Node> map(Db db) {
            return maps.get(db.id());
        }

        /**
         * Whether this generation may hold a version of a key of the group with this {@link #hash}: false means
         * surely not. (A reader reads the filter slot without a lock: it was set, and its bits, before any version it
         * can see was published; one set later can only add bits for versions it cannot see.)
         */
        boolean mayHold(Db db, long groupHash) {
            Filter f = filters[db.id()];
            return f != null && f.mayContain(groupHash);
        }

        /** Apply thread only: notes a write to the group with this hash. */
        void noteWrite(Db db, long groupHash) {
            Filter f = filters[db.id()];
            if (f == null) {
                f = new Filter();
                filters[db.id()] = f;
            }
            f.add(groupHash);
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
        if (gens.isEmpty()) {
            return null;
        }
        long h = hash(key, db.groupLength(key));
        for (int i = 0; i < gens.size(); i++) {
            Generation g = gens.get(i);
            if (!g.mayHold(db, h)) {
                continue;
            }
            Node n = visible(g.map(db).get(key), maxSeq);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** Whether any of {@code gens} may hold a version of a key in {@code group} of {@code db}. */
    static boolean mayHoldGroup(List<Generation> gens, Db db, byte[] group) {
        if (gens.isEmpty()) {
            return false;
        }
        long h = hash(group, group.length);
        for (int i = 0; i < gens.size(); i++) {
            if (gens.get(i).mayHold(db, h)) {
                return true;
            }
        }
        return false;
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
        active.noteWrite(db, hash(key, db.groupLength(key))); // before the version: see Generation.mayHold
        ConcurrentSkipListMap<byte[], Node> map = active.map(db);
        Node fresh = new Node(value, seq, null);
        writtenAtSeq.add(new Object[] {map, key});
        Node head;
        while ((head = map.putIfAbsent(key, fresh)) != null) { // most writes are new keys: one descent
            boolean same = head.seq() == seq; // written earlier in this apply: replace that version
            Node n = new Node(value, seq, same ? head.older() : head);
            if (map.replace(key, head, n)) {
                active.bytes.addAndGet(n.bytes(key) - (same ? head.bytes(key) : 0));
                return;
            }
        }
        active.bytes.addAndGet(fresh.bytes(key));
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
