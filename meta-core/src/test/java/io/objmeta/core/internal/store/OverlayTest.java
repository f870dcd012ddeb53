package io.objmeta.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverlayTest {
    private static final byte[] KEY = {'k'};
    private final Overlay overlay = new Overlay(1);
    private final Db db = new Db("t", 0, null);

    /**
     * A key written by every apply (the applied index) has a version per apply since the last prune; pruning the
     * oldest of 50,000 keeps the rest, newest first (a recursive prune overflowed the stack here).
     */
    @Test
    void pruningTheTailOfALongChainKeepsTheRestInOrder() {
        for (long seq = 1; seq <= 50_000; seq++) {
            overlay.write(db, KEY, Keys.u64(seq), seq);
            overlay.endSeq();
        }
        // a concurrent reader's epoch keeps the prune back while applies go on: chains grow long above it
        overlay.prune(10);
        assertThat(Keys.getU64(overlay.visible(db, KEY, Long.MAX_VALUE).value(), 0)).isEqualTo(50_000);
        assertThat(Keys.getU64(overlay.visible(db, KEY, 11).value(), 0)).isEqualTo(11);
        assertThat(overlay.visible(db, KEY, 10)).isNull(); // LMDB has it now
        overlay.prune(50_000);
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
}
