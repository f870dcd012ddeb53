package io.objmeta.core.model;

import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AbortMultipartUploadResponse;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.CreateMultipartUploadResponse;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.UploadPartResponse;
import io.objmeta.api.proto.Usage;
import io.objmeta.core.model.ModelState.BucketState;
import io.objmeta.core.model.ModelState.UploadState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multipart writes of {@link ReferenceModel}: create (an uploadId from the revision), upload part (a part
 * number uploaded again replaces the part, whose bytes become garbage), complete (S3's rules: the named parts
 * exist with those etags, quotes ignored, every part but the last at least the minimum size; the etag is S3's
 * md5-of-md5s form; the key's condition and quota apply; parts left out become garbage) and abort (every part
 * becomes garbage). Uploads in progress count for nothing: not for usage, not for conditions.
 */
final class ReferenceMultipart {
    private final ReferenceModel model;

    ReferenceMultipart(ReferenceModel model) {
        this.model = model;
    }

    CreateMultipartUploadResponse createUpload(CreateMultipartUploadRequest r, long ts) {
        BucketState b = model.requireBucket(r.getBucket());
        long rev = model.commit();
        Upload u = Upload.newBuilder().setBucket(b.name).setKey(r.getKey()).setUploadId(Ids.uploadId(rev))
                .setRevision(rev).setCreatedAt(ts).setContentType(r.getContentType())
                .putAllUserMetadata(r.getUserMetadataMap())
                .setStorageClass(ReferenceModel.storageClass(r.getStorageClass())).build();
        b.uploads.put(rev, new UploadState(u));
        return CreateMultipartUploadResponse.newBuilder().setUploadId(u.getUploadId()).setRevision(rev).build();
    }

    UploadPartResponse uploadPart(UploadPartRequest r, long ts) {
        UploadState u = model.locate(r.getBucket(), r.getUploadId(), r.getKey());
        long rev = model.commit();
        Part old = u.parts.get(r.getPartNumber());
        if (old != null) {
            releasePart(u.upload, old, rev);
        }
        u.parts.put(r.getPartNumber(), Part.newBuilder().setPartNumber(r.getPartNumber()).setSize(r.getSize())
                .setEtag(r.getEtag()).setLocation(r.getLocation()).setRevision(rev).setLastModified(ts).build());
        return UploadPartResponse.newBuilder().setRevision(rev).build();
    }

    private void releasePart(Upload u, Part p, long rev) {
        model.garbage(GarbageItem.newBuilder().setRevision(rev).setBucket(u.getBucket()).setKey(u.getKey())
                .setUploadId(u.getUploadId()).setPartNumber(p.getPartNumber()).setLocation(p.getLocation())
                .setSize(p.getSize()));
    }

    ObjectVersion complete(CompleteMultipartUploadRequest r, long ts) {
        UploadState u = model.locate(r.getBucket(), r.getUploadId(), r.getKey());
        List<Part> chosen = new ArrayList<>();
        for (int i = 0; i < r.getPartsCount(); i++) {
            CompletedPart cp = r.getParts(i);
            Part p = u.parts.get(cp.getPartNumber());
            if (p == null) {
                throw InvalidArgumentException.of("parts[" + i + "].partNumber", cp.getPartNumber(), "uploaded");
            }
            if (!unquote(p.getEtag()).equals(unquote(cp.getEtag()))) {
                throw InvalidArgumentException.of("parts[" + i + "].etag", cp.getEtag(), p.getEtag());
            }
            chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
            if (chosen.get(i).getSize() < model.minPartSizeBytes()) {
                throw InvalidArgumentException.of("parts[" + i + "].size", chosen.get(i).getSize(), "big enough");
            }
        }
        Upload up = u.upload;
        ObjectVersion.Builder v = ObjectVersion.newBuilder().setKey(up.getKey())
                .setSize(chosen.stream().mapToLong(Part::getSize).sum()).setEtag(multipartEtag(chosen))
                .setContentType(up.getContentType()).putAllUserMetadata(up.getUserMetadataMap())
                .setStorageClass(up.getStorageClass());
        for (Part p : chosen) {
            v.addParts(Part.newBuilder().setPartNumber(p.getPartNumber()).setSize(p.getSize()).setEtag(p.getEtag())
                    .setLocation(p.getLocation()));
        }
        long rev = model.nextRevision();
        Map<String, Usage> before = new LinkedHashMap<>();
        ReferenceModel.Condition cond = new ReferenceModel.Condition(r.hasExpectedRevision(),
                r.getExpectedRevision(), r.hasExpectedEtag(), r.getExpectedEtag());
        ObjectVersion written = model.writeVersion(before, r.getBucket(), v, cond, -1, rev, ts);
        model.checkQuotas(before);
        for (Part p : u.parts.values()) {
            if (!chosen.contains(p)) {
                releasePart(up, p, rev); // uploaded but left out of the object
            }
        }
        model.requireBucket(r.getBucket()).uploads.remove(up.getRevision());
        model.commit();
        return written;
    }

    AbortMultipartUploadResponse abort(AbortMultipartUploadRequest r) {
        UploadState u = model.locate(r.getBucket(), r.getUploadId(), r.getKey());
        long rev = model.commit();
        u.parts.values().forEach(p -> releasePart(u.upload, p, rev));
        model.requireBucket(r.getBucket()).uploads.remove(u.upload.getRevision());
        return AbortMultipartUploadResponse.newBuilder().setRevision(rev).build();
    }

    /** S3's form: hex(md5(md5(part 1) || ... || md5(part n))) + "-" + n, each part's md5 from its hex etag. */
    static String multipartEtag(List<Part> parts) {
        MessageDigest md = md5();
        for (Part p : parts) {
            String e = unquote(p.getEtag());
            boolean hex = e.length() == 32 && e.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            md.update(hex ? HexFormat.of().parseHex(e) : md5().digest(e.getBytes(StandardCharsets.UTF_8)));
        }
        return HexFormat.of().formatHex(md.digest()) + "-" + parts.size();
    }

    static String unquote(String etag) {
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
