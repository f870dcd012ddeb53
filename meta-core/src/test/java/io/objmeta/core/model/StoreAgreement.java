package io.objmeta.core.model;

import io.objmeta.api.Validation;
import io.objmeta.api.proto.GarbageItem;
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
import io.objmeta.api.proto.Upload;
import io.objmeta.core.MetaCore;
import io.objmeta.core.model.ModelHarness.Outcome;
import com.google.protobuf.MessageOrBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Everything readable must agree between meta-core and the model: the revision, every bucket (usage included),
 * every key's latest version and every version by id, the garbage queue, and listings paged to their end. After
 * each step a few listings with random parameters; at the end of a scenario every prefix and delimiter.
 *
 * <p>Opaque continuation tokens are followed on the core side while the model returns all pages at once; S3's
 * readable markers (versions, uploads, parts) are fed to both sides, page by page.
 */
final class StoreAgreement {
    static final List<String> PREFIXES = List.of("", "a", "a/", "é", "a\u0000", "\uD83D\uDE00");
    static final List<String> DELIMITERS = List.of("", "/", "b", "\u0000", "/b");
    private static final List<String> START_AFTER = List.of("", "", "", "", "a", "a/", "a/b", "é", "a\u0000");
    private static final int[] PAGE_SIZES = {-1, 0, 1, 1, 2, 2, 3, 1000, 5000}; // -1: absent
    private static final int MAX_PAGES = 200; // far more than any listing here needs: a loop is a bug

    private final ModelHarness h;
    private final ReferenceModel model;
    private final Random random;

    StoreAgreement(ModelHarness h) {
        this.h = h;
        this.model = h.model;
        this.random = h.random;
    }

    private MetaCore core() {
        return h.core();
    }

    /** The checks after every step. */
    void afterStep() {
        h.agree("revision", model.revision(), core().revision());
        buckets();
        objects(false);
        garbage(pageSize());
        listBuckets(pick(List.of("", "bkt-", "bkt.", "x")), pageSize());
        List<String> live = new ArrayList<>(model.buckets().keySet());
        if (live.isEmpty()) {
            return;
        }
        for (int i = 0; i < 2; i++) {
            String b = pick(live);
            listObjects(b, pick(PREFIXES), pick(DELIMITERS), pick(START_AFTER), pageSize());
        }
        listVersions(pick(live), pick(PREFIXES), pick(DELIMITERS), pageSize());
        listUploads(pick(live), pick(PREFIXES), pick(DELIMITERS), pageSize());
        for (Upload u : model.uploads()) {
            listParts(u, pageSize());
        }
    }

    /** Every prefix and delimiter, paged small and in one page. */
    void exhaustive() {
        objects(true);
        for (String b : ModelHarness.BUCKETS) {
            for (String key : ModelHarness.KEYS) { // absent keys and delete markers too
                get(GetObjectRequest.newBuilder().setBucket(b).setKey(key).build());
            }
        }
        for (String b : model.buckets().keySet()) {
            for (String prefix : PREFIXES) {
                for (String delimiter : DELIMITERS) {
                    listObjects(b, prefix, delimiter, "", 1);
                    listObjects(b, prefix, delimiter, "", -1);
                    listVersions(b, prefix, delimiter, 2);
                    listUploads(b, prefix, delimiter, 1);
                }
            }
        }
    }

    private <T> T pick(List<T> xs) {
        return xs.get(random.nextInt(xs.size()));
    }

    private int pageSize() {
        return PAGE_SIZES[random.nextInt(PAGE_SIZES.length)];
    }

    private void buckets() {
        for (String b : ModelHarness.BUCKETS) {
            h.agree("GetBucket " + b, Outcome.of(() -> model.getBucket(b)), Outcome.of(() -> core().getBucket(b)));
        }
    }

