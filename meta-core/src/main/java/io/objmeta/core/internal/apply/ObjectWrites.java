package io.objmeta.core.internal.apply;

import io.objmeta.api.Ids;
import io.objmeta.api.Limits;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.internal.store.VersionKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Object writes with S3 versioning: plan (every check, no writes) then execute (writes at one revision). Plans
 * of one write add their usage changes to a {@link UsageTracker}, and the quota is checked on the sum once every
 * plan is made: a Txn applies at one revision, so only its net effect counts (a rename at full quota fits,
 * whatever the order of its put and delete), and every condition is checked before the quota.
 */
final class ObjectWrites {
    private ObjectWrites() {
    }

    /** Pending usage per bucket while a group of plans is checked. */
    static final class UsageTracker {
        // in the order the ops name buckets: the first one in fields (a put or delete names one bucket), the rest
        // in a map made only for a transaction that names more
        private @Nullable String first;
        private final long[] firstDelta = new long[2];
        private @Nullable Map<String, long[]> more;

        long[] of(String bucket) {
            if (first == null) {
                first = bucket;
            }
            if (first.equals(bucket)) {
                return firstDelta;
            }
            if (more == null) {
                more = new LinkedHashMap<>();
            }
            return more.computeIfAbsent(bucket, b -> new long[2]);
        }

        /** Rejects the write if its net effect grows a bucket's usage past a non-zero limit. */
        void checkQuotas(ApplyContext ctx) {
            if (first != null) {
                checkQuota(ctx.requireBucket(first), firstDelta[0], firstDelta[1]);
            }
            if (more != null) {
                more.forEach((bucket, delta) -> checkQuota(ctx.requireBucket(bucket), delta[0], delta[1]));
            }
        }
    }

    static Condition condition(boolean hasRev, long rev, boolean hasEtag, String etag) {
        return hasRev || hasEtag ? new Condition(hasRev, rev, hasEtag, etag) : Condition.NONE;
    }

    static Condition condition(PutObjectRequest r) {
        return condition(r.hasExpectedRevision(), r.getExpectedRevision(), r.hasExpectedEtag(), r.getExpectedEtag());
    }

    static Condition condition(DeleteObjectRequest r) {
        return condition(r.hasExpectedRevision(), r.getExpectedRevision(), r.hasExpectedEtag(), r.getExpectedEtag());
    }

    static ObjectVersion.Builder versionOf(PutObjectRequest r) {
        return ObjectVersion.newBuilder().setKey(r.getKey()).setSize(r.getSize()).setEtag(r.getEtag())
                .setContentType(r.getContentType()).putAllUserMetadata(new TreeMap<>(r.getUserMetadataMap()))
                .setStorageClass(r.getStorageClass().isEmpty() ? Limits.DEFAULT_STORAGE_CLASS : r.getStorageClass())
                .setLocation(r.getLocation());
    }

    /** Plans writing {@code version} as the key's new current version. */
    static ObjectPlan planPut(ApplyContext ctx, UsageTracker usage, String bucketName, ObjectVersion.Builder version,
                              Condition cond, int opIndex) {
        Bucket b = ctx.requireBucket(bucketName);
        byte[] bid = ApplyContext.bid(b);
        String key = version.getKey();
        byte[] kp = VersionKeys.keyPrefix(bid, key);
        ObjectVersion latest = VersionKeys.latest(ctx.schema, ctx.txn, kp);
        cond.check(live(latest), opIndex);
        List<ObjectVersion> removed = new ArrayList<>(1);
        boolean nullVersion = b.getVersioning() != Versioning.ENABLED;
        if (nullVersion) {
            ObjectVersion old = nullVersionOf(ctx, b, kp, latest);
            if (old != null) {
                removed.add(old);
            }
        }
        long objects = 1 - countStored(removed);
        long bytes = version.getSize() - bytesStored(removed);
        long[] pending = usage.of(bucketName);
        pending[0] += objects;
        pending[1] += bytes;
        return new ObjectPlan(bucketName, bid, key, kp, version, nullVersion, removed, objects, bytes,
                ObjectPlan.Kind.PUT);
    }

