package io.objmeta.core.internal.read;

import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.core.internal.store.Kv;
import io.objmeta.api.CompactedException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Paging;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.proto.ListBucketsRequest;
import io.objmeta.api.proto.ListBucketsResponse;
import io.objmeta.api.proto.ListGarbageRequest;
import io.objmeta.api.proto.ListGarbageResponse;
import io.objmeta.api.proto.ListMultipartUploadsRequest;
import io.objmeta.api.proto.ListMultipartUploadsResponse;
import io.objmeta.api.proto.ListPartsResponse;
import io.objmeta.api.proto.Part;
import io.objmeta.api.proto.Upload;
import io.objmeta.api.Ids;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.TableCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/** ListBuckets, ListMultipartUploads, ListParts, ListGarbage and the change-feed read. */
public final class Listings {
    private Listings() {
    }

    public static ListBucketsResponse buckets(Schema s, Kv txn, ListBucketsRequest r, long revision) {
        int max = Paging.effectiveMaxBuckets(r);
        ListBucketsResponse.Builder out = ListBucketsResponse.newBuilder().setRevision(revision);
        if (max == 0) {
            return out.build();
        }
        byte[] prefix = Keys.utf8(r.getPrefix());
        byte[] start = prefix;
        if (!r.getContinuationToken().isEmpty()) {
            Tokens.Position p = Tokens.decode("continuationToken", r.getContinuationToken());
            start = Scan.max(start, Arrays.copyOf(p.item(), p.item().length + 1));
        }
        String last = null;
        try (KvCursor c = s.buckets.openCursor(txn)) {
            // LMDB has no empty keys: an empty start (no prefix, no token) means the first bucket
            boolean found = start.length == 0 ? c.first() : c.seekRange(start);
            for (boolean ok = found; ok && Keys.startsWith(c.key(), prefix); ok = c.next()) {
                if (out.getBucketsCount() == max) {
                    out.setIsTruncated(true).setNextContinuationToken(Tokens.encode(Tokens.KEY, Keys.utf8(last)));
                    break;
                }
                Bucket b = Protos.parse(Bucket.parser(), c.val());
                out.addBuckets(b);
                last = b.getName();
            }
        }
        return out.build();
    }

    public static ListMultipartUploadsResponse uploads(Schema s, Kv txn, Bucket b,
                                                       ListMultipartUploadsRequest r, long revision) {
        int max = Paging.effectiveMaxUploads(r);
        ListMultipartUploadsResponse.Builder out = ListMultipartUploadsResponse.newBuilder().setRevision(revision);
        if (max == 0) {
            return out.build();
        }
        byte[] bid = Keys.u64(b.getCreateRevision());
        byte[] prefix = Keys.utf8(r.getPrefix());
        byte[] delimiter = Keys.utf8(r.getDelimiter());
        byte[] scope = Keys.concat(bid, Keys.escape(prefix));
        byte[] start = scope;
        if (!r.getKeyMarker().isEmpty()) {
            byte[] marker = Keys.utf8(r.getKeyMarker());
            if (r.getUploadIdMarker().isEmpty()) {
                start = Scan.max(start, Scan.afterMarker(bid, marker, prefix, delimiter));
            } else {
                OptionalLong rev = Ids.revisionOfUploadId(r.getUploadIdMarker());
                if (rev.isEmpty()) {
                    throw InvalidArgumentException.of("uploadIdMarker", r.getUploadIdMarker(), "an uploadId");
                }
                start = Scan.max(start, Keys.concat(bid, Keys.encodeKey(marker), Keys.u64(rev.getAsLong() + 1)));
            }
        }
        int count = 0;
        String nextKey = "";
        String nextUpload = "";
        try (TableCursor c = s.uploads.cursor(txn)) {
            boolean ok = c.seek(start);
            int[] end = new int[1];
            while (ok && Keys.startsWith(c.key(), scope)) {
                byte[] key = Keys.decodeKey(c.key(), bid.length, end);
                byte[] cp = Scan.commonPrefix(key, prefix, delimiter);
                if (count == max) {
                    out.setIsTruncated(true);
                    break;
                }
                count++;
                if (cp != null) {
                    out.addCommonPrefixes(Keys.string(cp));
                    nextKey = Keys.string(cp);
                    nextUpload = "";
                    ok = c.seek(Scan.afterPrefix(bid, cp));
                    continue;
                }
                Upload u = Protos.parse(Upload.parser(), c.value());
                out.addUploads(u);
                nextKey = u.getKey();
                nextUpload = u.getUploadId();
                ok = c.next();
            }
        }
        if (out.getIsTruncated()) {
            out.setNextKeyMarker(nextKey).setNextUploadIdMarker(nextUpload);
        }
        return out.build();
    }

