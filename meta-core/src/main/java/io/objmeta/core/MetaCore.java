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
import io.objmeta.core.internal.store.Db;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Kv;
import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.core.internal.store.LmdbKv;
import io.objmeta.core.internal.store.Overlay;
import io.objmeta.core.internal.store.OverlayKv;
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

/**
 * The metadata state machine over LMDB: a deterministic {@link #apply} of command batches, and reads that run
 * concurrently with it in LMDB read transactions. It knows nothing of logs: the embedded store feeds it from its
 * WAL, the server from Raft, and both record the log position it returns in {@link #appliedIndex()}.
 *
 * <p>Applies write into an in-memory {@link Overlay} (stamped with an apply sequence) and LMDB commits what they
 * wrote: at once, before the apply returns (the default), or in the background every
 * {@link CoreOptions#commitIntervalMillis()} in large transactions. Reads see LMDB plus the overlay as of the last
 * finished apply, so both ways every apply is visible the moment it returns. A reader pins the overlay versions
 * its LMDB snapshot lacks (an <i>epoch</i> count per commit), so dropping a committed generation never pulls a
 * version from under it.
 *
 * <p>Thread-safety: {@link #apply} from one thread at a time (the log's applier); reads and {@link #commit()}
 * from any thread. Reads throw the typed exceptions of {@code io.objmeta.api}.
 */
