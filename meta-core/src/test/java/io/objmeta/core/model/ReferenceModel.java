package io.objmeta.core.model;

import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Limits;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.proto.AckGarbageResponse;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnOpResult;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.TxnResponse;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.model.ModelState.BucketState;
import io.objmeta.core.model.ModelState.UploadState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory reference implementation of DESIGN.md "Data model and semantics": the same
 * {@code Command -> CommandResult} function as meta-core's apply, written from the contract with sorted maps and
 * lists, no LMDB and no key encodings. It exists to be obviously right, not fast: every write works on a deep copy
 * of the state that replaces the state only when the write succeeds, so "a failed write changes nothing" and Txn
 * atomicity hold by construction.
 *
 * <p>Choices where DESIGN.md is silent, matching meta-core's documented ones: a bucket's {@code revision} moves only
 * on configuration changes; a bucket with any version, delete marker or upload is not empty; GET of a delete
 * marker version is NoSuchKey saying so; deleting an unknown versionId is NoSuchVersion; a location that is empty
 * frees nothing, so it never becomes garbage; a write is rejected for quota when it grows a dimension (objects,
 * bytes) past a non-zero limit, judged on the write's net effect (a Txn is one write); checks run in the order
 * bucket, condition, version, quota (multipart completion checks its parts before the condition).
 *
 * <p>The state is a {@link ModelState}; multipart writes live in {@link ReferenceMultipart}, listings in
 * {@link ReferenceListings}.
 */
public final class ReferenceModel {
    /** Strict UTF-8 byte order, the order of every listing (differs from {@link String#compareTo} above U+FFFF). */
    public static final Comparator<String> UTF8_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final long minPartSizeBytes;
    private final ReferenceMultipart multipart = new ReferenceMultipart(this);
    private ModelState state = new ModelState();

    public ReferenceModel(long minPartSizeBytes) {
        this.minPartSizeBytes = minPartSizeBytes;
    }

    long minPartSizeBytes() {
        return minPartSizeBytes;
    }

    /** The last revision assigned by a committed write. */
    public long revision() {
        return state.revision;
    }

    TreeMap<String, BucketState> buckets() {
        return state.buckets;
    }

    BucketState requireBucket(String name) {
        BucketState b = state.buckets.get(name);
        if (b == null) {
            throw new NoSuchBucketException(name);
        }
        return b;
    }

    /** The garbage queue, oldest first. */
    public List<GarbageItem> garbage() {
        return List.copyOf(state.garbage);
    }

    // ---- reads ----

    public Bucket getBucket(String name) {
        return requireBucket(name).toProto();
    }

    /** The latest version, or the one named; a delete marker is NoSuchKey saying so. */
    public ObjectVersion getObject(GetObjectRequest r) {
        BucketState b = requireBucket(r.getBucket());
        List<ObjectVersion> vs = b.versionsOf(r.getKey());
        ObjectVersion v;
        if (r.getVersionId().isEmpty()) {
            if (vs.isEmpty()) {
                throw new NoSuchKeyException(r.getBucket(), r.getKey());
            }
            v = vs.get(0);
        } else {
            v = find(vs, r.getVersionId());
            if (v == null) {
                throw new NoSuchVersionException(r.getBucket(), r.getKey(), r.getVersionId());
            }
        }
        if (v.getIsDeleteMarker()) {
            throw NoSuchKeyException.deleteMarker(r.getBucket(), r.getKey(), v.getVersionId());
        }
        return v;
    }

    /** Every version of a key, newest first (empty for an absent key or bucket). */
    public List<ObjectVersion> versions(String bucket, String key) {
        BucketState b = state.buckets.get(bucket);
        return b == null ? List.of() : List.copyOf(b.versionsOf(key));
    }

    /** Every upload in progress, in every bucket. */
    public List<Upload> uploads() {
        List<Upload> out = new ArrayList<>();
        state.buckets.values().forEach(b -> b.uploads.values().forEach(u -> out.add(u.upload)));
        return out;
    }