    /**
     * Every version of every bucket (one unpaged version listing each, so a version the model lacks shows too),
     * the latest version of every key that has one, and every version by id of the keys the step wrote ({@code
     * all}: of every key). A GET carries what listings leave out: location, parts, user metadata.
     */
    private void objects(boolean all) {
        for (String b : model.buckets().keySet()) {
            listVersions(b, "", "", -1);
            for (String key : ModelHarness.KEYS) {
                List<ObjectVersion> vs = model.versions(b, key);
                if (!vs.isEmpty()) {
                    get(GetObjectRequest.newBuilder().setBucket(b).setKey(key).build());
                }
                if (all || h.touched(b, key)) {
                    for (ObjectVersion v : vs) {
                        get(GetObjectRequest.newBuilder().setBucket(b).setKey(key).setVersionId(v.getVersionId())
                                .build());
                    }
                }
            }
        }
    }

    private void get(GetObjectRequest r) {
        Validation.validate(r);
        h.agree("GetObject " + r, Outcome.of(() -> model.getObject(r)), Outcome.of(() -> core().getObject(r)));
    }

    /** The whole queue, paged with {@code limit}; a page may pass the limit only to finish a revision. */
    private void garbage(int limit) {
        List<GarbageItem> items = new ArrayList<>();
        long after = 0;
        for (int pages = 0; ; pages++) {
            h.agree("ListGarbage ends", true, pages < MAX_PAGES);
            ListGarbageRequest.Builder r = ListGarbageRequest.newBuilder().setAfterRevision(after);
            if (limit >= 0) {
                r.setLimit(limit);
            }
            Validation.validate(r.build());
            ListGarbageResponse p = core().listGarbage(r.build());
            h.agree("ListGarbage revision", model.revision(), p.getRevision());
            int cap = ReferenceListings.pageSize(limit >= 0, limit);
            if (p.getItemsCount() > cap && cap > 0) {
                long finishing = p.getItems(cap - 1).getRevision();
                h.agree("ListGarbage passes its limit only to finish a revision", finishing,
                        p.getItems(p.getItemsCount() - 1).getRevision());
            }
            items.addAll(p.getItemsList());
            if (!p.getIsTruncated() || limit == 0) {
                h.agree("ListGarbage with limit 0 is an empty page", true, limit != 0 || p.getItemsCount() == 0);
                break;
            }
            h.agree("a truncated ListGarbage page is not empty", true, p.getItemsCount() > 0);
            after = p.getItems(p.getItemsCount() - 1).getRevision();
        }
        if (limit != 0) {
            h.agree("garbage queue", canonical(model.garbage()), canonical(items));
        }
    }

    /** Revision order is the contract; within one revision the order is not. */
    private static List<GarbageItem> canonical(List<GarbageItem> items) {
        List<GarbageItem> out = new ArrayList<>(items);
        out.sort(Comparator.comparingLong(GarbageItem::getRevision).thenComparing(GarbageItem::toString));
        return out;
    }

    private void listBuckets(String prefix, int size) {
        ListBucketsRequest.Builder first = ListBucketsRequest.newBuilder().setPrefix(prefix);
        if (size >= 0) {
            first.setMaxBuckets(size);
        }
        List<ListBucketsResponse> pages = new ArrayList<>();
        ListBucketsRequest r = first.build();
        for (int n = 0; ; n++) {
            h.agree("ListBuckets ends", true, n < MAX_PAGES);
            Validation.validate(r);
            ListBucketsResponse p = core().listBuckets(r);
            h.agree("ListBuckets token iff truncated", p.getIsTruncated(), !p.getNextContinuationToken().isEmpty());
            pages.add(p.toBuilder().clearNextContinuationToken().build());
            if (!p.getIsTruncated()) {
                break;
            }
            r = r.toBuilder().setContinuationToken(p.getNextContinuationToken()).build();
        }
        h.agree("ListBuckets " + first, h.listings.listBucketsPages(first.build()), pages);
    }

