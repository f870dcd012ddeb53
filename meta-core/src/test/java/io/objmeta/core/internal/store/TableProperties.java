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
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

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

    /**
     * The first {@code split}% of the ops are committed to LMDB, the next {@code frozen}% of the rest written through
     * the overlay at sequence 1 and frozen (as a commit does), the others at sequence 2 in the active generation:
     * the view at each sequence must equal the model as it stood then (the newest generation wins, tombstones in one
     * hide keys of older ones and of LMDB), also over an LMDB snapshot that holds the frozen generation, and LMDB after
     * the generations are committed and dropped must equal it.
     */
    @Property(tries = 200)
    void behavesLikeASortedMap(@ForAll("ops") List<Op> ops, @ForAll("keys") byte[] seekTarget,
                               @ForAll @IntRange(max = 100) int split, @ForAll @IntRange(max = 100) int frozen) {
        Table table = table("t", 0); // emptied at the end of every try
        Db main = table.main();
        Db overflow = table.overflow();
        Overlay overlay = new Overlay(2);
        Layers layers = layer(table, overlay, ops, split, frozen);
        TreeMap<byte[], byte[]> model = layers.all();
        TreeMap<byte[], byte[]> atOne = layers.atOne();
        TreeMap<byte[], byte[]> lmdbPart = layers.lmdbPart();
        lmdb.read(txn -> {
            check(table, OverlayKv.reader(overlay, new LmdbKv(txn), 2, 0), model, seekTarget);
            check(table, OverlayKv.reader(overlay, new LmdbKv(txn), 1, 0), atOne, seekTarget);
            check(table, OverlayKv.reader(overlay, new LmdbKv(txn), 0, 0), lmdbPart, seekTarget);
            return null;
        });
        lmdb.write(txn -> overlay.writeFrozen(new LmdbKv(txn), List.of(main, overflow), 0));
        lmdb.read(txn -> { // a snapshot holding the applies up to 1 needs no look at the generation committed there
            check(table, OverlayKv.reader(overlay, new LmdbKv(txn), 2, 1), model, seekTarget);
            check(table, OverlayKv.reader(overlay, new LmdbKv(txn), 1, 1), atOne, seekTarget);
            return null;
        });
        overlay.freeze(2);
        lmdb.write(txn -> overlay.writeFrozen(new LmdbKv(txn), List.of(main, overflow), 1));
        overlay.dropThrough(2);
        assertThat(overlay.keys()).isZero();
        assertThat(overlay.bytes()).isZero();
        lmdb.read(txn -> {
            check(table, new LmdbKv(txn), model, seekTarget);
            return null;
        });
        // deleting everything leaves no group nodes behind
        lmdb.write(txn -> {
            Kv kv = new LmdbKv(txn);
            for (byte[] k : model.keySet()) {
                table.delete(kv, k);
            }
            try (var c = main.openCursor(kv)) {
                assertThat(c.first()).isFalse();
            }
            try (var c = overflow.openCursor(kv)) { // only the group-id counter is left
                assertThat(c.first() && c.next()).isFalse();
            }
            return null;
        });
    }

    /** A group: an encoded (prefix-free) key, short or past a chunk; its entries append an 8-byte revision. */
    @Provide
    Arbitrary<byte[]> groups() {
        Arbitrary<byte[]> raw = Arbitraries.of((byte) 0, (byte) 'a', (byte) 'b', (byte) 0xFF).list().ofMaxSize(3)
                .map(l -> { byte[] b = new byte[l.size()]; for (int i = 0; i < b.length; i++) { b[i] = l.get(i); } return b; });
        return Combinators.combine(Arbitraries.of(new byte[0], filled(470, 'a'), filled(500, 'c')), raw)
                .as((stem, tail) -> {
                    byte[] k = Arrays.copyOf(stem, stem.length + tail.length);
                    System.arraycopy(tail, 0, k, stem.length, tail.length);
                    return Keys.encodeKey(k);
                });
    }

    @Provide
    Arbitrary<List<Op>> groupOps() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), groups(), Arbitraries.longs().between(1, 4),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4))
                .as((p, g, rev, v) -> new Op(p > 0, Keys.concat(g, Keys.u64(~rev)), v)).list().ofMaxSize(40);
    }

    /**
     * {@link Table#firstOfGroup} answers like the sorted map (the first entry of the group, newest revision first)
     * over LMDB, a frozen and an active generation, at every sequence: the overlay's group filters must never hide a
     * version or a tombstone that a generation holds.
     */
    @Property(tries = 300)
    void firstOfGroupFindsTheGroupsFirstEntryInEveryLayer(@ForAll("groupOps") List<Op> ops,
                                                          @ForAll("groups") byte[] probe,
                                                          @ForAll @IntRange(max = 100) int split,
                                                          @ForAll @IntRange(max = 100) int frozen) {
        Table table = table("g", 8); // emptied at the end of every try
        Overlay overlay = new Overlay(2);
        Layers layers = layer(table, overlay, ops, split, frozen);
        List<byte[]> probes = new ArrayList<>();
        probes.add(probe);
        for (Op op : ops) {
            probes.add(Arrays.copyOf(op.key(), op.key().length - 8));
        }
        lmdb.read(txn -> {
            checkGroups(table, OverlayKv.writer(overlay, new LmdbKv(txn), 3, 0), layers.all(), probes);
            checkGroups(table, OverlayKv.reader(overlay, new LmdbKv(txn), 2, 0), layers.all(), probes);
            checkGroups(table, OverlayKv.reader(overlay, new LmdbKv(txn), 1, 0), layers.atOne(), probes);
            checkGroups(table, OverlayKv.reader(overlay, new LmdbKv(txn), 0, 0), layers.lmdbPart(), probes);
            return null;
        });
        lmdb.write(txn -> {
            Kv kv = new LmdbKv(txn);
            for (byte[] k : layers.lmdbPart().keySet()) {
                table.delete(kv, k);
            }
            return null;
        });
    }

    private static void checkGroups(Table table, Kv kv, TreeMap<byte[], byte[]> model, List<byte[]> groups) {
        for (byte[] g : groups) {
            Map.Entry<byte[], byte[]> first = model.ceilingEntry(g);
            byte[] expected = first != null && first.getKey().length == g.length + 8
                    && Keys.startsWith(first.getKey(), g) ? first.getValue() : null;
            assertThat(table.firstOfGroup(kv, g)).as("first of group %s", Arrays.toString(g)).isEqualTo(expected);
        }
    }

    /** A table over database {@code name} (keys of groups followed by {@code groupSuffix} bytes) and "overflow". */
    private static Table table(String name, int groupSuffix) {
        return new Table(name, new Db(name, 0, lmdb.openDbi(name), groupSuffix),
                new Db("overflow", 1, lmdb.openDbi("overflow")));
    }

    /** The model as LMDB holds it, as a reader at sequence 1 sees it, and as a reader at 2 (everything) does. */
    record Layers(TreeMap<byte[], byte[]> lmdbPart, TreeMap<byte[], byte[]> atOne, TreeMap<byte[], byte[]> all) {
    }

    /**
     * Applies the first {@code split}% of {@code ops} to LMDB, the next {@code frozen}% of the rest through the
     * overlay at sequence 1 (then frozen, as a commit does), the others at sequence 2 in the active generation.
     */
    private static Layers layer(Table table, Overlay overlay, List<Op> ops, int split, int frozen) {
        TreeMap<byte[], byte[]> model = new TreeMap<>(ORDER);
        int inLmdb = ops.size() * split / 100;
        int inFrozen = inLmdb + (ops.size() - inLmdb) * frozen / 100;
        lmdb.write(txn -> {
            apply(table, new LmdbKv(txn), ops.subList(0, inLmdb), model);
            return null;
        });
        TreeMap<byte[], byte[]> lmdbPart = new TreeMap<>(model);
        lmdb.read(txn -> {
            apply(table, OverlayKv.writer(overlay, new LmdbKv(txn), 1, 0), ops.subList(inLmdb, inFrozen), model);
            return null;
        });
        overlay.endSeq();
        overlay.freeze(1);
        TreeMap<byte[], byte[]> atOne = new TreeMap<>(model);
        lmdb.read(txn -> {
            apply(table, OverlayKv.writer(overlay, new LmdbKv(txn), 2, 0), ops.subList(inFrozen, ops.size()), model);
            return null;
        });
        overlay.endSeq();
        return new Layers(lmdbPart, atOne, model);
    }

    private static void apply(Table table, Kv kv, List<Op> ops, TreeMap<byte[], byte[]> model) {
        for (Op op : ops) {
            if (op.put()) {
                table.put(kv, op.key(), op.value());
                model.put(op.key(), op.value());
            } else {
                assertThat(table.delete(kv, op.key())).isEqualTo(model.remove(op.key()) != null);
            }
        }
    }

    private static void check(Table table, Kv kv, TreeMap<byte[], byte[]> model, byte[] seekTarget) {
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertThat(table.get(kv, e.getKey())).isEqualTo(e.getValue());
        }
        assertThat(table.get(kv, seekTarget)).isEqualTo(model.get(seekTarget));
        List<byte[]> all = new ArrayList<>();
        try (TableCursor c = table.cursor(kv)) {
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
    }
}