    /** The parts of an upload in progress by part number (empty if there is no such upload). */
    public Map<Integer, Part> parts(String bucket, String uploadId) {
        BucketState b = state.buckets.get(bucket);
        if (b != null) {
            for (UploadState u : b.uploads.values()) {
                if (u.upload.getUploadId().equals(uploadId)) {
                    return Map.copyOf(u.parts);
                }
            }
        }
        return Map.of();
    }

    /** The live current version of a key (the latest unless it is a delete marker), or null. */
    public ObjectVersion live(String bucket, String key) {
        BucketState b = state.buckets.get(bucket);
        return b == null ? null : live(b.versionsOf(key));
    }

    private static ObjectVersion live(List<ObjectVersion> vs) {
        return vs.isEmpty() || vs.get(0).getIsDeleteMarker() ? null : vs.get(0);
    }

    private static ObjectVersion find(List<ObjectVersion> vs, String versionId) {
        for (ObjectVersion v : vs) {
            if (v.getVersionId().equals(versionId)) {
                return v;
            }
        }
        return null;
    }

    // ---- writes ----

    /**
     * Applies one (validated) command stamped with {@code timestampMillis}: returns its success result, or throws
     * the typed exception of its failure, having changed nothing.
     */
    public CommandResult apply(Command c, long timestampMillis) {
        ModelState before = state;
        state = before.copy();
        boolean ok = false;
        try {
            CommandResult r = dispatch(c, timestampMillis);
            ok = true;
            return r;
        } finally {
            if (!ok) {
                state = before;
            }
        }
    }

    private CommandResult dispatch(Command c, long ts) {
        CommandResult.Builder r = CommandResult.newBuilder();
        switch (c.getRequestCase()) {
            case CREATE_BUCKET -> r.setCreateBucket(createBucket(c.getCreateBucket(), ts));
            case UPDATE_BUCKET -> r.setUpdateBucket(updateBucket(c.getUpdateBucket()));
            case DELETE_BUCKET -> r.setDeleteBucket(deleteBucket(c.getDeleteBucket()));
            case PUT_OBJECT -> r.setPutObject(putObject(c.getPutObject(), ts));
            case DELETE_OBJECT -> r.setDeleteObject(deleteObject(c.getDeleteObject(), ts));
            case TXN -> r.setTxn(txn(c.getTxn(), ts));
            case CREATE_MULTIPART_UPLOAD -> r.setCreateMultipartUpload(
                    multipart.createUpload(c.getCreateMultipartUpload(), ts));
            case UPLOAD_PART -> r.setUploadPart(multipart.uploadPart(c.getUploadPart(), ts));
            case COMPLETE_MULTIPART_UPLOAD -> r.setCompleteMultipartUpload(
                    multipart.complete(c.getCompleteMultipartUpload(), ts));
            case ABORT_MULTIPART_UPLOAD -> r.setAbortMultipartUpload(multipart.abort(c.getAbortMultipartUpload()));
            case ACK_GARBAGE -> r.setAckGarbage(ackGarbage(c.getAckGarbage().getUpToRevision()));
            default -> throw new IllegalArgumentException("not a write: " + c.getRequestCase());
        }
        return r.build();
    }

    long nextRevision() {
        return state.revision + 1;
    }

    // ---- buckets ----

    private Bucket createBucket(CreateBucketRequest r, long ts) {
        if (state.buckets.containsKey(r.getBucket())) {
            throw new BucketAlreadyExistsException(r.getBucket());
        }
        long rev = commit();
        BucketState b = new BucketState(r.getBucket(), rev, ts);
        b.revision = rev;
        b.versioning = r.getVersioning();
        b.quota = r.getQuota(); // absent: unlimited (the default instance)
        b.labels.putAll(r.getLabelsMap());
        state.buckets.put(b.name, b);
        return b.toProto();
    }

