package io.objmeta.core.internal.store;


/**
 * The named LMDB databases and their key layouts (see the {@code io.objmeta.core} package documentation for the
 * drawing). {@code bid} is a bucket's create revision, 8 bytes big-endian, so a deleted and re-created bucket
 * never sees its predecessor's rows; {@code enc(key)} is {@link Keys#encodeKey}.
 */
public final class Schema {
    public static final int FORMAT_VERSION = 1;

    /** name → Bucket. */
    public final Db buckets;
    /** bid + enc(key) + ~revision → ObjectVersion: every version and delete marker, newest first per key. */
    public final Table versions;
    /** bid + enc(key) + revision → Upload: uploads in progress, oldest first per key (S3's listing order). */
    public final Table uploads;
    /** bid + uploadRevision → key (UTF-8): finds an upload from its id. */
    public final Db uploadIds;
    /** bid + uploadRevision + partNumber (4 bytes) → Part. */
    public final Db parts;
    /** revision + index (4 bytes) → GarbageItem. */
    public final Db garbage;
    /** revision + index (4 bytes) → Change: the change feed. */
    public final Db changes;
    /** clientId + 0x00 + sequence → timestamp (8 bytes) + CommandResult. */
    public final Db requests;
    /** timestamp + clientId + 0x00 + sequence → empty: expiry order of {@link #requests}. */
    public final Db requestExpiry;
    /** fixed names → values: see {@link MetaKeys}. */
    public final Db meta;
    /** chunks of keys longer than {@link Table#CHUNK}, for every {@link Table}. */
    public final Db overflow;

    private final java.util.List<Db> all;

    public Schema(Lmdb lmdb) {
        // ids follow NAMES, so the canonical order, the overlay's maps and the commit order agree
        meta = open(lmdb, "meta");
        buckets = open(lmdb, "buckets");
        versions = new Table("versions", open(lmdb, "versions", 8), null); // bid + enc(key) + ~revision
        uploads = new Table("uploads", open(lmdb, "uploads"), null);
        uploadIds = open(lmdb, "uploadIds");
        parts = open(lmdb, "parts");
        garbage = open(lmdb, "garbage");
        changes = open(lmdb, "changes");
        requests = open(lmdb, "requests");
        requestExpiry = open(lmdb, "requestExpiry");
        overflow = open(lmdb, "overflow");
        versions.overflow(overflow);
        uploads.overflow(overflow);
        all = java.util.List.of(meta, buckets, versions.main(), uploads.main(), uploadIds, parts, garbage, changes,
                requests, requestExpiry, overflow);
    }

    private static Db open(Lmdb lmdb, String name) {
        return open(lmdb, name, 0);
    }

    private static Db open(Lmdb lmdb, String name, int groupSuffix) {
        return new Db(name, NAMES.indexOf(name), lmdb.openDbi(name), groupSuffix);
    }

    /** Every database in a fixed order ({@link #NAMES}): canonical dumps, tools and commits walk them in it. */
    public java.util.List<Db> all() {
        return all;
    }

    /** A new, empty overlay with a map for each database of this schema. */
    public Overlay newOverlay() {
        return new Overlay(all.size());
    }

    /** Names of {@link #all()}, same order. */
    public static final java.util.List<String> NAMES = java.util.List.of("meta", "buckets", "versions", "uploads",
            "uploadIds", "parts", "garbage", "changes", "requests", "requestExpiry", "overflow");

    /** Keys of the {@code meta} database. */
    public static final class MetaKeys {
        public static final byte[] FORMAT = Keys.utf8("format");           // u64 FORMAT_VERSION
        public static final byte[] REVISION = Keys.utf8("revision");       // u64 last assigned revision
        public static final byte[] APPLIED_INDEX = Keys.utf8("appliedIndex"); // u64 last applied log position
        public static final byte[] APPLIED_TERM = Keys.utf8("appliedTerm");   // u64 Raft term of it (0 embedded)
        public static final byte[] COMPACTED = Keys.utf8("compactedRevision"); // u64 changes at or below are pruned
        public static final byte[] GARBAGE_ACKED = Keys.utf8("garbageAcked"); // u64 garbage acked up to
        public static final byte[] REQUESTS_PRUNED = Keys.utf8("requestsPrunedBelow"); // u64 expiry rows below gone

        private MetaKeys() {
        }
    }

    public long getLong(Kv txn, byte[] metaKey) {
        byte[] v = meta.get(txn, metaKey);
        return v == null ? 0 : Keys.getU64(v, 0);
    }

    public void putLong(Kv txn, byte[] metaKey, long value) {
        meta.put(txn, metaKey, Keys.u64(value));
    }
}
