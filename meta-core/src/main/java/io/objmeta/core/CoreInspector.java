package io.objmeta.core;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.internal.read.Invariants;
import io.objmeta.core.internal.read.Listings;
import io.objmeta.core.internal.read.RecordChecks;
import io.objmeta.core.internal.read.ObjectListing;
import io.objmeta.core.internal.read.VersionListing;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.LmdbKv;
import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.core.internal.store.Kv;
import io.objmeta.core.internal.store.Db;
import io.objmeta.core.internal.store.Lmdb;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.TableCursor;
import io.objmeta.core.internal.store.VersionKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;

/**
 * Read-only access to a store's LMDB file for offline tools ({@code metasnap}): LMDB statistics, every record of
 * every database in key order, record-level checks and the cross-checks of {@link MetaCore#verify()}, streaming
 * scans of object versions, and the listings of {@link MetaCore}.
 *
 * <p>It opens the environment with {@code MDB_RDONLY | MDB_NOLOCK}: nothing in the directory is created or
 * written, not even {@code lock.mdb}. Without the lock no writer can see this reader, so the caller must make sure
 * no process writes to the directory while it is open (a snapshot, a stopped node). Not thread-safe.
 */
public final class CoreInspector implements AutoCloseable {
    private final Lmdb lmdb;
    private final Schema schema;

    private CoreInspector(Lmdb lmdb) {
        this.lmdb = lmdb;
        this.schema = new Schema(lmdb);
    }

    /** Opens the LMDB environment in {@code lmdbDir} (the directory holding {@code data.mdb}) read-only. */
    public static CoreInspector open(Path lmdbDir) throws IOException {
        requireNonNull(lmdbDir, "lmdbDir");
        Lmdb lmdb = Lmdb.openReadOnlyUnlocked(lmdbDir);
        try {
            return new CoreInspector(lmdb);
        } catch (RuntimeException e) {
            lmdb.close();
            throw e;
        }
    }

    /** The databases, in the order {@link #forEachRecord} and canonical dumps use. */
    public static List<String> databases() {
        return Schema.NAMES;
    }

    // ---- the meta database ----

    public long revision() {
        return metaLong("revision");
    }

    public long appliedIndex() {
        return metaLong("appliedIndex");
    }

    /** The Raft term of the applied index; 0 for the embedded store. */
    public long appliedTerm() {
        return read(txn -> schema.getLong(txn, Schema.MetaKeys.APPLIED_TERM));
    }

    /** A u64 entry of the {@code meta} database, 0 when absent. */
    public long metaLong(String name) {
        return read(txn -> schema.getLong(txn, Keys.utf8(name)));
    }

    /** Every entry of the {@code meta} database whose value is a u64, by name. */
    public Map<String, Long> meta() {
        Map<String, Long> out = new LinkedHashMap<>();
        forEachRecord("meta", (k, v) -> {
            if (v.length == 8) {
                out.put(Keys.string(k), Keys.getU64(v, 0));
            }
        });
        return out;
    }

    // ---- LMDB statistics ----

    /** B-tree shape of one database. */
    public record DbStats(String name, int depth, long branchPages, long leafPages, long overflowPages,
                          long entries) {
    }

    /**
     * The environment as LMDB describes it.
     *
     * @param mapSizeBytes   the map size recorded in the file
     * @param pageSize       bytes per page
     * @param lastPageNumber last page in use (the file needs {@code (lastPageNumber + 1) * pageSize} bytes)
     * @param lastTxnId      id of the last committed transaction
     * @param dbs            each named database, in {@link #databases()} order
     */
    public record EnvStats(long mapSizeBytes, int pageSize, long lastPageNumber, long lastTxnId, List<DbStats> dbs) {
        public EnvStats {
            dbs = List.copyOf(dbs);
        }
    }

    public EnvStats envStats() {
        EnvInfo info = lmdb.env().info();
        Stat root = lmdb.env().stat();
        List<DbStats> dbs = lmdb.read(txn -> { // LMDB's own page statistics: the raw transaction
            List<DbStats> out = new ArrayList<>();
            List<Db> all = schema.all();
            for (int i = 0; i < all.size(); i++) {
                Stat s = all.get(i).dbi().stat(txn);
                out.add(new DbStats(Schema.NAMES.get(i), s.depth, s.branchPages, s.leafPages, s.overflowPages,
                        s.entries));
            }
            return out;
        });
        return new EnvStats(info.mapSize, root.pageSize, info.lastPageNumber, info.lastTransactionId, dbs);
    }

