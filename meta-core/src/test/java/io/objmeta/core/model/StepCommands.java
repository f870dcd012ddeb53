package io.objmeta.core.model;

import static io.objmeta.core.model.ModelHarness.BUCKETS;
import static io.objmeta.core.model.ModelHarness.KEYS;

import io.objmeta.api.Ids;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.AbortMultipartUploadRequest;
import io.objmeta.api.proto.AckGarbageRequest;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CompleteMultipartUploadRequest;
import io.objmeta.api.proto.CompletedPart;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.CreateMultipartUploadRequest;
import io.objmeta.api.proto.DeleteBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.TxnOp;
import io.objmeta.api.proto.TxnOpResult;
import io.objmeta.api.proto.TxnRequest;
import io.objmeta.api.proto.UpdateBucketRequest;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.UploadPartRequest;
import io.objmeta.api.proto.Versioning;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Turns {@link Step}s into requests against the state a scenario has reached: which bucket and key, which of the
 * versionIds and uploadIds seen so far (finished uploads and removed versions included, so "no such" paths are
 * exercised), what a "current" or a "stale" condition is. Every request it builds is valid (Validation passes):
 * the interesting failures are the ones apply decides.
 */
final class StepCommands {
    private static final List<String> ETAGS = List.of("e1", "e2", "\"e3\"");
    private static final List<String> PART_ETAGS = List.of(md5Hex("p0"), md5Hex("p1"), md5Hex("p2"), md5Hex("p3"));
    private static final String WRONG_ETAG = "zz-not-it";

    record KnownUpload(String bucket, String uploadId, String key) {
    }

    private final ReferenceModel model;
    private final List<String> versionIds = new ArrayList<>(List.of(Ids.NULL_VERSION_ID, Ids.versionId(999_999)));
    private final List<KnownUpload> uploads = new ArrayList<>();
    private int writes; // makes every location unique

    StepCommands(ReferenceModel model) {
        this.model = model;
    }

    /** Remembers the ids a write handed out, so later steps can name them (also after they are gone). */
    void learn(Command c, CommandResult r) {
        switch (r.getResultCase()) {
            case PUT_OBJECT -> versionIds.add(r.getPutObject().getVersionId());
            case DELETE_OBJECT -> versionIds.add(r.getDeleteObject().getVersionId());
            case COMPLETE_MULTIPART_UPLOAD -> versionIds.add(r.getCompleteMultipartUpload().getVersionId());
            case TXN -> {
                for (TxnOpResult o : r.getTxn().getResultsList()) {
                    versionIds.add(o.hasPut() ? o.getPut().getVersionId() : o.getDelete().getVersionId());
                }
            }
            case CREATE_MULTIPART_UPLOAD -> uploads.add(new KnownUpload(c.getCreateMultipartUpload().getBucket(),
                    r.getCreateMultipartUpload().getUploadId(), c.getCreateMultipartUpload().getKey()));
            default -> {
            }
        }
        versionIds.removeIf(String::isEmpty);
    }

    GetObjectRequest get(Step.Get g) {
        String bucket = BUCKETS.get(g.bucket());
        String key = KEYS.get(g.key());
        return GetObjectRequest.newBuilder().setBucket(bucket).setKey(key)
                .setVersionId(g.version() % 4 == 0 ? "" : pickVersion(bucket, key, g.version())).build();
    }

    Command command(Step step) {
        Command.Builder c = Command.newBuilder();
        if (step instanceof Step.CreateBucket s) {
            c.setCreateBucket(createBucket(s));
        } else if (step instanceof Step.UpdateBucket s) {
            c.setUpdateBucket(updateBucket(s));
        } else if (step instanceof Step.DeleteBucket s) {
            DeleteBucketRequest.Builder d = DeleteBucketRequest.newBuilder().setBucket(BUCKETS.get(s.bucket()));
            Long rev = bucketCondition(d.getBucket(), s.condition());
            if (rev != null) {
                d.setExpectedRevision(rev);
            }
            c.setDeleteBucket(d);
        } else if (step instanceof Step.Put s) {
            c.setPutObject(put(s.bucket(), s.key(), s.size(), s.etag(), s.condition(), s.variant()));
        } else if (step instanceof Step.Delete s) {
            c.setDeleteObject(delete(s.bucket(), s.key(), s.version(), s.condition()));
        } else if (step instanceof Step.Txn s) {
            c.setTxn(txn(s));
        } else if (step instanceof Step.CreateUpload s) {
            c.setCreateMultipartUpload(createUpload(s));
        } else if (step instanceof Step.UploadPart s) {
            c.setUploadPart(uploadPart(s));
        } else if (step instanceof Step.Complete s) {
            c.setCompleteMultipartUpload(complete(s));
        } else if (step instanceof Step.Abort s) {
            KnownUpload u = pickUpload(s.upload());
            c.setAbortMultipartUpload(AbortMultipartUploadRequest.newBuilder().setBucket(u.bucket())
                    .setUploadId(u.uploadId()).setKey(keyFor(u, s.keyMode())));
        } else if (step instanceof Step.AckGarbage s) {
            c.setAckGarbage(AckGarbageRequest.newBuilder().setUpToRevision(s.upTo() % (model.revision() + 1)));
        } else {
            throw new IllegalArgumentException("not a write: " + step);
        }
        return c.build();
    }