    private Bucket updateBucket(UpdateBucketRequest r) {
        BucketState b = requireBucket(r.getBucket());
        checkBucketRevision(b, r.hasExpectedRevision(), r.getExpectedRevision());
        if (r.hasVersioning()) {
            b.versioning = r.getVersioning(); // validation admits ENABLED and SUSPENDED only
        }
        if (r.hasQuota()) {
            b.quota = r.getQuota();
        }
        r.getRemoveLabelsList().forEach(b.labels::remove);
        b.labels.putAll(r.getLabelsMap());
        if (b.labels.size() > Limits.MAX_LABELS) {
            throw InvalidArgumentException.of("labels", b.labels.size(), "at most 64 labels");
        }
        b.revision = commit();
        return b.toProto();
    }

    private Bucket deleteBucket(DeleteBucketRequest r) {
        BucketState b = requireBucket(r.getBucket());
        checkBucketRevision(b, r.hasExpectedRevision(), r.getExpectedRevision());
        if (!b.versions.isEmpty() || !b.uploads.isEmpty()) {
            throw new BucketNotEmptyException(b.name);
        }
        b.revision = commit();
        state.buckets.remove(b.name);
        return b.toProto();
    }

    private static void checkBucketRevision(BucketState b, boolean has, long expected) {
        if (has && expected != b.revision) {
            throw new ConflictException("bucket revision " + b.revision, b.revision);
        }
    }

    // ---- objects ----

    /** An object write's condition, on the key's live current version. */
    record Condition(boolean hasRevision, long revision, boolean hasEtag, String etag) {
        void check(ObjectVersion live, int opIndex) {
            long current = live == null ? 0 : live.getRevision();
            boolean revisionFails = hasRevision && revision != current;
            boolean etagFails = hasEtag && (live == null || !live.getEtag().equals(etag));
            if (revisionFails || etagFails) {
                throw new ConflictException("condition failed, current revision " + current, current, opIndex);
            }
        }
    }

    private static Condition condition(PutObjectRequest r) {
        return new Condition(r.hasExpectedRevision(), r.getExpectedRevision(), r.hasExpectedEtag(),
                r.getExpectedEtag());
    }

    private static Condition condition(DeleteObjectRequest r) {
        return new Condition(r.hasExpectedRevision(), r.getExpectedRevision(), r.hasExpectedEtag(),
                r.getExpectedEtag());
    }

    private PutObjectResponse putObject(PutObjectRequest r, long ts) {
        Map<String, Usage> before = new LinkedHashMap<>();
        ObjectVersion v = writeVersion(before, r.getBucket(), versionOf(r), condition(r), -1, nextRevision(), ts);
        checkQuotas(before);
        commit();
        return PutObjectResponse.newBuilder().setRevision(v.getRevision()).setVersionId(v.getVersionId()).build();
    }

    private DeleteObjectResponse deleteObject(DeleteObjectRequest r, long ts) {
        Map<String, Usage> before = new LinkedHashMap<>();
        DeleteObjectResponse d = deleteVersion(before, r, -1, nextRevision(), ts);
        if (d == null) { // an absent key in an unversioned bucket: nothing changes, no revision
            return DeleteObjectResponse.newBuilder().setRevision(state.revision).build();
        }
        checkQuotas(before);
        commit();
        return d;
    }

