package io.objmeta.core.internal.apply;

import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Limits;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AbortMultipartUploadResponse;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.UploadPartResponse;
import io.objmeta.api.proto.Upload;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Protos;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** Multipart uploads: create, upload part, complete (with S3's rules and composite etag), abort. */
final class MultipartCommands {
    private MultipartCommands() {
    }

    /** An upload in progress, located. */
    record Located(Bucket bucket, byte[] bid, long uploadRevision, Upload upload) {
        byte[] uploadRow() {
            return Keys.concat(bid, Keys.encodeKey(Keys.utf8(upload.getKey())), Keys.u64(uploadRevision));
        }

        byte[] idRow() {
            return Keys.concat(bid, Keys.u64(uploadRevision));
        }

        byte[] partsPrefix() {
            return idRow();
        }
    }

    static CreateMultipartUploadResponse create(ApplyContext ctx, CreateMultipartUploadRequest r) {
        Bucket b = ctx.requireBucket(r.getBucket());
        long rev = ctx.commitRevision();
        byte[] bid = ApplyContext.bid(b);
        Upload u = Upload.newBuilder().setBucket(r.getBucket()).setKey(r.getKey()).setUploadId(Ids.uploadId(rev))
                .setRevision(rev).setCreatedAt(ctx.timestampMillis()).setContentType(r.getContentType())
                .putAllUserMetadata(new TreeMap<>(r.getUserMetadataMap())) // sorted: same bytes on every replica
                .setStorageClass(r.getStorageClass().isEmpty() ? Limits.DEFAULT_STORAGE_CLASS : r.getStorageClass())
                .build();
        Located l = new Located(b, bid, rev, u);
        ctx.schema.uploads.put(ctx.txn, l.uploadRow(), u.toByteArray());
        ctx.schema.uploadIds.put(ctx.txn, l.idRow(), Keys.utf8(r.getKey()));
        ctx.change(Change.newBuilder().setType(ChangeType.UPLOAD_CREATED).setBucket(r.getBucket()).setKey(r.getKey())
                .setUploadId(u.getUploadId()).setUpload(u));
        return CreateMultipartUploadResponse.newBuilder().setUploadId(u.getUploadId()).setRevision(rev).build();
    }

    /** Finds an upload by id; a key given in the request must match the upload's. */
    static Located locate(ApplyContext ctx, String bucket, String uploadId, String key) {
        Bucket b = ctx.requireBucket(bucket);
        byte[] bid = ApplyContext.bid(b);
        OptionalLong rev = Ids.revisionOfUploadId(uploadId);
        if (rev.isEmpty()) {
            throw new NoSuchUploadException(bucket, uploadId);
        }
        byte[] storedKey = ctx.schema.uploadIds.get(ctx.txn, Keys.concat(bid, Keys.u64(rev.getAsLong())));
        if (storedKey == null || (!key.isEmpty() && !key.equals(Keys.string(storedKey)))) {
            throw new NoSuchUploadException(bucket, uploadId);
        }
        byte[] row = Keys.concat(bid, Keys.encodeKey(storedKey), Keys.u64(rev.getAsLong()));
        Upload u = Protos.parse(Upload.parser(), ctx.schema.uploads.get(ctx.txn, row));
        return new Located(b, bid, rev.getAsLong(), u);
    }

    static UploadPartResponse uploadPart(ApplyContext ctx, UploadPartRequest r) {
        Located l = locate(ctx, r.getBucket(), r.getUploadId(), r.getKey());
        byte[] partRow = Keys.concat(l.partsPrefix(), Keys.u32(r.getPartNumber()));
        byte[] old = ctx.schema.parts.get(ctx.txn, partRow);
        long rev = ctx.commitRevision();
        if (old != null) { // re-uploading a part number replaces it; the old bytes are garbage
            releasePart(ctx, l, Protos.parse(Part.parser(), old));
        }
        Part p = Part.newBuilder().setPartNumber(r.getPartNumber()).setSize(r.getSize()).setEtag(r.getEtag())
                .setLocation(r.getLocation()).setRevision(rev).setLastModified(ctx.timestampMillis()).build();
        ctx.schema.parts.put(ctx.txn, partRow, p.toByteArray());
        ctx.change(Change.newBuilder().setType(ChangeType.PART_UPLOADED).setBucket(r.getBucket())
                .setKey(l.upload().getKey()).setUploadId(r.getUploadId()).setPart(p));
        return UploadPartResponse.newBuilder().setRevision(rev).build();
    }

    private static void releasePart(ApplyContext ctx, Located l, Part p) {
        ctx.garbage(GarbageItem.newBuilder().setBucket(l.upload().getBucket()).setKey(l.upload().getKey())
                .setUploadId(l.upload().getUploadId()).setPartNumber(p.getPartNumber()).setLocation(p.getLocation())
                .setSize(p.getSize()));
    }

    /** Every part of the upload, ascending by part number. */
    static List<Part> parts(ApplyContext ctx, Located l) {
        List<Part> out = new ArrayList<>();
        byte[] prefix = l.partsPrefix();
        try (KvCursor c = ctx.schema.parts.openCursor(ctx.txn)) {
            for (boolean ok = c.seekRange(prefix); ok && Keys.startsWith(c.key(), prefix);
                 ok = c.next()) {
                out.add(Protos.parse(Part.parser(), c.val()));
            }
        }
        return out;
    }

    static ObjectVersion complete(ApplyContext ctx, CompleteMultipartUploadRequest r) {
        Located l = locate(ctx, r.getBucket(), r.getUploadId(), r.getKey());
        List<Part> stored = parts(ctx, l);
        List<Part> chosen = choose(r, stored, ctx.options.minPartSizeBytes());
        long size = chosen.stream().mapToLong(Part::getSize).sum();
        Upload u = l.upload();
        ObjectVersion.Builder v = ObjectVersion.newBuilder().setKey(u.getKey()).setSize(size)
                .setEtag(Etags.multipart(chosen)).setContentType(u.getContentType())
                .putAllUserMetadata(u.getUserMetadataMap()).setStorageClass(u.getStorageClass());
        for (Part p : chosen) {
            v.addParts(Part.newBuilder().setPartNumber(p.getPartNumber()).setSize(p.getSize()).setEtag(p.getEtag())
                    .setLocation(p.getLocation()));
        }
        ObjectWrites.UsageTracker usage = new ObjectWrites.UsageTracker();
        ObjectPlan plan = ObjectWrites.planPut(ctx, usage, r.getBucket(), v,
                ObjectWrites.condition(r.hasExpectedRevision(), r.getExpectedRevision(), r.hasExpectedEtag(),
                        r.getExpectedEtag()), -1);
        usage.checkQuotas(ctx);
        ctx.commitRevision();
        Set<Integer> used = new HashSet<>();
        chosen.forEach(p -> used.add(p.getPartNumber()));
        for (Part p : stored) {
            if (!used.contains(p.getPartNumber())) {
                releasePart(ctx, l, p); // uploaded but not named in the completion
            }
        }
        removeUpload(ctx, l);
        return ObjectWrites.execute(ctx, plan, ChangeType.UPLOAD_COMPLETED, u.getUploadId());
    }

    /** S3's completion rules: named parts exist with their etags, ascending, all but the last big enough. */
    private static List<Part> choose(CompleteMultipartUploadRequest r, List<Part> stored, long minPartSize) {
        java.util.Map<Integer, Part> byNumber = new java.util.HashMap<>();
        stored.forEach(p -> byNumber.put(p.getPartNumber(), p));
        List<Part> chosen = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < r.getPartsCount(); i++) {
            CompletedPart cp = r.getParts(i);
            if (cp.getPartNumber() <= previous) {
                throw new InvalidArgumentException("parts[" + i + "].partNumber", String.valueOf(cp.getPartNumber()),
                        "ascending part numbers, each greater than " + previous);
            }
            previous = cp.getPartNumber();
            Part p = byNumber.get(cp.getPartNumber());
            if (p == null) {
                throw new InvalidArgumentException("parts[" + i + "].partNumber", String.valueOf(cp.getPartNumber()),
                        "a part uploaded to this upload");
            }
            if (!Etags.same(p.getEtag(), cp.getEtag())) {
                throw InvalidArgumentException.of("parts[" + i + "].etag", cp.getEtag(),
                        "the etag of uploaded part " + cp.getPartNumber() + ", " + p.getEtag());
            }
            chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).getSize() < minPartSize) {
                throw new InvalidArgumentException("parts[" + i + "].size", String.valueOf(chosen.get(i).getSize()),
                        ">= " + minPartSize + " bytes for every part but the last");
            }
        }
        return chosen;
    }

    static AbortMultipartUploadResponse abort(ApplyContext ctx, AbortMultipartUploadRequest r) {
        Located l = locate(ctx, r.getBucket(), r.getUploadId(), r.getKey());
        List<Part> stored = parts(ctx, l);
        long rev = ctx.commitRevision();
        stored.forEach(p -> releasePart(ctx, l, p));
        removeUpload(ctx, l);
        ctx.change(Change.newBuilder().setType(ChangeType.UPLOAD_ABORTED).setBucket(r.getBucket())
                .setKey(l.upload().getKey()).setUploadId(r.getUploadId()));
        return AbortMultipartUploadResponse.newBuilder().setRevision(rev).build();
    }

    private static void removeUpload(ApplyContext ctx, Located l) {
        byte[] prefix = l.partsPrefix();
        try (KvCursor c = ctx.schema.parts.openCursor(ctx.txn)) {
            for (boolean ok = c.seekRange(prefix); ok && Keys.startsWith(c.key(), prefix); ok = c.next()) {
                c.delete();
            }
        }
        ctx.schema.uploads.delete(ctx.txn, l.uploadRow());
        ctx.schema.uploadIds.delete(ctx.txn, l.idRow());
    }
}
