package io.objmeta.core.internal.apply;

import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Limits;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.TableCursor;
import java.util.Map;
import java.util.TreeMap;

/**
 * CreateBucket, UpdateBucket, DeleteBucket. A bucket's {@code revision} moves only when its configuration changes
 * (versioning, quota, labels), not when usage does, so a CAS on bucket configuration is not defeated by object
 * writes.
 */
final class BucketCommands {
    private BucketCommands() {
    }

    static Bucket create(ApplyContext ctx, CreateBucketRequest r) {
        if (ctx.bucket(r.getBucket()) != null) {
            throw new BucketAlreadyExistsException(r.getBucket());
        }
        long rev = ctx.commitRevision();
        Bucket b = Bucket.newBuilder().setName(r.getBucket()).setRevision(rev).setCreateRevision(rev)
                .setCreatedAt(ctx.timestampMillis()).setVersioning(r.getVersioning()).setQuota(r.getQuota())
                .setUsage(Usage.getDefaultInstance()).putAllLabels(new TreeMap<>(r.getLabelsMap())).build();
        ctx.putBucket(r.getBucket(), b);
        ctx.change(Change.newBuilder().setType(ChangeType.BUCKET_CREATED).setBucket(r.getBucket()).setBucketInfo(b));
        return b;
    }

    static Bucket update(ApplyContext ctx, UpdateBucketRequest r) {
        Bucket b = ctx.requireBucket(r.getBucket());
        checkRevision(b, r.hasExpectedRevision(), r.getExpectedRevision());
        Bucket.Builder nb = b.toBuilder();
        if (r.hasVersioning()) {
            if (r.getVersioning() == Versioning.UNVERSIONED && b.getVersioning() != Versioning.UNVERSIONED) {
                throw new InvalidArgumentException("versioning", "UNVERSIONED",
                        "ENABLED or SUSPENDED: a bucket that was versioned never returns to UNVERSIONED");
            }
            nb.setVersioning(r.getVersioning());
        }
        if (r.hasQuota()) {
            nb.setQuota(r.getQuota());
        }
        Map<String, String> labels = new TreeMap<>(b.getLabelsMap());
        r.getRemoveLabelsList().forEach(labels::remove);
        labels.putAll(r.getLabelsMap());
        if (labels.size() > Limits.MAX_LABELS) {
            throw new InvalidArgumentException("labels", labels.size() + " labels after the update",
                    "at most " + Limits.MAX_LABELS + " labels per bucket");
        }
        nb.clearLabels().putAllLabels(labels);
        long rev = ctx.commitRevision();
        Bucket updated = nb.setRevision(rev).build();
        ctx.putBucket(r.getBucket(), updated);
        ctx.change(Change.newBuilder().setType(ChangeType.BUCKET_UPDATED).setBucket(r.getBucket())
                .setBucketInfo(updated));
        return updated;
    }

    static Bucket delete(ApplyContext ctx, DeleteBucketRequest r) {
        Bucket b = ctx.requireBucket(r.getBucket());
        checkRevision(b, r.hasExpectedRevision(), r.getExpectedRevision());
        byte[] bid = ApplyContext.bid(b);
        if (hasRows(ctx, bid)) {
            throw new BucketNotEmptyException(r.getBucket());
        }
        long rev = ctx.commitRevision();
        ctx.putBucket(r.getBucket(), null);
        Bucket last = b.toBuilder().setRevision(rev).build(); // its last state, at the deletion's revision
        ctx.change(Change.newBuilder().setType(ChangeType.BUCKET_DELETED).setBucket(r.getBucket()).setBucketInfo(last));
        return last;
    }

    /** Any version, delete marker or upload in progress makes a bucket non-empty (as in S3). */
    private static boolean hasRows(ApplyContext ctx, byte[] bid) {
        try (TableCursor c = ctx.schema.versions.cursor(ctx.txn)) {
            if (c.seek(bid) && Keys.startsWith(c.key(), bid)) {
                return true;
            }
        }
        try (KvCursor c = ctx.schema.uploadIds.openCursor(ctx.txn)) {
            return c.seekRange(bid) && Keys.startsWith(c.key(), bid);
        }
    }

    private static void checkRevision(Bucket b, boolean has, long expected) {
        if (has && expected != b.getRevision()) {
            throw new ConflictException("expectedRevision: " + expected + " (current bucket revision: "
                    + b.getRevision() + ")", b.getRevision());
        }
    }
}