    void listObjects(String bucket, String prefix, String delimiter, String startAfter, int size) {
        ListObjectsRequest.Builder first = ListObjectsRequest.newBuilder().setBucket(bucket).setPrefix(prefix)
                .setDelimiter(delimiter).setStartAfter(startAfter);
        if (size >= 0) {
            first.setMaxKeys(size);
        }
        List<ListObjectsResponse> pages = new ArrayList<>();
        ListObjectsRequest r = first.build();
        for (int n = 0; ; n++) {
            h.agree("ListObjects ends " + first, true, n < MAX_PAGES);
            Validation.validate(r);
            ListObjectsResponse p = core().listObjects(r);
            h.agree("ListObjects token iff truncated", p.getIsTruncated(), !p.getNextContinuationToken().isEmpty());
            pages.add(p.toBuilder().clearNextContinuationToken().build());
            if (!p.getIsTruncated()) {
                break;
            }
            r = r.toBuilder().setContinuationToken(p.getNextContinuationToken()).build();
        }
        h.agree("ListObjects " + show(first.build()), h.listings.listObjectsPages(first.build()), pages);
    }

    void listVersions(String bucket, String prefix, String delimiter, int size) {
        ListObjectVersionsRequest.Builder r = ListObjectVersionsRequest.newBuilder().setBucket(bucket)
                .setPrefix(prefix).setDelimiter(delimiter);
        if (size >= 0) {
            r.setMaxKeys(size);
        }
        for (int n = 0; ; n++) {
            h.agree("ListObjectVersions ends " + show(r.build()), true, n < MAX_PAGES);
            ListObjectVersionsRequest req = r.build();
            Validation.validate(req);
            Outcome expected = Outcome.of(() -> h.listings.listObjectVersions(req));
            Outcome actual = Outcome.of(() -> core().listObjectVersions(req));
            h.agree("ListObjectVersions " + show(req), expected, actual);
            ListObjectVersionsResponse p = (ListObjectVersionsResponse) actual.value();
            if (p == null || !p.getIsTruncated()) {
                break;
            }
            r.setKeyMarker(p.getNextKeyMarker()).setVersionIdMarker(p.getNextVersionIdMarker());
        }
    }

    void listUploads(String bucket, String prefix, String delimiter, int size) {
        ListMultipartUploadsRequest.Builder r = ListMultipartUploadsRequest.newBuilder().setBucket(bucket)
                .setPrefix(prefix).setDelimiter(delimiter);
        if (size >= 0) {
            r.setMaxUploads(size);
        }
        for (int n = 0; ; n++) {
            h.agree("ListMultipartUploads ends " + show(r.build()), true, n < MAX_PAGES);
            ListMultipartUploadsRequest req = r.build();
            Validation.validate(req);
            Outcome expected = Outcome.of(() -> h.listings.listMultipartUploads(req));
            Outcome actual = Outcome.of(() -> core().listMultipartUploads(req));
            h.agree("ListMultipartUploads " + show(req), expected, actual);
            ListMultipartUploadsResponse p = (ListMultipartUploadsResponse) actual.value();
            if (p == null || !p.getIsTruncated()) {
                break;
            }
            r.setKeyMarker(p.getNextKeyMarker()).setUploadIdMarker(p.getNextUploadIdMarker());
        }
    }

    private void listParts(Upload u, int size) {
        ListPartsRequest.Builder r = ListPartsRequest.newBuilder().setBucket(u.getBucket())
                .setUploadId(u.getUploadId());
        if (size >= 0) {
            r.setMaxParts(size);
        }
        if (random.nextBoolean()) {
            r.setKey(u.getKey());
        }
        for (int n = 0; ; n++) {
            h.agree("ListParts ends", true, n < MAX_PAGES);
            ListPartsRequest req = r.build();
            Validation.validate(req);
            Outcome expected = Outcome.of(() -> h.listings.listParts(req));
            Outcome actual = Outcome.of(() -> core().listParts(req));
            h.agree("ListParts " + show(req), expected, actual);
            ListPartsResponse p = (ListPartsResponse) actual.value();
            if (p == null || !p.getIsTruncated()) {
                break;
            }
            r.setPartNumberMarker(p.getNextPartNumberMarker());
        }
    }

    private static String show(MessageOrBuilder m) {
        return ModelHarness.show(m);
    }
}
