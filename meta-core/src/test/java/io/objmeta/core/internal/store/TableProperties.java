package io.objmeta.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.wal.testing.TempDirs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.lmdbjava.Dbi;

/** The long-key table behaves exactly like a sorted map of byte strings, for keys far past LMDB's 511 bytes. */
class TableProperties {
    private static Path dir;
    private static Lmdb lmdb;

    @BeforeContainer
    static void open() throws Exception {
        dir = TempDirs.create("table-props");
        lmdb = Lmdb.open(dir, 1L << 30, true, 16);
    }

    @AfterContainer
    static void close() {
        lmdb.close();
        TempDirs.delete(dir);
    }

    private static final java.util.Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    /** Keys made of a few shared long stems, so chunks collide and groups nest; bytes include 0x00 and 0xFF. */
    @Provide
    Arbitrary<byte[]> keys() {
        Arbitrary<byte[]> stem = Arbitraries.of(new byte[0], filled(479, 'a'), filled(480, 'a'), filled(481, 'a'),
                filled(960, 'b'), filled(1500, 'c'));
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(6)
                .map(b -> { for (int i = 0; i < b.length; i++) { b[i] = (byte) (b[i] & 0x83 | (b[i] < 0 ? 0x7c : 0)); } return b; });
        return Combinators.combine(stem, tail).as((s, t) -> {
            byte[] k = Arrays.copyOf(s, s.length + t.length);
            System.arraycopy(t, 0, k, s.length, t.length);
            return k;
        }).filter(k -> k.length > 0);
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    record Op(boolean put, byte[] key, byte[] value) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), keys(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8)).as((p, k, v) -> new Op(p > 0, k, v))
                .list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void behavesLikeASortedMap(@ForAll("ops") List<Op> ops, @ForAll("keys") byte[] seekTarget) {
        Dbi<byte[]> main = lmdb.openDbi("t"); // emptied at the end of every try
        Dbi<byte[]> overflow = lmdb.openDbi("overflow");
        Table table = new Table("t", main, overflow);
        TreeMap<byte[], byte[]> model = new TreeMap<>(ORDER);
        lmdb.write(txn -> {
            for (Op op : ops) {
                if (op.put()) {
                    table.put(txn, op.key(), op.value());
                    model.put(op.key(), op.value());
                } else {
                    assertThat(table.delete(txn, op.key())).isEqualTo(model.remove(op.key()) != null);
                }
            }
            return null;
        });
        lmdb.read(txn -> {
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                assertThat(table.get(txn, e.getKey())).isEqualTo(e.getValue());
            }
            assertThat(table.get(txn, seekTarget)).isEqualTo(model.get(seekTarget));
            List<byte[]> all = new ArrayList<>();
            try (TableCursor c = table.cursor(txn)) {
                for (boolean ok = c.first(); ok; ok = c.next()) {
                    all.add(c.key());
                    assertThat(c.value()).isEqualTo(model.get(c.key()));
                }
                assertThat(all).containsExactlyElementsOf(model.keySet());
                List<byte[]> fromSeek = new ArrayList<>();
                for (boolean ok = c.seek(seekTarget); ok; ok = c.next()) {
                    fromSeek.add(c.key());
                }
                assertThat(fromSeek).containsExactlyElementsOf(model.tailMap(seekTarget, true).keySet());
            }
            return null;
        });
        // deleting everything leaves no group nodes behind
        lmdb.write(txn -> {
            for (byte[] k : model.keySet()) {
                table.delete(txn, k);
            }
            try (var c = main.openCursor(txn)) {
                assertThat(c.first()).isFalse();
            }
            try (var c = overflow.openCursor(txn)) { // only the group-id counter is left
                assertThat(c.first() && c.next()).isFalse();
            }
            return null;
        });
    }
}
