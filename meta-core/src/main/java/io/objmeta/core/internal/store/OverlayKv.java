package io.objmeta.core.internal.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * The {@link Overlay} at sequence {@code maxSeq} on top of an LMDB view: per key the newest overlay version with
 * {@code seq <= maxSeq} wins (a tombstone hides the key), otherwise LMDB's entry. The apply thread's write view
 * sees every sequence and writes at {@code writeSeq}; read views never write. A view reads the overlay's
 * generations once, when it is made.
 */
public final class OverlayKv implements Kv {
    private final Overlay overlay;
    private final List<Overlay.Generation> gens; // newest first
    private final Kv base;
    private final long maxSeq;
    private final long writeSeq; // 0: read-only

    private OverlayKv(Overlay overlay, List<Overlay.Generation> gens, Kv base, long maxSeq, long writeSeq) {
        this.overlay = overlay;
        this.gens = gens;
        this.base = base;
        this.maxSeq = maxSeq;
        this.writeSeq = writeSeq;
    }

    /**
     * A read view: what the applies up to {@code seq} left, over {@code lmdb}, whose snapshot holds every apply up
     * to {@code lmdbSeq} (the reader epoch it was opened in: generations that end there are not looked at, and none
     * newer can be dropped while that epoch is open). {@code lmdb} itself when no other generation holds a version at
     * or below {@code seq}: those were all published before {@code seq} was read, so then {@code lmdb} has them all.
     */
    public static Kv reader(Overlay overlay, Kv lmdb, long seq, long lmdbSeq) {
        List<Overlay.Generation> gens = overlay.visibleAt(seq, lmdbSeq);
        return gens.isEmpty() ? lmdb : new OverlayKv(overlay, gens, lmdb, seq, 0);
    }

    /**
     * The apply thread's view: everything applied so far (the generations {@code lmdb}, holding the applies up to
     * {@code lmdbSeq}, lacks), and writes at {@code seq} into the active generation.
     */
    public static OverlayKv writer(Overlay overlay, Kv lmdb, long seq, long lmdbSeq) {
        return new OverlayKv(overlay, overlay.after(lmdbSeq), lmdb, Long.MAX_VALUE, seq);
    }

    @Override
    public byte[] get(Db db, byte[] key) {
        Overlay.Node n = Overlay.visible(gens, db, key, maxSeq);
        return n != null ? n.value() : base.get(db, key);
    }

    /** LMDB alone answers when no generation wrote to the group (its filters say so): else the merged view. */
    @Override
    public byte[] firstOfGroup(Db db, byte[] group) {
        return Overlay.mayHoldGroup(gens, db, group) ? Kv.super.firstOfGroup(db, group)
                : base.firstOfGroup(db, group);
    }

    @Override
    public void put(Db db, byte[] key, byte[] value) {
        if (key.length == 0) {
            throw new IllegalArgumentException(db + ": empty key (expected: at least one byte)");
        }
        overlay.write(db, key, value, checkWritable(db));
    }

    @Override
    public boolean delete(Db db, byte[] key) {
        long seq = checkWritable(db);
        if (get(db, key) == null) {
            return false;
        }
        overlay.write(db, key, null, seq);
        return true;
    }

    private long checkWritable(Db db) {
        if (writeSeq == 0) {
            throw new IllegalStateException(db + ": a read view cannot write");
        }
        return writeSeq;
    }

    @Override
    public KvCursor cursor(Db db) {
        if (writeSeq == 0 && gens.stream().allMatch(g -> g.map(db).isEmpty())) {
            // nothing to merge, and nothing this view can see will be added (later applies are above maxSeq)
            return base.cursor(db);
        }
        return new MergeCursor(db, base.cursor(db));
    }

    @Override
    public long entries(Db db) {
        throw new UnsupportedOperationException(db + ": entry counts need a committed LMDB view");
    }

    /**
     * Merges the keys of the overlay's generations and LMDB's, in order: per key the newest generation with a version
     * visible at {@code maxSeq} wins over older ones and over LMDB, and tombstones hide.
     */
    private final class MergeCursor implements KvCursor {
        private final Db db;
        private final KvCursor lmdb;
        private final List<Source> sources = new ArrayList<>(gens.size()); // newest generation first
        private byte[] lmdbKey;                 // null: LMDB exhausted
        private byte[] ovKey;                   // null: overlay exhausted
        private Overlay.Node ovNode;            // the version visible at maxSeq, from the newest generation with one
        private byte[] key;
        private byte[] val;