    /** All ops at one revision, or none: the state copy is dropped on the first failure. */
    private TxnResponse txn(TxnRequest t, long ts) {
        Map<String, Usage> before = new LinkedHashMap<>();
        long rev = nextRevision();
        List<Object> results = new ArrayList<>(); // PutObjectResponse, DeleteObjectResponse or null (no-op)
        for (int i = 0; i < t.getOpsCount(); i++) {
            TxnOp op = t.getOps(i);
            if (op.hasPut()) {
                PutObjectRequest p = op.getPut();
                ObjectVersion v = writeVersion(before, p.getBucket(), versionOf(p), condition(p), i, rev, ts);
                results.add(PutObjectResponse.newBuilder().setRevision(rev).setVersionId(v.getVersionId()).build());
            } else {
                results.add(deleteVersion(before, op.getDelete(), i, rev, ts));
            }
        }
        checkQuotas(before);
        boolean changes = results.stream().anyMatch(x -> x != null);
        long at = changes ? commit() : state.revision;
        TxnResponse.Builder out = TxnResponse.newBuilder().setRevision(at);
        for (Object x : results) {
            TxnOpResult.Builder o = TxnOpResult.newBuilder();
            if (x instanceof PutObjectResponse p) {
                o.setPut(p);
            } else if (x instanceof DeleteObjectResponse d) {
                o.setDelete(d);
            } else {
                o.setDelete(DeleteObjectResponse.newBuilder().setRevision(at));
            }
            out.addResults(o);
        }
        return out.build();
    }

    private static ObjectVersion.Builder versionOf(PutObjectRequest r) {
        return ObjectVersion.newBuilder().setKey(r.getKey()).setSize(r.getSize()).setEtag(r.getEtag())
                .setContentType(r.getContentType()).putAllUserMetadata(r.getUserMetadataMap())
                .setStorageClass(storageClass(r.getStorageClass())).setLocation(r.getLocation());
    }

    static String storageClass(String requested) {
        return requested.isEmpty() ? Limits.DEFAULT_STORAGE_CLASS : requested;
    }

    /**
     * Writes {@code version} as the key's new latest version at {@code rev}: an added version when versioning is
     * ENABLED, else the "null" version, replacing the key's previous null version wherever it stands.
     */
    ObjectVersion writeVersion(Map<String, Usage> before, String bucket, ObjectVersion.Builder version,
                                       Condition cond, int opIndex, long rev, long ts) {
        BucketState b = touch(before, bucket);
        String key = version.getKey();
        List<ObjectVersion> vs = new ArrayList<>(b.versionsOf(key));
        cond.check(live(vs), opIndex);
        boolean enabled = b.versioning == Versioning.ENABLED;
        if (!enabled) {
            removeNullVersion(b, vs, rev);
        }
        ObjectVersion v = version.setRevision(rev).setLastModified(ts)
                .setVersionId(enabled ? Ids.versionId(rev) : Ids.NULL_VERSION_ID).build();
        vs.add(0, v);
        b.versions.put(key, vs);
        return v;
    }

    /** Returns the response, or null when nothing changes (absent key, unversioned bucket). */
    private DeleteObjectResponse deleteVersion(Map<String, Usage> before, DeleteObjectRequest r, int opIndex,
                                               long rev, long ts) {
        BucketState b = touch(before, r.getBucket());
        String key = r.getKey();
        List<ObjectVersion> vs = new ArrayList<>(b.versionsOf(key));
        condition(r).check(live(vs), opIndex);
        DeleteObjectResponse.Builder out = DeleteObjectResponse.newBuilder().setRevision(rev);
        if (!r.getVersionId().isEmpty()) { // permanent removal of that version, marker or not
            ObjectVersion v = find(vs, r.getVersionId());
            if (v == null) {
                throw new NoSuchVersionException(r.getBucket(), key, r.getVersionId());
            }
            vs.remove(v);
            release(b, v, rev);
            store(b, key, vs);
            return out.setVersionId(v.getVersionId()).setIsDeleteMarker(v.getIsDeleteMarker()).build();
        }
        switch (b.versioning) {
            case ENABLED, SUSPENDED -> {
                boolean enabled = b.versioning == Versioning.ENABLED;
                if (!enabled) {
                    removeNullVersion(b, vs, rev);
                }
                ObjectVersion marker = ObjectVersion.newBuilder().setKey(key).setIsDeleteMarker(true)
                        .setRevision(rev).setLastModified(ts)
                        .setVersionId(enabled ? Ids.versionId(rev) : Ids.NULL_VERSION_ID).build();
                vs.add(0, marker);
                store(b, key, vs);
                return out.setVersionId(marker.getVersionId()).setIsDeleteMarker(true).build();
            }
            default -> { // UNVERSIONED: the key's one version goes; an absent key is a success that changes nothing
                if (vs.isEmpty()) {
                    return null;
                }
                ObjectVersion v = vs.remove(0);
                release(b, v, rev);
                store(b, key, vs);
                return out.setVersionId(v.getVersionId()).setIsDeleteMarker(false).build();
            }
        }
    }

