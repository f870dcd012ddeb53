package io.objmeta.core.model;

import static io.objmeta.core.model.ReferenceModel.UTF8_ORDER;

import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Quota;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.proto.Usage;
import io.objmeta.api.proto.Versioning;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Everything the reference model holds, as plain sorted collections: buckets by name, each with its keys'
 * versions (newest first) and uploads in progress, and the garbage queue. {@link #copy()} is deep, so a write can
 * work on a copy that replaces the state only if it succeeds. Usage is never stored: it is computed from the
 * versions, so it cannot drift.
 */
final class ModelState {
    long revision; // last revision assigned by a committed write
    final TreeMap<String, BucketState> buckets = new TreeMap<>(UTF8_ORDER);
    final List<GarbageItem> garbage = new ArrayList<>(); // ascending revision

    ModelState copy() {
        ModelState s = new ModelState();
        s.revision = revision;
        buckets.forEach((name, b) -> s.buckets.put(name, b.copy()));
        s.garbage.addAll(garbage);
        return s;
    }

    /** One bucket: its configuration, its keys' versions (newest first) and its uploads in progress. */
    static final class BucketState {
        final String name;
        final long createRevision;
        final long createdAt;
        long revision;
        Versioning versioning;
        Quota quota;
        final TreeMap<String, String> labels = new TreeMap<>();
        final TreeMap<String, List<ObjectVersion>> versions = new TreeMap<>(UTF8_ORDER); // never an empty list
        final TreeMap<Long, UploadState> uploads = new TreeMap<>(); // by creating revision

        BucketState(String name, long createRevision, long createdAt) {
            this.name = name;
            this.createRevision = createRevision;
            this.createdAt = createdAt;
        }

        BucketState copy() {
            BucketState b = new BucketState(name, createRevision, createdAt);
            b.revision = revision;
            b.versioning = versioning;
            b.quota = quota;
            b.labels.putAll(labels);
            versions.forEach((k, vs) -> b.versions.put(k, new ArrayList<>(vs)));
            uploads.forEach((r, u) -> b.uploads.put(r, u.copy()));
            return b;
        }

        /** Stored versions: every version but delete markers (DESIGN "usage"). */
        Usage usage() {
            long count = 0;
            long bytes = 0;
            for (List<ObjectVersion> vs : versions.values()) {
                for (ObjectVersion v : vs) {
                    if (!v.getIsDeleteMarker()) {
                        count++;
                        bytes += v.getSize();
                    }
                }
            }
            return Usage.newBuilder().setObjectCount(count).setBytesUsed(bytes).build();
        }

        Bucket toProto() {
            return Bucket.newBuilder().setName(name).setRevision(revision).setCreateRevision(createRevision)
                    .setCreatedAt(createdAt).setVersioning(versioning).setQuota(quota).setUsage(usage())
                    .putAllLabels(labels).build();
        }

        List<ObjectVersion> versionsOf(String key) {
            return versions.getOrDefault(key, List.of());
        }
    }

    static final class UploadState {
        final Upload upload;
        final TreeMap<Integer, Part> parts = new TreeMap<>();

        UploadState(Upload upload) {
            this.upload = upload;
        }

        UploadState copy() {
            UploadState u = new UploadState(upload);
            u.parts.putAll(parts);
            return u;
        }
    }

}
