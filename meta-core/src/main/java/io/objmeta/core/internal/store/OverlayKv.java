package io.objmeta.core.internal.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * The {@link Overlay} at sequence {@code maxSeq} on top of an LMDB view: per key the newest overlay version with
 * {@code seq <= maxSeq} wins (a tombstone hides the key), otherwise LMDB's entry. The apply thread's write view
 * sees every sequence and writes at {@code writeSeq}; read views never write.
 */
public final class OverlayKv implements Kv {
    private final Overlay overlay;
    private final Kv base;
    private final long maxSeq;
    private final long writeSeq; // 0: read-only

    private OverlayKv(Overlay overlay, Kv base, long maxSeq, long writeSeq) {
        this.overlay = overlay;
        this.base = base;
        this.maxSeq = maxSeq;
        this.writeSeq = writeSeq;
    }

    /**
     * A read view: what the applies up to {@code seq} left, over {@code lmdb} (at least as new as the last commit
     * that no reader of its epoch has let be pruned). {@code lmdb} itself when the overlay holds nothing: the
     * versions up to {@code seq} were all published before {@code seq} was read, and none newer than {@code lmdb}'s
     * snapshot can be pruned while its reader epoch is open, so an empty overlay means {@code lmdb} has them all.
     */
    public static Kv reader(Overlay overlay, Kv lmdb, long seq) {
        return overlay.bytes() == 0 ? lmdb : new OverlayKv(overlay, lmdb, seq, 0);
    }

    /** The apply thread's view: everything applied so far, and writes at {@code seq}. */
    public static OverlayKv writer(Overlay overlay, Kv lmdb, long seq) {
        return new OverlayKv(overlay, lmdb, Long.MAX_VALUE, seq);
    }

    @Override
    public byte[] get(Db db, byte[] key) {
        Overlay.Node n = overlay.visible(db, key, maxSeq);
        return n != null ? n.value() : base.get(db, key);
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
        if (writeSeq == 0 && overlay.map(db).isEmpty()) {
            // nothing to merge, and nothing this view can see will be added (later applies are above maxSeq)
            return base.cursor(db);
        }
        return new MergeCursor(db, base.cursor(db));
    }

    @Override
    public long entries(Db db) {
        throw new UnsupportedOperationException(db + ": entry counts need a committed LMDB view");
    }

    /** Merges the overlay's keys with LMDB's, in order; overlay versions win and tombstones hide. */
    private final class MergeCursor implements KvCursor {
        private final Db db;
        private final ConcurrentNavigableMap<byte[], Overlay.Node> map;
        private final KvCursor lmdb;
        private byte[] lmdbKey;                 // null: LMDB exhausted
        private Iterator<Map.Entry<byte[], Overlay.Node>> it;
        private byte[] ovKey;                   // null: overlay exhausted
        private Overlay.Node ovNode;            // the version visible at maxSeq
        private byte[] key;
        private byte[] val;

        MergeCursor(Db db, KvCursor lmdb) {
            this.db = db;
            this.map = overlay.map(db);
            this.lmdb = lmdb;
        }

        @Override
        public boolean seekRange(byte[] target) {
            lmdbKey = lmdb.seekRange(target) ? lmdb.key() : null;
            it = map.tailMap(target, true).entrySet().iterator();
            nextOverlay();
            return settle();
        }

        @Override
        public boolean first() {
            lmdbKey = lmdb.first() ? lmdb.key() : null;
            it = map.entrySet().iterator();
            nextOverlay();
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

        private void nextOverlay() {
            while (it.hasNext()) {
                Map.Entry<byte[], Overlay.Node> e = it.next();
                Overlay.Node n = Overlay.visible(e.getValue(), maxSeq);
                if (n != null) {
                    ovKey = e.getKey();
                    ovNode = n;
                    return;
                }
            }
            ovKey = null;
            ovNode = null;
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
}