    private static void store(BucketState b, String key, List<ObjectVersion> vs) {
        if (vs.isEmpty()) {
            b.versions.remove(key);
        } else {
            b.versions.put(key, vs);
        }
    }

    private void removeNullVersion(BucketState b, List<ObjectVersion> vs, long rev) {
        ObjectVersion old = find(vs, Ids.NULL_VERSION_ID);
        if (old != null) {
            vs.remove(old);
            release(b, old, rev);
        }
    }

    /** Records the bucket's usage before the write first touches it. */
    private BucketState touch(Map<String, Usage> before, String bucket) {
        BucketState b = requireBucket(bucket);
        before.computeIfAbsent(bucket, n -> b.usage());
        return b;
    }

    /** A write may not grow objects or bytes past a non-zero limit; shrinking or staying is always allowed. */
    void checkQuotas(Map<String, Usage> before) {
        for (Map.Entry<String, Usage> e : before.entrySet()) {
            BucketState b = requireBucket(e.getKey());
            Usage was = e.getValue();
            Usage now = b.usage();
            Quota q = b.quota;
            if (q.getMaxObjects() > 0 && now.getObjectCount() > was.getObjectCount()
                    && now.getObjectCount() > q.getMaxObjects()) {
                throw new QuotaExceededException(b.name, "maxObjects", q.getMaxObjects());
            }
            if (q.getMaxBytes() > 0 && now.getBytesUsed() > was.getBytesUsed()
                    && now.getBytesUsed() > q.getMaxBytes()) {
                throw new QuotaExceededException(b.name, "maxBytes", q.getMaxBytes());
            }
        }
    }

    /** A removed version's bytes become garbage: its location, or each part's for a multipart object. */
    private void release(BucketState b, ObjectVersion v, long rev) {
        if (v.getIsDeleteMarker()) {
            return;
        }
        GarbageItem.Builder g = GarbageItem.newBuilder().setRevision(rev).setBucket(b.name).setKey(v.getKey())
                .setVersionId(v.getVersionId());
        garbage(g.clone().setLocation(v.getLocation()).setSize(v.getSize()));
        for (Part p : v.getPartsList()) {
            garbage(g.clone().setPartNumber(p.getPartNumber()).setLocation(p.getLocation()).setSize(p.getSize()));
        }
    }

    void garbage(GarbageItem.Builder g) {
        if (!g.getLocation().isEmpty()) { // an empty location frees nothing
            state.garbage.add(g.build());
        }
    }

    long commit() {
        return ++state.revision;
    }

    // ---- multipart uploads ----

    /** The upload with this id in this bucket; a key given must be the upload's (S3). */
    UploadState locate(String bucket, String uploadId, String key) {
        BucketState b = requireBucket(bucket);
        for (UploadState u : b.uploads.values()) {
            if (u.upload.getUploadId().equals(uploadId) && (key.isEmpty() || key.equals(u.upload.getKey()))) {
                return u;
            }
        }
        throw new NoSuchUploadException(bucket, uploadId);
    }

    // ---- garbage ----

    /** Housekeeping: removes items at or below the revision, consumes no revision. */
    private AckGarbageResponse ackGarbage(long upToRevision) {
        int before = state.garbage.size();
        state.garbage.removeIf(g -> g.getRevision() <= upToRevision);
        return AckGarbageResponse.newBuilder().setRemovedCount(before - state.garbage.size()).build();
    }
}
