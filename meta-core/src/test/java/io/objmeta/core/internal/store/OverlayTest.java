package io.objmeta.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayTest {
    private static final byte[] KEY = {'k'};
    private final Overlay overlay = new Overlay(1);
    private final Db db = new Db("t", 0, null);

    /**
     * A commit freezes the active generation; readers see through the generations newest first (a newer one's
     * version wins, an older one still answers for sequences below the newer one's); dropping a committed generation
     * leaves the newer ones, and only frozen generations are ever written to LMDB or dropped.
     */
    @Test
    void generationsAnswerNewestFirstAndAreDroppedWhole() {
        for (long seq = 1; seq <= 3; seq++) {
            overlay.write(db, KEY, Keys.u64(seq), seq);
            overlay.write(db, Keys.u64(seq), new byte[] {1}, seq);
            overlay.endSeq();
        }
        overlay.freeze(3);
        overlay.write(db, KEY, null, 4); // deleted in the active generation
        overlay.endSeq();
        overlay.freeze(4);
        overlay.freeze(4); // nothing written since: no empty generation is frozen
        assertThat(overlay.generations()).hasSize(3);

        assertThat(overlay.visible(db, KEY, Long.MAX_VALUE).value()).isNull(); // the tombstone hides it
        assertThat(Keys.getU64(overlay.visible(db, KEY, 3).value(), 0)).isEqualTo(3);
        assertThat(Keys.getU64(overlay.visible(db, KEY, 2).value(), 0)).isEqualTo(2);
        assertThat(overlay.visibleAt(0, 0)).isEmpty(); // a reader before every apply reads LMDB alone
        assertThat(overlay.visibleAt(4, 3)).hasSize(1); // a snapshot holding 1..3 needs only the generation of 4
        assertThat(overlay.after(3)).hasSize(2); // the writer: the generation of 4 and the active one

        List<String> written = new ArrayList<>();
        overlay.writeFrozen(new RecordingKv(written), List.of(db), 0);
        assertThat(written).containsExactly("put \0\0\0\0\0\0\0\1", "put \0\0\0\0\0\0\0\2",
                "put \0\0\0\0\0\0\0\3", "put k", "delete k"); // oldest generation first, keys in order

        // committed through 3, not yet dropped: still held, no longer uncommitted
        assertThat(overlay.bytesAbove(3)).isPositive().isLessThan(overlay.bytes());
        assertThat(overlay.bytesAbove(4)).isZero();
        overlay.dropThrough(3);
        assertThat(overlay.generations()).hasSize(2);
        assertThat(overlay.visible(db, KEY, 3)).isNull(); // LMDB answers for it now
        overlay.dropThrough(Long.MAX_VALUE - 1);
        assertThat(overlay.generations()).hasSize(1); // the active generation is never dropped
        assertThat(overlay.keys()).isZero();
        assertThat(overlay.bytes()).isZero();
    }

    /**
     * Applies that replace a key's head version while its chain is long (versions compared by identity: a
     * structural equals walked the chain on every compare-and-set and overflowed the stack).
     */
    @Test
    void aSecondWriteInTheSameApplyReplacesItsVersionInALongChain() {
        for (long seq = 1; seq <= 50_000; seq++) {
            overlay.write(db, KEY, Keys.u64(seq), seq);
            overlay.write(db, KEY, Keys.u64(seq + 1), seq); // same apply: replaces the head
            overlay.endSeq();
        }
        assertThat(Keys.getU64(overlay.visible(db, KEY, 7).value(), 0)).isEqualTo(8);
        overlay.rollback(50_000); // nothing open: no-op
        assertThat(overlay.keys()).isEqualTo(1);
    }

    /** A failed apply leaves nothing: its versions are dropped, earlier ones stay. */
    @Test
    void rollbackDropsOnlyTheOpenApply() {
        overlay.write(db, KEY, new byte[] {1}, 1);
        overlay.endSeq();
        overlay.write(db, KEY, new byte[] {2}, 2);
        overlay.write(db, new byte[] {'n'}, new byte[] {3}, 2);
        overlay.rollback(2);
        assertThat(overlay.visible(db, KEY, Long.MAX_VALUE).value()).containsExactly(1);
        assertThat(overlay.visible(db, new byte[] {'n'}, Long.MAX_VALUE)).isNull();
        assertThat(overlay.keys()).isEqualTo(1);
        assertThat(overlay.bytes()).isEqualTo(new Overlay.Node(new byte[] {1}, 1, null).bytes(KEY));
    }

    /**
     * A reader at sequence 1 walks past keys whose only versions are newer (the apply thread is ahead of it) and
     * sees the older version of a key rewritten since, whether it starts with a seek or from the first key.
     */
    @Test
    void aReaderWalksPastVersionsNewerThanItsSequence() {
        for (String k : List.of("a", "c")) {
            overlay.write(db, k.getBytes(), "1".getBytes(), 1);
        }
        overlay.endSeq();
        for (String k : List.of("b", "c", "d")) {
            overlay.write(db, k.getBytes(), "2".getBytes(), 2);
        }
        Kv view = OverlayKv.reader(overlay, new RecordingKv(new ArrayList<>()), 1, 0);

        try (KvCursor c = view.cursor(db)) {
            List<String> seen = new ArrayList<>();
            for (boolean ok = c.first(); ok; ok = c.next()) {
                seen.add(new String(c.key()) + "=" + new String(c.val()));
            }
            assertThat(seen).containsExactly("a=1", "c=1");
            assertThat(c.seekRange("b".getBytes())).isTrue();
            assertThat(new String(c.key()) + "=" + new String(c.val())).isEqualTo("c=1");
            assertThat(c.next()).isFalse();
        }
        assertThat(view.get(db, "d".getBytes())).isNull();
    }

    /** Records the writes a commit makes, in order; an empty LMDB to reads. */
    private record RecordingKv(List<String> log) implements Kv {
        @Override
        public byte[] get(Db db, byte[] key) {
            return null;
        }

        @Override
        public void put(Db db, byte[] key, byte[] value) {
            log.add("put " + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        @Override
        public boolean delete(Db db, byte[] key) {
            log.add("delete " + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1));
            return true;
        }

        @Override
        public KvCursor cursor(Db db) {
            return new KvCursor() {
                @Override
                public boolean seekRange(byte[] key) {
                    return false;
                }

                @Override
                public boolean first() {
                    return false;
                }

                @Override
                public boolean next() {
                    return false;
                }

                @Override
                public byte[] key() {
                    throw new IllegalStateException("not positioned");
                }

                @Override
                public byte[] val() {
                    throw new IllegalStateException("not positioned");
                }

                @Override
                public void delete() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long entries(Db db) {
            throw new UnsupportedOperationException();
        }
    }
}
