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
}