    private CreateBucketRequest createBucket(Step.CreateBucket s) {
        CreateBucketRequest.Builder b = CreateBucketRequest.newBuilder().setBucket(BUCKETS.get(s.bucket()))
                .setVersioning(s.enabled() ? Versioning.ENABLED : Versioning.UNVERSIONED);
        if (s.maxObjects() >= 0 || s.maxBytes() >= 0) {
            b.setQuota(quota(s.maxObjects(), s.maxBytes()));
        }
        if (s.label()) {
            b.putLabels("team", "blue");
        }
        return b.build();
    }

    private static Quota quota(int maxObjects, int maxBytes) {
        return Quota.newBuilder().setMaxObjects(Math.max(0, maxObjects)).setMaxBytes(Math.max(0, maxBytes)).build();
    }

    private UpdateBucketRequest updateBucket(Step.UpdateBucket s) {
        UpdateBucketRequest.Builder u = UpdateBucketRequest.newBuilder().setBucket(BUCKETS.get(s.bucket()));
        if (s.versioning() > 0) {
            u.setVersioning(s.versioning() == 1 ? Versioning.ENABLED : Versioning.SUSPENDED);
        }
        if (s.maxObjects() >= 0 || s.maxBytes() >= 0) {
            u.setQuota(quota(s.maxObjects(), s.maxBytes()));
        }
        switch (s.labels()) {
            case 1 -> u.putLabels("team", "green");
            case 2 -> u.addRemoveLabels("team");
            case 3 -> u.putLabels("env", "prod");
            default -> {
            }
        }
        Long rev = bucketCondition(u.getBucket(), s.condition());
        if (rev != null) {
            u.setExpectedRevision(rev);
        }
        return u.build();
    }

    /** null: no condition; else the bucket's revision (kind 1) or one that is not (kind 2). */
    private Long bucketCondition(String bucket, int kind) {
        if (kind == 0) {
            return null;
        }
        long current = model.buckets().containsKey(bucket) ? model.getBucket(bucket).getRevision() : 1;
        return kind == 1 ? current : current - 1;
    }

    /** An object condition on the key's live version: see the cases. */
    private record Cond(Long revision, String etag) {
    }

    Cond objectCondition(String bucket, String key, int kind) {
        ObjectVersion live = model.live(bucket, key);
        long current = live == null ? 0 : live.getRevision();
        String etag = live == null ? "e1" : live.getEtag();
        long stale = current > 1 ? current - 1 : current + 1;
        return switch (kind) {
            case 3 -> new Cond(0L, null);              // If-None-Match: *
            case 4 -> new Cond(current, null);         // the current revision (0 when none)
            case 5 -> new Cond(stale, null);           // a revision that is not current
            case 6 -> new Cond(null, etag);            // If-Match, right (wrong when nothing is live)
            case 7 -> new Cond(null, WRONG_ETAG);      // If-Match, wrong
            case 8 -> new Cond(current, etag);         // both right
            case 9 -> new Cond(current, WRONG_ETAG);   // revision right, etag wrong
            default -> new Cond(null, null);
        };
    }

    private PutObjectRequest put(int bucketIndex, int keyIndex, int size, int etag, int condition, int variant) {
        String bucket = BUCKETS.get(bucketIndex);
        String key = KEYS.get(keyIndex);
        PutObjectRequest.Builder p = PutObjectRequest.newBuilder().setBucket(bucket).setKey(key).setSize(size)
                .setEtag(ETAGS.get(etag)).setLocation(location(variant == 0 ? "" : "obj"));
        if (variant % 4 == 1) {
            p.setContentType("text/plain");
        }
        if (variant % 5 == 2) {
            p.putUserMetadata("color", "red");
        }
        if (variant == 7) {
            p.setStorageClass("STANDARD_IA");
        }
        Cond cond = objectCondition(bucket, key, condition);
        if (cond.revision() != null) {
            p.setExpectedRevision(cond.revision());
        }
        if (cond.etag() != null) {
            p.setExpectedEtag(cond.etag());
        }
        return p.build();
    }

    private DeleteObjectRequest delete(int bucketIndex, int keyIndex, int version, int condition) {
        String bucket = BUCKETS.get(bucketIndex);
        String key = KEYS.get(keyIndex);
        DeleteObjectRequest.Builder d = DeleteObjectRequest.newBuilder().setBucket(bucket).setKey(key);
        if (version >= 0) {
            d.setVersionId(pickVersion(bucket, key, version));
        }
        Cond cond = objectCondition(bucket, key, condition);
        if (cond.revision() != null) {
            d.setExpectedRevision(cond.revision());
        }
        if (cond.etag() != null) {
            d.setExpectedEtag(cond.etag());
        }
        return d.build();
    }

