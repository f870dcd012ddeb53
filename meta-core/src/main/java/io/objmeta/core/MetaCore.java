package io.objmeta.core;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.Ids;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.Paging;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.internal.apply.Applier;
import io.objmeta.core.internal.read.Listings;
import io.objmeta.core.internal.read.ObjectListing;
import io.objmeta.core.internal.read.VersionListing;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Lmdb;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.VersionKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * The metadata state machine over LMDB: a deterministic {@link #apply} of command batches, and reads that run
 * concurrently with it in LMDB read transactions. It knows nothing of logs: the embedded store feeds it from its
 * WAL, the server from Raft, and both record the log position it returns in {@link #appliedIndex()}.
 *
 * <p>Thread-safety: {@link #apply} from one thread at a time (the log's applier); reads from any thread.
 * Reads throw the typed exceptions of {@code io.objmeta.api}.
 */
public final class MetaCore implements AutoCloseable {
    private final Lmdb lmdb;
    private final Schema schema;
    private final Applier applier;
    private final CoreOptions options;
    private volatile long revision;     // last revision committed to LMDB
    private volatile long appliedIndex; // last log position committed to LMDB
    private volatile long appliedTerm;  // Raft term of appliedIndex (0 for the embedded store)

    private MetaCore(Lmdb lmdb, CoreOptions options) {
        this.lmdb = lmdb;
        this.options = options;
        this.schema = new Schema(lmdb);
        this.applier = new Applier(schema, options);
        if (lmdb.readOnly()) {
            lmdb.read(txn -> {
                checkFormat(schema.getLong(txn, Schema.MetaKeys.FORMAT));
                revision = schema.getLong(txn, Schema.MetaKeys.REVISION);
                appliedIndex = schema.getLong(txn, Schema.MetaKeys.APPLIED_INDEX);
                appliedTerm = schema.getLong(txn, Schema.MetaKeys.APPLIED_TERM);
                return null;
            });
            return;
        }
        lmdb.write(txn -> {
            long format = schema.getLong(txn, Schema.MetaKeys.FORMAT);
            if (format == 0) {
                schema.putLong(txn, Schema.MetaKeys.FORMAT, Schema.FORMAT_VERSION);
            } else {
                checkFormat(format);
            }
            revision = schema.getLong(txn, Schema.MetaKeys.REVISION);
            appliedIndex = schema.getLong(txn, Schema.MetaKeys.APPLIED_INDEX);
            appliedTerm = schema.getLong(txn, Schema.MetaKeys.APPLIED_TERM);
            return null;
        });
    }

    private static void checkFormat(long format) {
        if (format != Schema.FORMAT_VERSION) {
            throw new IllegalStateException("store format " + format + " (expected: " + Schema.FORMAT_VERSION + ")");
        }
    }

    /**
     * Opens an existing store read-only: {@link #apply} fails; reads, counts and dumps work. For snapshots and
     * offline tools.
     */
    public static MetaCore openReadOnly(Path dir) throws IOException {
        requireNonNull(dir, "dir");
        return new MetaCore(Lmdb.openReadOnly(dir), CoreOptions.defaults());
    }

    /** Opens (creating) the store in {@code dir}. */
    public static MetaCore open(Path dir, CoreOptions options) throws IOException {
        requireNonNull(dir, "dir");
        requireNonNull(options, "options");
        return new MetaCore(Lmdb.open(dir, options.initialMapSizeBytes(), options.metaSync(), options.maxReaders()),
                options);
    }

    public CoreOptions options() {
        return options;
    }

    /** The last revision assigned by a committed write. */
    public long revision() {
        return revision;
    }

    /** The log position of the last applied batch (WAL sequence or Raft index); 0 for a new store. */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** The Raft term of {@link #appliedIndex()} as recorded by {@link #applyAll(List, List, long)}; 0 embedded. */
    public long appliedTerm() {
        return appliedTerm;
    }

    /**
     * Applies a batch of validated commands in one LMDB transaction and records {@code logIndex} as applied with
     * it. Results come back in command order; a failed command is an error result and changes nothing.
     */
    public List<CommandResult> apply(long logIndex, List<Command> commands) {
        return applyAll(List.of(logIndex), List.of(commands)).get(0);
    }

    /**
     * Applies several log entries in ONE LMDB transaction (one commit, one fsync), each exactly as
     * {@link #apply} would (its own pruning and applied index, in order), so the state is the same as applying
     * them one by one. The embedded store uses it to share a commit between every batch that is durable.
     */
    public List<List<CommandResult>> applyAll(List<Long> logIndexes, List<List<Command>> batches) {
        return applyAll(logIndexes, batches, appliedTerm);
    }

    /**
     * As {@link #applyAll(List, List)}, and records {@code term} (the Raft term of the last entry) with the applied
     * index in the same transaction, so a replicated node knows the term/index pair its state is at.
     */
    public List<List<CommandResult>> applyAll(List<Long> logIndexes, List<List<Command>> batches, long term) {
        if (logIndexes.size() != batches.size() || batches.isEmpty()) {
            throw new IllegalArgumentException("logIndexes: " + logIndexes.size() + " (expected: one per batch, "
                    + batches.size() + ", at least one)");
        }
        List<Applier.Applied> applied = lmdb.write(txn -> {
            List<Applier.Applied> out = new java.util.ArrayList<>(batches.size());
            for (int i = 0; i < batches.size(); i++) {
                out.add(applier.apply(txn, logIndexes.get(i), batches.get(i)));
            }
            if (term != appliedTerm) {
                schema.putLong(txn, Schema.MetaKeys.APPLIED_TERM, term);
            }
            return out;
        });
        revision = applied.get(applied.size() - 1).revision();
        appliedIndex = logIndexes.get(logIndexes.size() - 1);
        appliedTerm = term;
        List<List<CommandResult>> results = new java.util.ArrayList<>(applied.size());
        applied.forEach(a -> results.add(a.results()));
        return results;
    }

    // ---- reads ----

    public Bucket getBucket(String name) {
        return lmdb.read(txn -> requireBucket(txn, name));
    }

    private Bucket requireBucket(Txn<byte[]> txn, String name) {
        byte[] v = schema.buckets.get(txn, Keys.utf8(name));
        if (v == null) {
            throw new NoSuchBucketException(name);
        }
        return Protos.parse(Bucket.parser(), v);
    }

    public ListBucketsResponse listBuckets(ListBucketsRequest r) {
        return lmdb.read(txn -> Listings.buckets(schema, txn, r, revisionIn(txn)));
    }

    /** The latest version, or the one named; NOT_FOUND (saying so) when it is a delete marker. */
    public ObjectVersion getObject(GetObjectRequest r) {
        return lmdb.read(txn -> {
            Bucket b = requireBucket(txn, r.getBucket());
            byte[] kp = VersionKeys.keyPrefix(Keys.u64(b.getCreateRevision()), r.getKey());
            if (r.getVersionId().isEmpty()) {
                ObjectVersion v = VersionKeys.latest(schema, txn, kp);
                if (v == null) {
                    throw new NoSuchKeyException(r.getBucket(), r.getKey());
                }
                if (v.getIsDeleteMarker()) {
                    throw NoSuchKeyException.deleteMarker(r.getBucket(), r.getKey(), v.getVersionId());
                }
                return v;
            }
            ObjectVersion v = VersionKeys.find(schema, txn, kp, r.getVersionId());
            if (v == null) {
                throw new NoSuchVersionException(r.getBucket(), r.getKey(), r.getVersionId());
            }
            if (v.getIsDeleteMarker()) {
                throw NoSuchKeyException.deleteMarker(r.getBucket(), r.getKey(), v.getVersionId());
            }
            return v;
        });
    }

    public ListObjectsResponse listObjects(ListObjectsRequest r) {
        return lmdb.read(txn -> ObjectListing.list(schema, txn, requireBucket(txn, r.getBucket()), r,
                revisionIn(txn), new long[1]));
    }

    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
        return lmdb.read(txn -> VersionListing.list(schema, txn, requireBucket(txn, r.getBucket()), r,
                revisionIn(txn)));
    }

    public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest r) {
        return lmdb.read(txn -> Listings.uploads(schema, txn, requireBucket(txn, r.getBucket()), r, revisionIn(txn)));
    }

    public ListPartsResponse listParts(ListPartsRequest r) {
        int max = Paging.effectiveMaxParts(r);
        return lmdb.read(txn -> {
            Bucket b = requireBucket(txn, r.getBucket());
            byte[] bid = Keys.u64(b.getCreateRevision());
            OptionalLong rev = Ids.revisionOfUploadId(r.getUploadId());
            byte[] key = rev.isEmpty() ? null : schema.uploadIds.get(txn, Keys.concat(bid, Keys.u64(rev.getAsLong())));
            if (key == null || (!r.getKey().isEmpty() && !r.getKey().equals(Keys.string(key)))) {
                throw new NoSuchUploadException(r.getBucket(), r.getUploadId());
            }
            return Listings.parts(schema, txn, Keys.concat(bid, Keys.u64(rev.getAsLong())), r.getPartNumberMarker(),
                    max, revisionIn(txn));
        });
    }

    public ListGarbageResponse listGarbage(ListGarbageRequest r) {
        return lmdb.read(txn -> Listings.garbage(schema, txn, r, revisionIn(txn)));
    }

    /**
     * Committed changes with revision {@code >= fromRevision}, at most about {@code limit} (whole revisions),
     * filtered by bucket and key prefix (empty = all). Throws {@code CompactedException} outside the window.
     */
    public List<Change> changes(long fromRevision, int limit, String bucket, String prefix) {
        return lmdb.read(txn -> Listings.changes(schema, txn, fromRevision, limit, bucket, prefix));
    }

    private long revisionIn(Txn<byte[]> txn) {
        return schema.getLong(txn, Schema.MetaKeys.REVISION);
    }

    // ---- whole-store operations ----

    /**
     * Writes every database, in a fixed order, as {@code name, key, value} length-prefixed records: the canonical
     * form of the store's contents. Equal dumps mean equal stores, byte for byte.
     */
    public void dumpCanonical(OutputStream out) throws IOException {
        try {
            lmdb.read(txn -> {
                try {
                    List<Dbi<byte[]>> dbis = schema.all();
                    for (int i = 0; i < dbis.size(); i++) {
                        byte[] name = Keys.utf8(Schema.NAMES.get(i));
                        try (Cursor<byte[]> c = dbis.get(i).openCursor(txn)) {
                            for (boolean ok = c.seek(SeekOp.MDB_FIRST); ok; ok = c.seek(SeekOp.MDB_NEXT)) {
                                writeField(out, name);
                                writeField(out, c.key());
                                writeField(out, c.val());
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** SHA-256 of {@link #dumpCanonical}, hex. */
    public String canonicalDigest() throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream out = new java.security.DigestOutputStream(OutputStream.nullOutputStream(), md)) {
            dumpCanonical(out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void writeField(OutputStream out, byte[] b) throws IOException {
        out.write(Keys.u32(b.length));
        out.write(b);
    }

    /**
     * Writes a compact copy of the LMDB file ({@code MDB_CP_COMPACT}) into the empty directory {@code dir}. LMDB
     * copies under its own read transaction: consistent at one commit, and writers are not blocked.
     */
    public void copyCompact(Path dir) {
        lmdb.env().copy(dir.toFile(), org.lmdbjava.CopyFlags.MDB_CP_COMPACT);
    }

    /** Flushes LMDB to disk (a checkpoint needs this before the log prefix can go). */
    public void sync() {
        lmdb.sync();
    }

    /** How much the store holds, counted in one read transaction. */
    public record Counts(long buckets, long objects, long versions, long deleteMarkers, long uploads) {
    }

    public Counts counts() {
        return lmdb.read(txn -> {
            long buckets = schema.buckets.stat(txn).entries;
            long uploads = schema.uploadIds.stat(txn).entries;
            long objects = 0;
            long versions = 0;
            long markers = 0;
            byte[] lastKey = null;
            try (io.objmeta.core.internal.store.TableCursor c = schema.versions.cursor(txn)) {
                int[] end = new int[1];
                for (boolean ok = c.first(); ok; ok = c.next()) {
                    byte[] row = c.key();
                    ObjectVersion v = Protos.parse(ObjectVersion.parser(), c.value());
                    byte[] keyPrefix = java.util.Arrays.copyOf(row, row.length - 8);
                    boolean newest = lastKey == null || !java.util.Arrays.equals(lastKey, keyPrefix);
                    if (v.getIsDeleteMarker()) {
                        markers++;
                    } else {
                        versions++;
                        if (newest) {
                            objects++;
                        }
                    }
                    lastKey = keyPrefix;
                }
            }
            return new Counts(buckets, objects, versions, markers, uploads);
        });
    }

    /**
     * Backlogs for metrics, from LMDB's own entry counts (constant time): garbage items waiting for an ack, change
     * log entries retained for watches, request ids remembered for de-duplication.
     */
    public record Backlogs(long garbageItems, long changes, long requestIds) {
    }

    public Backlogs backlogs() {
        return lmdb.read(txn -> new Backlogs(schema.garbage.stat(txn).entries, schema.changes.stat(txn).entries,
                schema.requests.stat(txn).entries));
    }

    /** Problems found cross-checking the store's redundant facts (usage counters, indexes); empty when sound. */
    public List<String> verify() {
        return lmdb.read(txn -> io.objmeta.core.internal.read.Invariants.check(schema, txn));
    }

    /** LMDB's size on disk and map size, for metrics and tools. */
    public long mapSizeBytes() {
        return lmdb.mapSizeBytes();
    }

    /** Internal access for the embedded store, tools and tests in this module. */
    Lmdb lmdb() {
        return lmdb;
    }

    Schema schema() {
        return schema;
    }

    @Override
    public void close() {
        lmdb.close();
    }
}
