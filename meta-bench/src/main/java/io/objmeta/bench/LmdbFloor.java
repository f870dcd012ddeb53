package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * LMDB alone, under the engine workloads ({@code get --target lmdb}, {@code apply --target lmdb}): the floor a
 * {@code MetaCore} operation stands on, measured on the same machine in the same run shape. Reads go to the very
 * data file the engine preloaded; writes put rows of the sizes the engine writes. Nothing of objmeta runs in the
 * measured loop: no overlay, no key codec, no protobuf, no validation. lmdbjava is used as meta-core uses it
 * (zero-copy direct buffers, {@code MDB_NOTLS}, recycled read transactions, {@code MDB_NOMETASYNC}).
 */
final class LmdbFloor implements AutoCloseable {

    private static final long MAP_BYTES = 64L << 30; // sparse: only what is written takes disk

    private final Env<ByteBuffer> env;

    private LmdbFloor(Env<ByteBuffer> env) {
        this.env = env;
    }

    /** Opens (creating) an environment in {@code dir}, flags as meta-core's. */
    static LmdbFloor open(Path dir, int maxReaders) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        return new LmdbFloor(Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(MAP_BYTES).setMaxDbs(32)
                .setMaxReaders(maxReaders).open(dir.toFile(), EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOMETASYNC));
    }

    Dbi<ByteBuffer> dbi(String name) {
        return env.openDbi(name, DbiFlags.MDB_CREATE);
    }

    /** Every key of {@code dbi}, each a direct buffer of its own (one native block for all). */
    ByteBuffer[] keys(Dbi<ByteBuffer> dbi) {
        List<byte[]> keys = new ArrayList<>();
        long total = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> rows = dbi.iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> row : rows) {
                byte[] k = new byte[row.key().remaining()];
                row.key().get(k);
                keys.add(k);
                total += k.length;
            }
        }
        ByteBuffer block = ByteBuffer.allocateDirect(Math.toIntExact(total));
        ByteBuffer[] out = new ByteBuffer[keys.size()];
        int at = 0;
        for (int i = 0; i < out.length; i++) {
            byte[] k = keys.get(i);
            block.put(at, k);
            out[i] = block.slice(at, k.length);
            at += k.length;
        }
        return out;
    }

    /** Rows of {@code dbi} (LMDB's own count: no scan). */
    long rows(Dbi<ByteBuffer> dbi) {
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            return dbi.stat(txn).entries;
        }
    }

    /** Average key and value bytes of the rows of {@code dbi}: {@code {keyBytes, valueBytes, rows}}. */
    long[] rowSizes(Dbi<ByteBuffer> dbi) {
        long keys = 0;
        long values = 0;
        long rows = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> it = dbi.iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> row : it) {
                keys += row.key().remaining();
                values += row.val().remaining();
                rows++;
            }
        }
        return rows == 0 ? new long[] {0, 0, 0} : new long[] {keys / rows, values / rows, rows};
    }

    /**
     * The get floor: each worker reads random keys of {@code keys} from {@code dbi} with one {@code mdb_get} in its
     * own read transaction (renewed before, reset after, as meta-core recycles them) and copies the value out.
     */
    LoadResult readRandomly(WorkloadCommand cmd, CpuMeter cpu, int threads, Dbi<ByteBuffer> dbi, ByteBuffer[] keys)
            throws Exception {
        List<Txn<ByteBuffer>> txns = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            return cmd.run(cpu.counters(cmd.runner().threads(threads)).build(), worker -> {
                cpu.registerWorker();
                SplittableRandom random = new SplittableRandom(StoreGet.SEED + worker); // the other targets' keys
                Txn<ByteBuffer> txn = env.txnRead();
                txn.reset();
                txns.add(txn);
                return () -> {
                    ByteBuffer key = keys[random.nextInt(keys.length)];
                    txn.renew();
                    try {
                        ByteBuffer v = dbi.get(txn, key);
                        if (v == null) {
                            throw new IllegalStateException("a stored key was not found");
                        }
                        byte[] value = new byte[v.remaining()];
                        v.get(value);
                    } finally {
                        txn.reset();
                    }
                };
            });
        } finally {
            for (Txn<ByteBuffer> txn : txns) { // MDB_NOTLS: any thread may end them; lmdbjava aborts a ready one
                txn.renew();
                txn.close();
            }
        }
    }

    /**
     * The write floor: batches of puts, each put a versions row at a scattered (or ordered) key and a change row
     * at the next revision, of the sizes {@code sizes} ({@code {versionKey, versionValue, changeKey, changeValue}}
     * bytes). Like meta-core's committer, one write transaction takes every batch of {@code commitIntervalMillis}
     * (0: one per batch) and its commit syncs the data file. LMDB binds a write transaction to the thread that
     * began it, so the writes run on a thread of their own; handing it a batch costs a few microseconds per batch,
     * well under 1% of a batch's time.
     */
    static final class Writer implements AutoCloseable {
        private final Env<ByteBuffer> env;
        private final Dbi<ByteBuffer> versions;
        private final Dbi<ByteBuffer> changes;
        private final ByteBuffer versionKey;
        private final ByteBuffer versionValue;
        private final ByteBuffer changeKey;
        private final ByteBuffer changeValue;
        private final boolean randomKeys;
        private final long commitIntervalNanos;
        private final java.util.concurrent.ExecutorService thread =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "metabench-lmdb-writer"));
        private Txn<ByteBuffer> txn; // only on the writer thread
        private long txnStart;
        private long next;
        private long commits;

        Writer(LmdbFloor lmdb, int[] sizes, boolean randomKeys, long commitIntervalMillis) {
            this.env = lmdb.env;
            this.versions = lmdb.dbi("versions");
            this.changes = lmdb.dbi("changes");
            this.versionKey = ByteBuffer.allocateDirect(Math.max(24, sizes[0]));
            this.versionValue = random(sizes[1]);
            this.changeKey = ByteBuffer.allocateDirect(Math.max(8, sizes[2]));
            this.changeValue = random(sizes[3]);
            this.randomKeys = randomKeys;
            this.commitIntervalNanos = commitIntervalMillis * 1_000_000;
        }

        /** Writes the next {@code puts} objects; returns when they are in LMDB (committed if the interval is up). */
        void write(int puts) throws Exception {
            thread.submit(() -> {
                if (txn == null) {
                    txn = env.txnWrite();
                    txnStart = System.nanoTime();
                }
                for (int i = 0; i < puts; i++, next++) {
                    put(next);
                }
                if (System.nanoTime() - txnStart >= commitIntervalNanos) {
                    commit();
                }
                return null;
            }).get();
        }

        /** Runs {@code task} on the writer thread (to register it with a {@link CpuMeter}). */
        void onWriterThread(Runnable task) throws Exception {
            thread.submit(task).get();
        }

        /** Write transactions committed so far. */
        long commits() {
            return commits;
        }

        private void put(long n) {
            long id = randomKeys ? ObjectRecords.mix(n) : n;
            int k = versionKey.capacity();
            versionKey.clear();
            versionKey.putLong(0, 1L); // the bucket id
            versionKey.putLong(8, id); // the key: scattered or in order (bytes up to the revision stay 0)
            versionKey.putLong(k - 8, ~(n + 1)); // the revision, newest first
            versions.put(txn, versionKey, versionValue.duplicate());
            changeKey.clear();
            changeKey.putLong(0, n + 1);
            changes.put(txn, changeKey, changeValue.duplicate());
        }

        private void commit() {
            txn.commit();
            txn.close();
            txn = null;
            commits++;
        }

        private static ByteBuffer random(int bytes) {
            byte[] b = new byte[bytes];
            new SplittableRandom(bytes).nextBytes(b);
            return ByteBuffer.allocateDirect(bytes).put(b).flip();
        }

        /** Commits what is pending, on the writer thread, and stops it. */
        @Override
        public void close() throws Exception {
            try {
                thread.submit(() -> {
                    if (txn != null) {
                        commit();
                    }
                    return null;
                }).get();
            } finally {
                thread.shutdown();
            }
        }
    }

    @Override
    public void close() {
        env.close();
    }

    /** Bytes of the data file in {@code dir}. */
    static long dataBytes(Path dir) throws IOException {
        return java.nio.file.Files.size(dir.resolve("data.mdb"));
    }
}