    /** Mostly one of the key's own versions; sometimes any id seen so far, "null" or one never issued. */
    private String pickVersion(String bucket, String key, int pick) {
        List<ObjectVersion> vs = model.versions(bucket, key);
        if (pick % 3 != 2 && !vs.isEmpty()) {
            return vs.get(pick % vs.size()).getVersionId();
        }
        return versionIds.get((pick * 7 + versionIds.size() / 2) % versionIds.size());
    }

    private TxnRequest txn(Step.Txn s) {
        TxnRequest.Builder t = TxnRequest.newBuilder();
        Set<String> used = new HashSet<>(); // a bucket and key at most once per Txn
        for (Step.TxnOpStep op : s.ops()) {
            if (!used.add(op.bucket() + "/" + op.key())) {
                continue;
            }
            t.addOps(op.put()
                    ? TxnOp.newBuilder().setPut(put(op.bucket(), op.key(), op.size(), op.etag(), op.condition(),
                            op.size() + 1))
                    : TxnOp.newBuilder().setDelete(delete(op.bucket(), op.key(), op.version(), op.condition())));
        }
        return t.build();
    }

    private CreateMultipartUploadRequest createUpload(Step.CreateUpload s) {
        CreateMultipartUploadRequest.Builder u = CreateMultipartUploadRequest.newBuilder()
                .setBucket(BUCKETS.get(s.bucket())).setKey(KEYS.get(s.key()));
        if (s.variant() % 3 == 1) {
            u.setContentType("application/x-tar");
        }
        if (s.variant() % 3 == 2) {
            u.putUserMetadata("origin", "multipart");
        }
        if (s.variant() == 9) {
            u.setStorageClass("GLACIER_IR");
        }
        return u.build();
    }

    /** Mostly an upload in progress; sometimes any upload ever created (finished ones are NoSuchUpload). */
    private KnownUpload pickUpload(int pick) {
        List<Upload> live = model.uploads();
        if (pick < 18 && !live.isEmpty()) {
            Upload u = live.get(pick % live.size());
            return new KnownUpload(u.getBucket(), u.getUploadId(), u.getKey());
        }
        if (uploads.isEmpty()) {
            return new KnownUpload(BUCKETS.get(0), Ids.uploadId(999_999), KEYS.get(0));
        }
        return uploads.get(pick % uploads.size());
    }

    private static String keyFor(KnownUpload u, int keyMode) {
        return switch (keyMode) {
            case 1 -> u.key();
            case 2 -> KEYS.get((KEYS.indexOf(u.key()) + 1) % KEYS.size());
            default -> "";
        };
    }

    private UploadPartRequest uploadPart(Step.UploadPart s) {
        KnownUpload u = pickUpload(s.upload());
        String bucket = s.otherBucket() ? BUCKETS.get((BUCKETS.indexOf(u.bucket()) + 1) % BUCKETS.size())
                : u.bucket();
        return UploadPartRequest.newBuilder().setBucket(bucket).setUploadId(u.uploadId())
                .setPartNumber(s.partNumber()).setKey(keyFor(u, s.keyMode())).setSize(s.size())
                .setEtag(PART_ETAGS.get(s.etag())).setLocation(location(s.size() == 9 ? "" : "part")).build();
    }

    private CompleteMultipartUploadRequest complete(Step.Complete s) {
        KnownUpload u = pickUpload(s.upload());
        List<Part> stored = new ArrayList<>(new java.util.TreeMap<>(model.parts(u.bucket(), u.uploadId())).values());
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if ((s.parts() & (1 << i)) != 0) {
                numbers.add(stored.get(i).getPartNumber());
            }
        }
        if (numbers.isEmpty()) {
            stored.forEach(p -> numbers.add(p.getPartNumber()));
        }
        if (s.missingPart() || numbers.isEmpty()) {
            numbers.add(numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1); // never uploaded
        }
        CompleteMultipartUploadRequest.Builder c = CompleteMultipartUploadRequest.newBuilder().setBucket(u.bucket())
                .setUploadId(u.uploadId()).setKey(keyFor(u, s.keyMode()));
        for (int n : numbers) {
            String etag = stored.stream().filter(p -> p.getPartNumber() == n).map(Part::getEtag).findFirst()
                    .orElse(PART_ETAGS.get(n % PART_ETAGS.size()));
            if (c.getPartsCount() == s.wrongEtag()) {
                etag = md5Hex("wrong");
            }
            c.addParts(CompletedPart.newBuilder().setPartNumber(n).setEtag(s.quoted() ? "\"" + etag + "\"" : etag));
        }
        Cond cond = objectCondition(u.bucket(), u.key(), s.condition());
        if (cond.revision() != null) {
            c.setExpectedRevision(cond.revision());
        }
        if (cond.etag() != null) {
            c.setExpectedEtag(cond.etag());
        }
        return c.build();
    }

    private ByteString location(String kind) {
        return kind.isEmpty() ? ByteString.EMPTY : ByteString.copyFromUtf8(kind + "-" + (++writes));
    }

    static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