        MergeCursor(Db db, KvCursor lmdb) {
            this.db = db;
            this.lmdb = lmdb;
            for (Overlay.Generation g : gens) {
                sources.add(new Source(g.map(db)));
            }
        }

        @Override
        public boolean seekRange(byte[] target) {
            lmdbKey = lmdb.seekRange(target) ? lmdb.key() : null;
            for (Source s : sources) {
                s.seek(target);
            }
            pickOverlay();
            return settle();
        }

        @Override
        public boolean first() {
            lmdbKey = lmdb.first() ? lmdb.key() : null;
            for (Source s : sources) {
                s.seek(null);
            }
            pickOverlay();
            return settle();
        }

        @Override
        public boolean next() {
            if (key == null) {
                return false;
            }
            if (lmdbKey != null && Arrays.equals(lmdbKey, key)) {
                nextLmdb();
            }
            if (ovKey != null && Arrays.equals(ovKey, key)) {
                nextOverlay();
            }
            return settle();
        }

        private void nextLmdb() {
            lmdbKey = lmdb.next() ? lmdb.key() : null;
        }

        /** Moves every generation off the current overlay key, then picks the next one. */
        private void nextOverlay() {
            for (Source s : sources) {
                if (s.key != null && Arrays.equals(s.key, ovKey)) {
                    s.advance();
                }
            }
            pickOverlay();
        }

        /** The smallest key among the generations; on a tie the newest generation's version. */
        private void pickOverlay() {
            ovKey = null;
            ovNode = null;
            for (Source s : sources) { // newest first: a strictly smaller key only replaces the pick
                if (s.key != null && (ovKey == null || Arrays.compareUnsigned(s.key, ovKey) < 0)) {
                    ovKey = s.key;
                    ovNode = s.node;
                }
            }
        }

        /** Positions on the smaller of the two keys, skipping keys the overlay deleted. */
        private boolean settle() {
            while (true) {
                if (ovKey == null && lmdbKey == null) {
                    key = null;
                    val = null;
                    return false;
                }
                int cmp = ovKey == null ? 1 : lmdbKey == null ? -1 : Arrays.compareUnsigned(ovKey, lmdbKey);
                if (cmp > 0) {
                    key = lmdbKey;
                    val = lmdb.val();
                    return true;
                }
                if (ovNode.value() != null) {
                    key = ovKey;
                    val = ovNode.value();
                    return true;
                }
                if (cmp == 0) { // deleted in the overlay, still in LMDB
                    nextLmdb();
                }
                nextOverlay();
            }
        }

        @Override
        public byte[] key() {
            return key;
        }

        @Override
        public byte[] val() {
            return val;
        }

        @Override
        public void delete() {
            long seq = checkWritable(db);
            overlay.write(db, key, null, seq);
        }

        @Override
        public void close() {
            lmdb.close();
        }
    }

    /**
     * One generation's map, walked in order, positioned on a key with a version visible at {@code maxSeq}. A seek is
     * one skip-list descent; the iterator for walking on is made only when a walk goes on (a point lookup never
     * does).
     */
    private final class Source {
        private final ConcurrentNavigableMap<byte[], Overlay.Node> map; // one generation's, of this cursor's db
        private Iterator<Map.Entry<byte[], Overlay.Node>> it; // from the key the seek landed on, made on demand
        byte[] key;                             // null: exhausted
        Overlay.Node node;

        Source(ConcurrentNavigableMap<byte[], Overlay.Node> map) {
            this.map = map;
        }

        /** Positions on the first key {@code >= target} ({@code null}: the first key) with a visible version. */
        void seek(byte[] target) {
            it = null;
            settle(target == null ? map.firstEntry() : map.ceilingEntry(target));
        }

        void advance() {
            settle(following());
        }

        private void settle(Map.Entry<byte[], Overlay.Node> e) {
            for (; e != null; e = following()) {
                Overlay.Node n = Overlay.visible(e.getValue(), maxSeq);
                if (n != null) {
                    key = e.getKey();
                    node = n;
                    return;
                }
                key = e.getKey(); // where the walk goes on from
            }
            key = null;
            node = null;
        }

        /** The entry after the current key: the walk's iterator, made from there on first use. */
        private Map.Entry<byte[], Overlay.Node> following() {
            if (it == null) {
                it = map.tailMap(key, false).entrySet().iterator();
            }
            return it.hasNext() ? it.next() : null;
        }
    }
}
