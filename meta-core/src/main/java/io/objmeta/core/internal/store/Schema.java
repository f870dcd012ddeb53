package io.objmeta.core.internal.store;

import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

/**
 * The named LMDB databases and their key layouts (see the {@code io.objmeta.core} package documentation for the
 * drawing). {@code bid} is a bucket's create revision, 8 bytes big-endian, so a deleted and re-created bucket
 * never sees its predecessor's rows; {@code enc(key)} is {@link Keys#encodeKey}.
 */
public final class Schema {
    public static final int FORMAT_VERSION = 1;

    /** name → Bucket. */
    public final Dbi<byte[]> buckets;
    /** bid + enc(key) + ~revision → ObjectVersion: every version and delete marker, newest first per key. */
    public final Table versions;
    /** bid + enc(key) + revision → Upload: uploads in progress, oldest first per key (S3's listing order). */
    public final Table uploads;
    /** bid + uploadRevision → key (UTF-8): finds an upload from its id. */
    public final Dbi<byte[]> uploadIds;
    /** bid + uploadRevision + partNumber (4 bytes) → Part. */
    public final Dbi<byte[]> parts;
    /** revision + index (4 bytes) → GarbageItem. */
    public final Dbi<byte[]> garbage;
    /** revision + index (4 bytes) → Change: the change feed. */
    public final Dbi<byte[]> changes;
    /** clientId + 0x00 + sequence → timestamp (8 bytes) + CommandResult. */
    public final Dbi<byte[]> requests;
    /** timestamp + clientId + 0x00 + sequence → empty: expiry order of {@link #requests}. */
    public final Dbi<byte[]> requestExpiry;
    /** fixed names → values: see {@link MetaKeys}. */
    public final Dbi<byte[]> meta;
    /** chunks of keys longer than {@link Table#CHUNK}, for every {@link Table}. */
    public final Dbi<byte[]> overflow;

    public Schema(Lmdb lmdb) {
        overflow = lmdb.openDbi("overflow");
        buckets = lmdb.openDbi("buckets");
        versions = new Table("versions", lmdb.openDbi("versions"), overflow);
        uploads = new Table("uploads", lmdb.openDbi("uploads"), overflow);
        uploadIds = lmdb.openDbi("uploadIds");
        parts = lmdb.openDbi("parts");
        garbage = lmdb.openDbi("garbage");
        changes = lmdb.openDbi("changes");
        requests = lmdb.openDbi("requests");
        requestExpiry = lmdb.openDbi("requestExpiry");
        meta = lmdb.openDbi("meta");
    }

    /** Every database in a fixed order: canonical dumps and snapshot tools walk them in this order. */
    public java.util.List<Dbi<byte[]>> all() {
        return java.util.List.of(meta, buckets, versions.main(), uploads.main(), uploadIds, parts, garbage, changes,
                requests, requestExpiry, overflow);
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

        private MetaKeys() {
        }
    }

    public long getLong(Txn<byte[]> txn, byte[] metaKey) {
        byte[] v = meta.get(txn, metaKey);
        return v == null ? 0 : Keys.getU64(v, 0);
    }

    public void putLong(Txn<byte[]> txn, byte[] metaKey, long value) {
        meta.put(txn, metaKey, Keys.u64(value));
    }
}
