package io.objmeta.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.wal.testing.TempDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The LMDB view: its cursor's delete leaves the position so that {@code next} lands on the following entry. */
class LmdbKvTest {
    @Test
    void deletingThroughTheCursorWhileWalkingForward() throws Exception {
        Path dir = TempDirs.create("lmdbkv");
        try (Lmdb lmdb = Lmdb.open(dir, 16L << 20, false, 8)) {
            Db db = new Db("t", 0, lmdb.openDbi("t"));
            lmdb.write(txn -> {
                Kv kv = new LmdbKv(txn);
                for (String k : List.of("a", "b", "c", "d", "e")) {
                    db.put(kv, Keys.utf8(k), Keys.utf8(k));
                }
                try (KvCursor c = db.openCursor(kv)) { // delete b, c and e while walking forward
                    for (boolean ok = c.seekRange(Keys.utf8("b")); ok; ok = c.next()) {
                        if (!Keys.string(c.key()).equals("d")) {
                            c.delete();
                        }
                    }
                }
                return null;
            });
            List<String> left = new ArrayList<>();
            lmdb.read(txn -> {
                try (KvCursor c = db.openCursor(new LmdbKv(txn))) {
                    for (boolean ok = c.first(); ok; ok = c.next()) {
                        left.add(Keys.string(c.key()));
                    }
                }
                return null;
            });
            assertThat(left).containsExactly("a", "d");
        } finally {
            TempDirs.delete(dir);
        }
    }

    /**
     * A recycled read view keeps its cursors across reads: each read still sees its own snapshot (the kept cursor is
     * renewed with the transaction), a second cursor on the same database in one read is a separate one, and a read
     * that fails leaves nothing behind for the next.
     */
    @Test
    void keptCursorsSeeEachReadsOwnSnapshot() throws Exception {
        Path dir = TempDirs.create("lmdbkv");
        try (Lmdb lmdb = Lmdb.open(dir, 16L << 20, false, 8)) {
            Db db = new Db("t", 0, lmdb.openDbi("t"));
            for (int round = 1; round <= 5; round++) {
                String k = "k" + round;
                lmdb.write(txn -> {
                    db.put(new LmdbKv(txn), Keys.utf8(k), Keys.utf8(k));
                    return null;
                });
                int expected = round;
                List<String> seen = lmdb.readKv(kv -> {
                    List<String> out = new ArrayList<>();
                    try (KvCursor c = db.openCursor(kv); KvCursor nested = db.openCursor(kv)) {
                        for (boolean ok = c.first(); ok; ok = c.next()) {
                            out.add(Keys.string(c.key()));
                            assertThat(nested.seekRange(c.key())).isTrue(); // walks independently of c
                            assertThat(nested.key()).isEqualTo(c.key());
                        }
                    }
                    return out;
                });
                assertThat(seen).hasSize(expected).last().isEqualTo(k);
                if (round == 3) { // a failed read: its transaction and cursors are dropped, not recycled
                    try {
                        lmdb.readKv(kv -> {
                            try (KvCursor c = db.openCursor(kv)) {
                                c.first();
                                throw new IllegalStateException("boom");
                            }
                        });
                    } catch (IllegalStateException expectedFailure) {
                        assertThat(expectedFailure).hasMessage("boom");
                    }
                }
            }
        } finally {
            TempDirs.delete(dir);
        }
    }
}