public final class MetaCore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetaCore.class.getName());

    /** What the applies up to {@code seq} left: the revision and log position (and Raft term) they reached. */
    private record State(long seq, long revision, long appliedIndex, long appliedTerm) {
    }

    /** Readers that began after LMDB committed {@code seq}; their snapshots hold at least that. */
    private static final class Epoch {
        final long seq;
        final java.util.concurrent.atomic.AtomicInteger readers = new java.util.concurrent.atomic.AtomicInteger();

        Epoch(long seq) {
            this.seq = seq;
        }
    }

    private final Lmdb lmdb;
    private final Schema schema;
    private final Applier applier;
    private final CoreOptions options;
    private final Overlay overlay;
    private final Object commitLock = new Object();
    private final java.util.ArrayDeque<Epoch> retired = new java.util.ArrayDeque<>(); // under commitLock
    /** Held by each apply, and by a commit while it freezes the active generation; never while taking commitLock. */
    private final java.util.concurrent.locks.ReentrantLock applyLock = new java.util.concurrent.locks.ReentrantLock();
    private volatile long lmdbCommits;       // written under commitLock
    private long writeSeq;                   // apply thread only: the last apply's sequence
    private volatile State published;        // after the last apply: what reads see
    /**
     * The sequence of the last apply that created or deleted a bucket: the only commands that change which buckets
     * exist and their ids (create revisions). Written before {@link #published}, so a reader that sees an apply's
     * sequence sees its mark too. {@link #bucketId} trusts {@link #bucketIds} only while it has not moved.
     */
    private volatile long bucketsChangedSeq;
    private final java.util.concurrent.ConcurrentHashMap<String, BucketId> bucketIds =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile State committed;        // what LMDB holds
    private volatile Epoch epoch = new Epoch(0);
    private volatile Throwable commitFailure;
    private final Thread committer;          // null: applies commit themselves
    private volatile boolean closing;

    private MetaCore(Lmdb lmdb, CoreOptions options) {
        this.lmdb = lmdb;
        this.options = options;
        this.schema = new Schema(lmdb);
        this.overlay = schema.newOverlay();
        this.applier = new Applier(schema, options);
        State[] at = new State[1];
        if (lmdb.readOnly()) {
            lmdb.readKv(kv -> {
                checkFormat(schema.getLong(kv, Schema.MetaKeys.FORMAT));
                at[0] = stateIn(kv);
                return null;
            });
        } else {
            lmdb.write(txn -> {
                Kv kv = new LmdbKv(txn);
                long format = schema.getLong(kv, Schema.MetaKeys.FORMAT);
                if (format == 0) {
                    schema.putLong(kv, Schema.MetaKeys.FORMAT, Schema.FORMAT_VERSION);
                } else {
                    checkFormat(format);
                }
                at[0] = stateIn(kv);
                return null;
            });
        }
        published = at[0];
        committed = at[0];
        if (options.commitIntervalMillis() > 0 && !lmdb.readOnly()) {
            committer = new Thread(this::commitLoop, "objmeta-lmdb-commit");
            committer.setDaemon(true);
            committer.start();
        } else {
            committer = null;
        }
    }

    private State stateIn(Kv kv) {
        return new State(0, schema.getLong(kv, Schema.MetaKeys.REVISION),
                schema.getLong(kv, Schema.MetaKeys.APPLIED_INDEX), schema.getLong(kv, Schema.MetaKeys.APPLIED_TERM));
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

    /** The last revision assigned by an applied write (visible to reads). */
    public long revision() {
        return published.revision();
    }

    /** The log position of the last applied batch (WAL sequence or Raft index); 0 for a new store. */
    public long appliedIndex() {
        return published.appliedIndex();
    }

    /** The Raft term of {@link #appliedIndex()} as recorded by {@link #applyAll(List, List, long)}; 0 embedded. */
    public long appliedTerm() {
        return published.appliedTerm();
    }

    /**
     * The log position LMDB has committed (at most {@link #appliedIndex()}): after a crash the store reopens here
     * and everything after it must come from the log.
     */
    public long committedIndex() {
        return committed.appliedIndex();
    }

    /** LMDB write transactions committed since open (applies share them when commits run in the background). */
    public long lmdbCommits() {
        return lmdbCommits;
    }

    /** Heap held by applied writes LMDB has not committed yet (approximate). */
    public long uncommittedBytes() {
        return overlay.bytesAbove(committed.seq());
    }

    /**
     * Applies a batch of validated commands as one apply and records {@code logIndex} as applied with it. Results come back in command order; a failed command is an error result and changes nothing.
     */
    public List<CommandResult> apply(long logIndex, List<Command> commands) {
        return applyAll(List.of(logIndex), List.of(commands)).get(0);
    }

    /**
     * Applies several log entries as one apply (one overlay sequence; with commits at once, one LMDB commit), each
     * exactly as {@link #apply} would (its own pruning and applied index, in order), so the state is the same as
     * applying them one by one. The embedded store uses it for every batch that is durable.
     */
    public List<List<CommandResult>> applyAll(List<Long> logIndexes, List<List<Command>> batches) {
        return applyAll(logIndexes, batches, published.appliedTerm());
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
        checkCommitter();
        List<Applier.Applied> applied;
        applyLock.lock(); // a commit freezes the overlay's active generation between two applies, never during one
        try {
            applied = applyLocked(logIndexes, batches, term);
        } finally {
            applyLock.unlock();
        }
        if (committer == null || overlay.bytes() > options.maxUncommittedBytes()) {
            commit(); // at once, or back-pressure: the apply thread waits for LMDB to catch up
        }
        List<List<CommandResult>> results = new java.util.ArrayList<>(applied.size());
        applied.forEach(a -> results.add(a.results()));
        return results;
    }

    private List<Applier.Applied> applyLocked(List<Long> logIndexes, List<List<Command>> batches, long term) {
        long seq = writeSeq + 1;
        long lastTerm = published.appliedTerm();
        List<Applier.Applied> applied;
        try {
            applied = withLmdb((base, lmdbSeq) -> {
                Kv w = OverlayKv.writer(overlay, base, seq, lmdbSeq);
                List<Applier.Applied> out = new java.util.ArrayList<>(batches.size());
                for (int i = 0; i < batches.size(); i++) {
                    out.add(applier.apply(w, logIndexes.get(i), batches.get(i)));
                }
                if (term != lastTerm) {
                    schema.putLong(w, Schema.MetaKeys.APPLIED_TERM, term);
                }
                return out;
            });
        } catch (RuntimeException | Error e) {
            overlay.rollback(seq);
            throw e;
        }
        overlay.endSeq();
        writeSeq = seq;
        if (changesBuckets(batches)) {
            bucketsChangedSeq = seq; // before published: see bucketId
        }
        published = new State(seq, applied.get(applied.size() - 1).revision(),
                logIndexes.get(logIndexes.size() - 1), term);
        return applied;
    }

    private static boolean changesBuckets(List<List<Command>> batches) {
        for (List<Command> batch : batches) {
            for (Command c : batch) {
                if (c.hasCreateBucket() || c.hasDeleteBucket()) {
                    return true; // whether it succeeded or not: a spurious mark only costs a lookup
                }
            }
        }
        return false;
    }

    private void checkCommitter() {
        Throwable f = commitFailure;
        if (f != null) {
            throw new IllegalStateException("LMDB commits failed; the store must be reopened: " + f, f);
        }
    }

    /**
     * Commits to LMDB, in one transaction, everything applied so far (freezing the overlay's active generation
     * between two applies), then drops the generations no reader needs any more. Cheap when there is nothing new.
     * The background committer calls it; so do snapshots, checkpoints and close.
     */
    public void commit() {
        synchronized (commitLock) {
            State to;
            applyLock.lock();
            try {
                to = published;
                overlay.freeze(to.seq());
            } finally {
                applyLock.unlock();
            }
            State from = committed;
            if (to.seq() > from.seq()) {
                try {
                    lmdb.write(txn -> overlay.writeFrozen(new LmdbKv(txn), schema.all(), from.seq()));
                } catch (RuntimeException | Error e) {
                    commitFailure = e;
                    throw e;
                }
                committed = to;
                lmdbCommits++;
                retired.add(epoch);
                epoch = new Epoch(to.seq());
            }
            while (!retired.isEmpty() && retired.peek().readers.get() == 0) {
                retired.poll();
            }
            long safe = retired.isEmpty() ? epoch.seq : retired.peek().seq;
            overlay.dropThrough(safe); // idempotent, and a look at a handful of generations
        }
    }

    /**
     * Makes LMDB hold everything applied so far, on disk: commits the overlay and flushes LMDB (its meta page
     * too). Returns the log position it holds: a log may drop everything at or below it.
     */
    public long checkpoint() {
        synchronized (commitLock) {
            commit();
            lmdb.sync();
            return committed.appliedIndex();
        }
    }

    private void commitLoop() {
        long interval = options.commitIntervalMillis();
        while (!closing) {
            try {
                synchronized (commitLock) {
                    commitLock.wait(interval);
                }
                commit();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                commitFailure = e;
                LOG.log(System.Logger.Level.ERROR, "LMDB commit failed; applies are refused until reopened", e);
                return;
            }
        }
    }

    /**
     * Runs {@code body} on an LMDB read transaction opened inside a reader epoch, so the overlay versions newer than
     * the transaction's snapshot stay until it ends. {@code body} also gets the epoch's sequence: the snapshot holds
     * every apply up to it, so overlay generations that end at or below it need not be looked at.
     */
    private <T> T withLmdb(LmdbBody<T> body) {
        Epoch e;
        while (true) {
            e = epoch;
            e.readers.incrementAndGet();
            if (e == epoch) {
                break;
            }
            e.readers.decrementAndGet();
        }
        long lmdbSeq = e.seq;
        try {
            return lmdb.readKv(kv -> body.apply(kv, lmdbSeq));
        } finally {
            e.readers.decrementAndGet();
        }
    }

    /** A body for {@link #withLmdb}: the LMDB view and the apply sequence its snapshot holds (unboxed: every read). */
    @FunctionalInterface
    private interface LmdbBody<T> {
        T apply(LmdbKv lmdb, long lmdbSeq);
    }

    /** Runs {@code body} on a view of every finished apply: LMDB plus the overlay up to the last apply. */
    private <T> T read(java.util.function.Function<Kv, T> body) {
        return readAt((view, seq) -> body.apply(view));
    }

    /** As {@link #read(java.util.function.Function)}; {@code body} also gets the sequence of the apply it sees up to. */
    private <T> T readAt(ReadBody<T> body) {
        return withLmdb((base, lmdbSeq) -> {
            long seq = published.seq();
            return body.apply(OverlayKv.reader(overlay, base, seq, lmdbSeq), seq);
        });
    }

    /** A body for {@link #readAt}: the read view and the sequence of the last apply it holds. */
    @FunctionalInterface
    private interface ReadBody<T> {
        T apply(Kv view, long seq);
    }

    /** Runs {@code body} on LMDB alone, after committing the overlay (for counts, which only LMDB keeps). */
    private <T> T readCommitted(java.util.function.Function<Kv, T> body) {
        commit(); // nothing to commit on a read-only store: its overlay stays empty
        return lmdb.readKv(body::apply);
    }

    // ---- reads ----

    public Bucket getBucket(String name) {
        return read(txn -> requireBucket(txn, name));
    }

    private Bucket requireBucket(Kv txn, String name) {
        byte[] v = schema.buckets.get(txn, Keys.utf8(name));
        if (v == null) {
            throw new NoSuchBucketException(name);
        }
        ParsedBucket cached = parsedBuckets.get(name);
        if (cached != null && java.util.Arrays.equals(cached.bytes(), v)) {
            return cached.bucket(); // the same record: its parse is reused
        }
        Bucket b = Protos.parse(Bucket.parser(), v);
        if (parsedBuckets.size() >= MAX_PARSED_BUCKETS) {
            parsedBuckets.clear();
        }
        parsedBuckets.put(name, new ParsedBucket(v, b));
        return b;
    }

    /**
     * The id (create revision) of bucket {@code name} in a read view holding applies up to {@code seq}; throws
     * NoSuchBucketException. Point reads need nothing else of the bucket, and its id changes only when a bucket is
     * created or deleted, so it is remembered: an entry made when the last such apply was {@code bucketsChangedSeq}
     * answers any view at or after that apply for as long as no other has come. The mark is read after the view's
     * sequence; if it is past the view, an apply the view does not hold has moved it, and LMDB is asked.
     */
    private long bucketId(Kv view, String name, long seq) {
        long changed = bucketsChangedSeq;
        boolean current = changed <= seq; // the view holds the last apply that changed buckets
        if (current) {
            BucketId id = bucketIds.get(name);
            if (id != null && id.changedSeq() == changed) {
                return id.createRevision();
            }
        }
        long createRevision = requireBucket(view, name).getCreateRevision();
        if (current) {
            if (bucketIds.size() >= MAX_PARSED_BUCKETS) {
                bucketIds.clear();
            }
            bucketIds.put(name, new BucketId(createRevision, changed));
        }
        return createRevision;
    }

    /** A bucket's id as of the apply {@code changedSeq}, the last that created or deleted a bucket then. */
    private record BucketId(long createRevision, long changedSeq) {
    }

    /** A bucket record and its parse; reads reuse the parse while the stored bytes are equal. */
    private record ParsedBucket(byte[] bytes, Bucket bucket) {
    }

    private static final int MAX_PARSED_BUCKETS = 4096;
    private final java.util.concurrent.ConcurrentHashMap<String, ParsedBucket> parsedBuckets =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ListBucketsResponse listBuckets(ListBucketsRequest r) {
        return read(txn -> Listings.buckets(schema, txn, r, revisionIn(txn)));
    }

    /** The latest version, or the one named; NOT_FOUND (saying so) when it is a delete marker. */
    public ObjectVersion getObject(GetObjectRequest r) {
        return readAt((txn, seq) -> {
            byte[] kp = VersionKeys.keyPrefix(Keys.u64(bucketId(txn, r.getBucket(), seq)), r.getKey());
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
        return read(txn -> ObjectListing.list(schema, txn, requireBucket(txn, r.getBucket()), r,
                revisionIn(txn), new long[1]));
    }

    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
        return read(txn -> VersionListing.list(schema, txn, requireBucket(txn, r.getBucket()), r,
                revisionIn(txn)));
    }

    public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest r) {
        return read(txn -> Listings.uploads(schema, txn, requireBucket(txn, r.getBucket()), r, revisionIn(txn)));
    }

    public ListPartsResponse listParts(ListPartsRequest r) {
        int max = Paging.effectiveMaxParts(r);
        return read(txn -> {
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
        return read(txn -> Listings.garbage(schema, txn, r, revisionIn(txn)));
    }

    /**
     * Committed changes with revision {@code >= fromRevision}, at most about {@code limit} (whole revisions),
     * filtered by bucket and key prefix (empty = all). Throws {@code CompactedException} outside the window.
     */
    public List<Change> changes(long fromRevision, int limit, String bucket, String prefix) {
        return read(txn -> Listings.changes(schema, txn, fromRevision, limit, bucket, prefix));
    }

    private long revisionIn(Kv txn) {
        return schema.getLong(txn, Schema.MetaKeys.REVISION);
    }

    // ---- whole-store operations ----

    /**
     * Writes every database, in a fixed order, as {@code name, key, value} length-prefixed records: the canonical
     * form of the store's contents. Equal dumps mean equal stores, byte for byte.
     */
    public void dumpCanonical(OutputStream out) throws IOException {
        commit();
        try {
            lmdb.readKv(kv -> {
                try {
                    List<Db> dbis = schema.all();
                    for (int i = 0; i < dbis.size(); i++) {
                        byte[] name = Keys.utf8(Schema.NAMES.get(i));
                        try (KvCursor c = kv.cursor(dbis.get(i))) {
                            for (boolean ok = c.first(); ok; ok = c.next()) {
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
        commit();
        lmdb.env().copy(dir.toFile(), org.lmdbjava.CopyFlags.MDB_CP_COMPACT);
    }

    /** How much the store holds, counted in one read transaction. */
    public record Counts(long buckets, long objects, long versions, long deleteMarkers, long uploads) {
    }

    public Counts counts() {
        return readCommitted(txn -> {
            long buckets = schema.buckets.entries(txn);
            long uploads = schema.uploadIds.entries(txn);
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
     * Backlogs for metrics, from LMDB's own entry counts (constant time, after committing what was applied):
     * garbage items waiting for an ack, change log entries retained for watches, request ids remembered for
     * de-duplication.
     */
    public record Backlogs(long garbageItems, long changes, long requestIds) {
    }

    public Backlogs backlogs() {
        return readCommitted(kv -> new Backlogs(schema.garbage.entries(kv), schema.changes.entries(kv),
                schema.requests.entries(kv)));
    }

    /** Problems found cross-checking the store's redundant facts (usage counters, indexes); empty when sound. */
    public List<String> verify() {
        return readCommitted(txn -> io.objmeta.core.internal.read.Invariants.check(schema, txn));
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

    /**
     * Stops the background committer, commits everything applied, and closes LMDB. Applies must have stopped.
     */
    @Override
    public void close() {
        closing = true;
        if (committer != null) {
            synchronized (commitLock) {
                commitLock.notifyAll();
            }
            try {
                committer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (commitFailure == null) {
                commit();
            }
        } finally {
            lmdb.close();
        }
    }
}