    /** Plans a DeleteObject. */
    static ObjectPlan planDelete(ApplyContext ctx, UsageTracker usage, DeleteObjectRequest r, int opIndex) {
        Bucket b = ctx.requireBucket(r.getBucket());
        usage.of(r.getBucket()); // quotas are checked in the order ops name buckets, also a delete's
        byte[] bid = ApplyContext.bid(b);
        byte[] kp = VersionKeys.keyPrefix(bid, r.getKey());
        ObjectVersion latest = VersionKeys.latest(ctx.schema, ctx.txn, kp);
        condition(r).check(live(latest), opIndex);
        List<ObjectVersion> removed = new ArrayList<>(1);
        if (!r.getVersionId().isEmpty()) {
            ObjectVersion v = VersionKeys.find(ctx.schema, ctx.txn, kp, r.getVersionId());
            if (v == null) {
                throw new NoSuchVersionException(r.getBucket(), r.getKey(), r.getVersionId());
            }
            removed.add(v);
            return removal(r.getBucket(), bid, r.getKey(), kp, removed, usage);
        }
        switch (b.getVersioning()) {
            case ENABLED:
                return new ObjectPlan(r.getBucket(), bid, r.getKey(), kp, marker(r.getKey()), false, removed, 0, 0,
                        ObjectPlan.Kind.MARKER);
            case SUSPENDED: {
                ObjectVersion old = nullVersionOf(ctx, b, kp, latest);
                if (old != null) {
                    removed.add(old);
                }
                ObjectPlan p = new ObjectPlan(r.getBucket(), bid, r.getKey(), kp, marker(r.getKey()), true, removed,
                        -countStored(removed), -bytesStored(removed), ObjectPlan.Kind.MARKER);
                track(usage, p);
                return p;
            }
            default: // UNVERSIONED: one version at most, removed; deleting an absent key changes nothing (S3)
                if (latest == null) {
                    return new ObjectPlan(r.getBucket(), bid, r.getKey(), kp, null, true, removed, 0, 0,
                            ObjectPlan.Kind.NOOP);
                }
                removed.add(latest);
                return removal(r.getBucket(), bid, r.getKey(), kp, removed, usage);
        }
    }

    private static ObjectPlan removal(String bucket, byte[] bid, String key, byte[] kp, List<ObjectVersion> removed,
                                      UsageTracker usage) {
        ObjectPlan p = new ObjectPlan(bucket, bid, key, kp, null, false, removed, -countStored(removed),
                -bytesStored(removed), ObjectPlan.Kind.REMOVE);
        track(usage, p);
        return p;
    }

    private static void track(UsageTracker usage, ObjectPlan p) {
        long[] u = usage.of(p.bucket());
        u[0] += p.objectDelta();
        u[1] += p.bytesDelta();
    }

    private static ObjectVersion.Builder marker(String key) {
        return ObjectVersion.newBuilder().setKey(key).setIsDeleteMarker(true);
    }

    static ObjectVersion live(ObjectVersion latest) {
        return latest == null || latest.getIsDeleteMarker() ? null : latest;
    }

    /** The key's "null" version: in a bucket that was never versioned it can only be the latest. */
    private static ObjectVersion nullVersionOf(ApplyContext ctx, Bucket b, byte[] kp, ObjectVersion latest) {
        if (latest == null) {
            return null;
        }
        if (b.getVersioning() == Versioning.UNVERSIONED || Ids.NULL_VERSION_ID.equals(latest.getVersionId())) {
            return Ids.NULL_VERSION_ID.equals(latest.getVersionId()) ? latest : null;
        }
        return VersionKeys.find(ctx.schema, ctx.txn, kp, Ids.NULL_VERSION_ID);
    }

    private static long countStored(List<ObjectVersion> vs) { // loops, not streams: every put comes here
        long n = 0;
        for (ObjectVersion v : vs) {
            n += v.getIsDeleteMarker() ? 0 : 1;
        }
        return n;
    }

    private static long bytesStored(List<ObjectVersion> vs) {
        long n = 0;
        for (ObjectVersion v : vs) {
            n += v.getIsDeleteMarker() ? 0 : v.getSize();
        }
        return n;
    }