    /** Parts of an upload after {@code marker}, ascending. */
    public static ListPartsResponse parts(Schema s, Kv txn, byte[] partsPrefix, int marker, int max,
                                          long revision) {
        ListPartsResponse.Builder out = ListPartsResponse.newBuilder().setRevision(revision);
        if (max == 0) {
            return out.build();
        }
        try (KvCursor c = s.parts.openCursor(txn)) {
            byte[] start = Keys.concat(partsPrefix, Keys.u32(marker + 1));
            for (boolean ok = c.seekRange(start); ok && Keys.startsWith(c.key(), partsPrefix);
                 ok = c.next()) {
                if (out.getPartsCount() == max) {
                    Part last = out.getParts(out.getPartsCount() - 1);
                    out.setIsTruncated(true).setNextPartNumberMarker(last.getPartNumber());
                    break;
                }
                out.addParts(Protos.parse(Part.parser(), c.val()));
            }
        }
        return out.build();
    }

    /** Garbage after a revision; a page never splits a revision, so it may exceed the limit to finish one. */
    public static ListGarbageResponse garbage(Schema s, Kv txn, ListGarbageRequest r, long revision) {
        int limit = Paging.effectiveLimit(r);
        ListGarbageResponse.Builder out = ListGarbageResponse.newBuilder().setRevision(revision);
        if (limit == 0) {
            return out.build();
        }
        try (KvCursor c = s.garbage.openCursor(txn)) {
            long lastRevision = -1;
            for (boolean ok = c.seekRange(Keys.u64(r.getAfterRevision() + 1)); ok;
                 ok = c.next()) {
                long rev = Keys.getU64(c.key(), 0);
                if (out.getItemsCount() >= limit && rev != lastRevision) {
                    out.setIsTruncated(true);
                    break;
                }
                out.addItems(Protos.parse(GarbageItem.parser(), c.val()));
                lastRevision = rev;
            }
        }
        return out.build();
    }

    /**
     * Changes from {@code fromRevision} on (at most {@code limit}, whole revisions), filtered by bucket and key
     * prefix. Throws {@link CompactedException} when the window no longer reaches back that far.
     */
    public static List<Change> changes(Schema s, Kv txn, long fromRevision, int limit, String bucket,
                                       String prefix) {
        long compacted = s.getLong(txn, Schema.MetaKeys.COMPACTED);
        if (fromRevision <= compacted) {
            throw new CompactedException(fromRevision, compacted + 1);
        }
        List<Change> out = new ArrayList<>();
        try (KvCursor c = s.changes.openCursor(txn)) {
            long lastRevision = -1;
            for (boolean ok = c.seekRange(Keys.u64(fromRevision)); ok; ok = c.next()) {
                long rev = Keys.getU64(c.key(), 0);
                if (out.size() >= limit && rev != lastRevision) {
                    break;
                }
                lastRevision = rev;
                Change ch = Protos.parse(Change.parser(), c.val());
                if ((bucket.isEmpty() || bucket.equals(ch.getBucket()))
                        && (prefix.isEmpty() || ch.getKey().startsWith(prefix))) {
                    out.add(ch);
                }
            }
        }
        return out;
    }
}
