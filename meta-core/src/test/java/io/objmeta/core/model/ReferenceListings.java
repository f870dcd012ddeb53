package io.objmeta.core.model;

import static io.objmeta.core.model.ReferenceModel.UTF8_ORDER;

import io.objmeta.api.Ids;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Limits;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ListPartsRequest;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Upload;
import io.objmeta.core.model.ModelState.BucketState;
import io.objmeta.core.model.ModelState.UploadState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The listings of DESIGN.md over a {@link ReferenceModel}, computed the slow, obvious way: build the whole ordered
 * list of rows (a key's row, or a common prefix standing for every key under it, counted once), then cut it.
 *
 * <p>ListObjects and ListBuckets page with opaque tokens, so the model returns every page of a listing at once
 * ({@code *Pages}, tokens left empty). ListObjectVersions, ListMultipartUploads and ListParts page with S3's
 * readable markers, so the model answers one request, markers included, and a test can feed it the markers the
 * store returned.
 *
 * <p>Marker semantics (S3): rows at or before the marker are skipped; a common prefix that sorts at or before the
 * key marker is skipped whole, which is what lets a page that ended on a common prefix resume after it.
 * ListObjects' {@code startAfter} skips keys at or before it and rolls up what remains.
 */
public final class ReferenceListings {
    private final ReferenceModel model;

    public ReferenceListings(ReferenceModel model) {
        this.model = model;
    }

    /** Absent means 1000; larger is capped to 1000; 0 is an empty page. */
    static int pageSize(boolean present, int requested) {
        return present ? Math.min(requested, Limits.MAX_PAGE_SIZE) : Limits.MAX_PAGE_SIZE;
    }

    /** The key up to and including the first delimiter after the prefix, or null. */
    static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter.isEmpty()) {
            return null;
        }
        // UTF-8 is self-synchronizing: a match in UTF-16 is a match in UTF-8, at the same characters
        int i = key.indexOf(delimiter, prefix.length());
        return i < 0 ? null : key.substring(0, i + delimiter.length());
    }

    private static boolean atOrBefore(String a, String marker) {
        return !marker.isEmpty() && UTF8_ORDER.compare(a, marker) <= 0;
    }

    static ObjectSummary summary(ObjectVersion v, boolean latest) {
        return ObjectSummary.newBuilder().setKey(v.getKey()).setVersionId(v.getVersionId())
                .setRevision(v.getRevision()).setSize(v.getSize()).setEtag(v.getEtag())
                .setLastModified(v.getLastModified()).setStorageClass(v.getStorageClass()).setIsLatest(latest)
                .setIsDeleteMarker(v.getIsDeleteMarker()).build();
    }

    /** Splits rows into pages of {@code size}; size 0 gives one empty page. */
    private static <T> List<List<T>> cut(List<T> rows, int size) {
        List<List<T>> pages = new ArrayList<>();
        if (size == 0) {
            pages.add(List.of());
            return pages;
        }
        for (int i = 0; i < rows.size(); i += size) {
            pages.add(rows.subList(i, Math.min(rows.size(), i + size)));
        }
        if (pages.isEmpty()) {
            pages.add(List.of());
        }
        return pages;
    }

    // ---- ListObjects (V2) ----

    /** Every page of the listing that starts with {@code first} (whose continuationToken must be empty). */
    public List<ListObjectsResponse> listObjectsPages(ListObjectsRequest first) {
        BucketState b = model.requireBucket(first.getBucket());
        List<Object> rows = new ArrayList<>(); // ObjectSummary or a common prefix
        Set<String> prefixes = new HashSet<>();
        for (Map.Entry<String, List<ObjectVersion>> e : b.versions.entrySet()) {
            String key = e.getKey();
            ObjectVersion latest = e.getValue().get(0);
            if (!key.startsWith(first.getPrefix()) || atOrBefore(key, first.getStartAfter())
                    || latest.getIsDeleteMarker()) {
                continue; // only keys with a live latest version exist for ListObjects, also under a prefix
            }
            String cp = commonPrefix(key, first.getPrefix(), first.getDelimiter());
            if (cp == null) {
                rows.add(summary(latest, true));
            } else if (prefixes.add(cp)) {
                rows.add(cp);
            }
        }
        List<List<Object>> pages = cut(rows, pageSize(first.hasMaxKeys(), first.getMaxKeys()));
        List<ListObjectsResponse> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            ListObjectsResponse.Builder p = ListObjectsResponse.newBuilder().setRevision(model.revision())
                    .setIsTruncated(i < pages.size() - 1).setKeyCount(pages.get(i).size());
            for (Object row : pages.get(i)) {
                if (row instanceof ObjectSummary s) {
                    p.addContents(s);
                } else {
                    p.addCommonPrefixes((String) row);
                }
            }
            out.add(p.build());
        }
        return out;
    }

    // ---- ListObjectVersions ----

    private record VersionRow(ObjectVersion version, boolean latest) {
    }

    public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest r) {
        BucketState b = model.requireBucket(r.getBucket());
        int max = pageSize(r.hasMaxKeys(), r.getMaxKeys());
        ListObjectVersionsResponse.Builder out = ListObjectVersionsResponse.newBuilder()
                .setRevision(model.revision());
        if (max == 0) {
            return out.build();
        }
        String keyMarker = r.getKeyMarker();
        List<Object> rows = new ArrayList<>(); // VersionRow or a common prefix
        if (!r.getVersionIdMarker().isEmpty()) { // resume inside the marker key's versions: none is the latest
            List<ObjectVersion> vs = b.versionsOf(keyMarker);
            int at = indexOf(vs, r.getVersionIdMarker());
            if (at < 0) {
                throw InvalidArgumentException.of("versionIdMarker", r.getVersionIdMarker(),
                        "a version of keyMarker");
            }
            for (int j = at + 1; j < vs.size(); j++) {
                rows.add(new VersionRow(vs.get(j), false));
            }
        }
        Set<String> prefixes = new HashSet<>();
        for (Map.Entry<String, List<ObjectVersion>> e : b.versions.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(r.getPrefix()) || atOrBefore(key, keyMarker)) {
                continue;
            }
            String cp = commonPrefix(key, r.getPrefix(), r.getDelimiter());
            if (cp != null) {
                if (!atOrBefore(cp, keyMarker) && prefixes.add(cp)) {
                    rows.add(cp);
                }
                continue;
            }
            List<ObjectVersion> vs = e.getValue();
            for (int j = 0; j < vs.size(); j++) {
                rows.add(new VersionRow(vs.get(j), j == 0));
            }
        }
        for (Object row : rows.subList(0, Math.min(max, rows.size()))) {
            if (row instanceof VersionRow v) {
                out.addVersions(summary(v.version(), v.latest()));
                out.setNextKeyMarker(v.version().getKey()).setNextVersionIdMarker(v.version().getVersionId());
            } else {
                out.addCommonPrefixes((String) row);
                out.setNextKeyMarker((String) row).setNextVersionIdMarker("");
            }
        }
        if (rows.size() <= max) { // markers only on a truncated page
            out.setIsTruncated(false).clearNextKeyMarker().clearNextVersionIdMarker();
        } else {
            out.setIsTruncated(true);
        }
        return out.build();
    }

    private static int indexOf(List<ObjectVersion> vs, String versionId) {
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i).getVersionId().equals(versionId)) {
                return i;
            }
        }
        return -1;
    }

    // ---- ListBuckets ----

    public List<ListBucketsResponse> listBucketsPages(ListBucketsRequest first) {
        List<Bucket> rows = new ArrayList<>();
        for (BucketState b : model.buckets().values()) {
            if (b.name.startsWith(first.getPrefix())) {
                rows.add(b.toProto());
            }
        }
        List<List<Bucket>> pages = cut(rows, pageSize(first.hasMaxBuckets(), first.getMaxBuckets()));
        List<ListBucketsResponse> out = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            out.add(ListBucketsResponse.newBuilder().addAllBuckets(pages.get(i)).setIsTruncated(i < pages.size() - 1)
                    .setRevision(model.revision()).build());
        }
        return out;
    }

    // ---- ListMultipartUploads, ListParts ----

    /** Uploads by key (UTF-8 order), then oldest first within a key (S3). */
    public ListMultipartUploadsResponse listMultipartUploads(ListMultipartUploadsRequest r) {
        BucketState b = model.requireBucket(r.getBucket());
        int max = pageSize(r.hasMaxUploads(), r.getMaxUploads());
        ListMultipartUploadsResponse.Builder out = ListMultipartUploadsResponse.newBuilder()
                .setRevision(model.revision());
        if (max == 0) {
            return out.build();
        }
        List<Upload> all = new ArrayList<>();
        b.uploads.values().forEach(u -> all.add(u.upload));
        all.sort((x, y) -> {
            int c = UTF8_ORDER.compare(x.getKey(), y.getKey());
            return c != 0 ? c : Long.compare(x.getRevision(), y.getRevision());
        });
        String keyMarker = r.getKeyMarker();
        long afterRevision = Long.MAX_VALUE; // uploads of the marker key created after this one come first
        if (!r.getUploadIdMarker().isEmpty()) {
            OptionalLong rev = Ids.revisionOfUploadId(r.getUploadIdMarker());
            if (rev.isEmpty()) {
                throw InvalidArgumentException.of("uploadIdMarker", r.getUploadIdMarker(), "an uploadId");
            }
            afterRevision = rev.getAsLong();
        }
        List<Object> rows = new ArrayList<>(); // Upload or a common prefix
        Set<String> prefixes = new HashSet<>();
        for (Upload u : all) {
            String key = u.getKey();
            if (!key.startsWith(r.getPrefix())) {
                continue;
            }
            if (key.equals(keyMarker) && u.getRevision() > afterRevision) {
                rows.add(u);
                continue;
            }
            if (atOrBefore(key, keyMarker)) {
                continue;
            }
            String cp = commonPrefix(key, r.getPrefix(), r.getDelimiter());
            if (cp == null) {
                rows.add(u);
            } else if (!atOrBefore(cp, keyMarker) && prefixes.add(cp)) {
                rows.add(cp);
            }
        }
        for (Object row : rows.subList(0, Math.min(max, rows.size()))) {
            if (row instanceof Upload u) {
                out.addUploads(u).setNextKeyMarker(u.getKey()).setNextUploadIdMarker(u.getUploadId());
            } else {
                out.addCommonPrefixes((String) row).setNextKeyMarker((String) row).setNextUploadIdMarker("");
            }
        }
        if (rows.size() <= max) {
            out.setIsTruncated(false).clearNextKeyMarker().clearNextUploadIdMarker();
        } else {
            out.setIsTruncated(true);
        }
        return out.build();
    }

    public ListPartsResponse listParts(ListPartsRequest r) {
        UploadState u = model.locate(r.getBucket(), r.getUploadId(), r.getKey());
        int max = pageSize(r.hasMaxParts(), r.getMaxParts());
        ListPartsResponse.Builder out = ListPartsResponse.newBuilder().setRevision(model.revision());
        if (max == 0) {
            return out.build();
        }
        List<Part> rows = new ArrayList<>(u.parts.tailMap(r.getPartNumberMarker(), false).values());
        out.addAllParts(rows.subList(0, Math.min(max, rows.size())));
        if (rows.size() > max) {
            out.setIsTruncated(true).setNextPartNumberMarker(rows.get(max - 1).getPartNumber());
        }
        return out.build();
    }
}