    /** Rejects a write that would take usage past a non-zero limit in a dimension it grows. */
    private static void checkQuota(Bucket b, long objects, long bytes) {
        Quota q = b.getQuota();
        Usage u = b.getUsage();
        if (q.getMaxObjects() > 0 && objects > 0 && u.getObjectCount() + objects > q.getMaxObjects()) {
            throw new QuotaExceededException(b.getName(), "maxObjects", q.getMaxObjects());
        }
        if (q.getMaxBytes() > 0 && bytes > 0 && u.getBytesUsed() + bytes > q.getMaxBytes()) {
            throw new QuotaExceededException(b.getName(), "maxBytes", q.getMaxBytes());
        }
    }

    /** Executes a plan at the current revision; returns the version written, or the one removed. */
    static ObjectVersion execute(ApplyContext ctx, ObjectPlan p, ChangeType putChange, String uploadId) {
        long rev = ctx.revision();
        for (ObjectVersion old : p.removed()) {
            ctx.schema.versions.delete(ctx.txn, VersionKeys.row(p.keyPrefix(), old.getRevision()));
            release(ctx, p.bucket(), old);
        }
        Bucket b = ctx.requireBucket(p.bucket());
        if (p.objectDelta() != 0 || p.bytesDelta() != 0) {
            Usage u = b.getUsage();
            ctx.putBucket(p.bucket(), b.toBuilder().setUsage(u.toBuilder()
                    .setObjectCount(u.getObjectCount() + p.objectDelta())
                    .setBytesUsed(u.getBytesUsed() + p.bytesDelta())).build());
        }
        Change.Builder change = Change.newBuilder().setBucket(p.bucket()).setKey(p.key());
        if (uploadId != null) {
            change.setUploadId(uploadId);
        }
        ObjectVersion result;
        byte[] record;
        if (p.newVersion() != null) {
            result = p.newVersion().setRevision(rev).setLastModified(ctx.timestampMillis())
                    .setVersionId(p.nullVersion() ? Ids.NULL_VERSION_ID : Ids.versionId(rev)).build();
            record = result.toByteArray();
            ctx.schema.versions.put(ctx.txn, VersionKeys.row(p.keyPrefix(), rev), record);
            change.setType(p.kind() == ObjectPlan.Kind.MARKER ? ChangeType.DELETE_MARKER_CREATED : putChange);
        } else {
            result = p.removed().get(0);
            record = result.toByteArray();
            change.setType(ChangeType.OBJECT_DELETED);
        }
        ctx.change(change.setVersionId(result.getVersionId()), record); // the record serialized once
        return result;
    }

    /** Puts a removed version's bytes into the garbage queue. */
    static void release(ApplyContext ctx, String bucket, ObjectVersion old) {
        if (old.getIsDeleteMarker()) {
            return;
        }
        GarbageItem.Builder g = GarbageItem.newBuilder().setBucket(bucket).setKey(old.getKey())
                .setVersionId(old.getVersionId());
        ctx.garbage(g.clone().setLocation(old.getLocation()).setSize(old.getSize()));
        for (Part part : old.getPartsList()) {
            ctx.garbage(g.clone().setPartNumber(part.getPartNumber()).setLocation(part.getLocation())
                    .setSize(part.getSize()));
        }
    }

    static PutObjectResponse putResponse(ObjectVersion v) {
        return PutObjectResponse.newBuilder().setRevision(v.getRevision()).setVersionId(v.getVersionId()).build();
    }

    static DeleteObjectResponse deleteResponse(ObjectPlan p, ObjectVersion v, long currentRevision) {
        if (p.kind() == ObjectPlan.Kind.NOOP) {
            return DeleteObjectResponse.newBuilder().setRevision(currentRevision).build();
        }
        // a marker: the marker created; a removal: the version removed
        return DeleteObjectResponse.newBuilder().setRevision(currentRevision).setVersionId(v.getVersionId())
                .setIsDeleteMarker(v.getIsDeleteMarker()).build();
    }
}