    // ---- raw records ----

    /** Receives one record: its key and value bytes (owned by the visitor). */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(byte[] key, byte[] value);
    }

    /**
     * Visits every record of database {@code db} in key order. For {@code versions} and {@code uploads} the keys
     * are the full logical row keys (long keys joined from their overflow chunks).
     */
    public void forEachRecord(String db, RecordVisitor visitor) {
        requireNonNull(visitor, "visitor");
        int i = Schema.NAMES.indexOf(requireNonNull(db, "db"));
        if (i < 0) {
            throw new IllegalArgumentException("db: \"" + db + "\" (expected: one of " + Schema.NAMES + ")");
        }
        read(txn -> {
            if (db.equals("versions") || db.equals("uploads")) {
                try (TableCursor c = (db.equals("versions") ? schema.versions : schema.uploads).cursor(txn)) {
                    for (boolean ok = c.first(); ok; ok = c.next()) {
                        visitor.visit(c.key(), c.value());
                    }
                }
                return null;
            }
            try (KvCursor c = schema.all().get(i).openCursor(txn)) {
                for (boolean ok = c.first(); ok; ok = c.next()) {
                    visitor.visit(c.key(), c.val());
                }
            }
            return null;
        });
    }

    /** One problem found by {@link #checkRecords}: the database, the row key (null when none) and what is wrong. */
    public record Problem(String db, byte @Nullable [] key, String message) {
        public Problem {
            requireNonNull(db, "db");
            requireNonNull(message, "message");
        }
    }

    /**
     * Checks that every record of every database decodes (key layout and protobuf value), that the change log and
     * the garbage queue hold their revisions in order and not above the store's, then runs the cross-checks of
     * {@link MetaCore#verify()}. {@code progress} receives 1 per record read.
     */
    public void checkRecords(Consumer<Problem> sink, LongConsumer progress) {
        RecordChecks checks = new RecordChecks(revision(), metaLong("compactedRevision"), sink);
        for (String db : Schema.NAMES) {
            checks.begin(db);
            forEachRecord(db, (k, v) -> {
                checks.check(db, k, v);
                progress.accept(1);
            });
        }
        List<String> invariants;
        try {
            invariants = verifyInvariants();
        } catch (IllegalStateException e) { // a record that does not decode, reported above
            invariants = List.of("not checked to the end: " + e.getMessage());
        }
        for (String p : invariants) {
            sink.accept(new Problem("invariants", null, p));
        }
    }

    /** The cross-checks of {@link MetaCore#verify()}: usage counters, indexes, uploads and parts. */
    public List<String> verifyInvariants() {
        return read(txn -> Invariants.check(schema, txn));
    }

    /** A row key of {@code db} in words ({@code bucket id 5, key "a/b", revision 17}); hex when it does not parse. */
    public static String describeKey(String db, byte[] key) {
        return RecordChecks.describe(db, key);
    }

    /** A key with control characters, quotes and backslashes escaped, so it prints on one line. */
    public static String escapeKey(String key) {
        return RecordChecks.escape(key);
    }

    // ---- buckets, listings, versions ----

    /** Every bucket, in name order. */
    public List<Bucket> buckets() {
        List<Bucket> out = new ArrayList<>();
        forEachRecord("buckets", (k, v) -> out.add(Protos.parse(Bucket.parser(), v)));
        return out;
    }

    public Bucket bucket(String name) {
        byte[] v = read(txn -> schema.buckets.get(txn, Keys.utf8(name)));
        if (v == null) {
            throw new NoSuchBucketException(name);
        }
        return Protos.parse(Bucket.parser(), v);
    }

    public ListObjectsResponse listObjects(ListObjectsRequest r) {
        Bucket b = bucket(r.getBucket());
        return read(txn -> ObjectListing.list(schema, txn, b, r, revision(txn), new long[1]));
    }

    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
        Bucket b = bucket(r.getBucket());
        return read(txn -> VersionListing.list(schema, txn, b, r, revision(txn)));
    }

    public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest r) {
        Bucket b = bucket(r.getBucket());
        return read(txn -> Listings.uploads(schema, txn, b, r, revision(txn)));
    }

    private long revision(Kv txn) {
        return schema.getLong(txn, Schema.MetaKeys.REVISION);
    }

    /**
     * One stored version in a scan.
     *
     * @param bucket  the bucket's name
     * @param key     the object key
     * @param version the version or delete marker
     * @param latest  whether it is the newest row of its key
     */
    public record VersionRow(String bucket, String key, ObjectVersion version, boolean latest) {
    }

    /**
     * Streams every version and delete marker of the bucket (every bucket when null) whose key starts with
     * {@code prefix}: buckets in name order, keys in UTF-8 byte order, each key's versions newest first. Holds one
     * read transaction until closed; memory stays constant whatever the store holds.
     */
    public VersionScan scanVersions(@Nullable String bucket, String prefix) {
        requireNonNull(prefix, "prefix");
        List<Bucket> buckets = bucket == null ? buckets() : List.of(bucket(bucket));
        return new VersionScan(new LmdbKv(lmdb.env().txnRead()), buckets, Keys.escape(Keys.utf8(prefix)));
    }

    /** Counts as a snapshot manifest states them, computed by a scan; {@code progress} gets 1 per version row. */
    public MetaCore.Counts counts(LongConsumer progress) {
        long objects = 0;
        long versions = 0;
        long markers = 0;
        try (VersionScan scan = scanVersions(null, "")) {
            while (scan.hasNext()) {
                VersionRow row = scan.next();
                if (row.version().getIsDeleteMarker()) {
                    markers++;
                } else {
                    versions++;
                    objects += row.latest() ? 1 : 0;
                }
                progress.accept(1);
            }
        }
        long[] n = read(txn -> new long[] {schema.buckets.entries(txn), schema.uploadIds.entries(txn)});
        return new MetaCore.Counts(n[0], objects, versions, markers, n[1]);
    }

    /** An iterator over a read transaction; close it. */
    public final class VersionScan implements Iterator<VersionRow>, AutoCloseable {
        private final LmdbKv txn;
        private final Iterator<Bucket> buckets;
        private final byte[] escapedPrefix;
        private Bucket bucket;
        private byte[] scope;
        private TableCursor cursor;
        private boolean onRow;
        private byte[] lastKeyPrefix;
        private VersionRow next;

        private VersionScan(LmdbKv txn, List<Bucket> buckets, byte[] escapedPrefix) {
            this.txn = txn;
            this.buckets = buckets.iterator();
            this.escapedPrefix = escapedPrefix;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (cursor == null) {
                    if (!buckets.hasNext()) {
                        return false;
                    }
                    bucket = buckets.next();
                    scope = Keys.concat(Keys.u64(bucket.getCreateRevision()), escapedPrefix);
                    cursor = schema.versions.cursor(txn);
                    onRow = cursor.seek(scope);
                    lastKeyPrefix = null;
                } else {
                    onRow = cursor.next();
                }
                if (!onRow || !Keys.startsWith(cursor.key(), scope)) {
                    cursor.close();
                    cursor = null;
                    continue;
                }
                next = decode(cursor.key(), cursor.value());
            }
            return true;
        }

        private VersionRow decode(byte[] row, byte[] value) {
            try {
                byte[] keyPrefix = Arrays.copyOf(row, row.length - 8);
                String key = Keys.string(Keys.decodeKey(row, 8, new int[1]));
                boolean latest = lastKeyPrefix == null || !Arrays.equals(lastKeyPrefix, keyPrefix);
                lastKeyPrefix = keyPrefix;
                return new VersionRow(bucket.getName(), key, Protos.parse(ObjectVersion.parser(), value), latest);
            } catch (RuntimeException e) {
                throw new IllegalStateException("versions[" + describeKey("versions", row) + "]: " + e.getMessage(),
                        e);
            }
        }

        @Override
        public VersionRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            VersionRow r = next;
            next = null;
            return r;
        }

        @Override
        public void close() {
            if (cursor != null) {
                cursor.close();
                cursor = null;
            }
            txn.txn().close();
        }
    }

    /** Every version of one key, newest first (delete markers included); empty when the key has none. */
    public List<ObjectVersion> versions(String bucket, String key) {
        Bucket b = bucket(bucket);
        return read(txn -> VersionKeys.all(schema, txn, VersionKeys.keyPrefix(Keys.u64(b.getCreateRevision()),
                key)));
    }

    /** Runs {@code body} in a read transaction of the (stopped) store's LMDB: there is no overlay offline. */
    private <T> T read(java.util.function.Function<Kv, T> body) {
        return lmdb.readKv(body::apply);
    }

    @Override
    public void close() {
        lmdb.close();
    }
}
