package io.objmeta.core.internal.read;

import io.objmeta.core.internal.store.Kv;
import io.objmeta.api.Paging;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.TableCursor;

/**
 * ListObjectsV2 over the versions table. The cursor stands on the newest row of each key; a key costs one step
 * (a {@code next}, or a seek past its older versions), and a common prefix costs one seek past everything under
 * it. So a page costs O(page), whatever the bucket holds under its common prefixes.
 */
public final class ObjectListing {
    private ObjectListing() {
    }

    /** Lists one page; {@code steps[0]} receives the LMDB cursor positionings it took. */
    public static ListObjectsResponse list(Schema s, Kv txn, Bucket b, ListObjectsRequest r, long revision,
                                           long[] steps) {
        int max = Paging.effectiveMaxKeys(r);
        ListObjectsResponse.Builder out = ListObjectsResponse.newBuilder().setRevision(revision);
        if (max == 0) {
            return out.build();
        }
        byte[] bid = Keys.u64(b.getCreateRevision());
        byte[] prefix = Keys.utf8(r.getPrefix());
        byte[] delimiter = Keys.utf8(r.getDelimiter());
        byte[] scope = Keys.concat(bid, Keys.escape(prefix));
        byte[] start = scope;
        if (!r.getContinuationToken().isEmpty()) {
            Tokens.Position p = Tokens.decode("continuationToken", r.getContinuationToken());
            start = Scan.max(start, p.kind() == Tokens.KEY ? Scan.afterKey(bid, p.item())
                    : Scan.afterPrefix(bid, p.item()));
        } else if (!r.getStartAfter().isEmpty()) {
            start = Scan.max(start, Scan.afterKey(bid, Keys.utf8(r.getStartAfter())));
        }
        int count = 0;
        byte lastKind = 0;
        byte[] last = null;
        try (TableCursor c = s.versions.cursor(txn)) {
            boolean ok = c.seek(start);
            int[] end = new int[1];
            while (ok && Keys.startsWith(c.key(), scope)) {
                byte[] row = c.key();
                byte[] key = Keys.decodeKey(row, bid.length, end);
                byte[] cp = Scan.commonPrefix(key, prefix, delimiter);
                if (cp != null) {
                    // like a key, a common prefix exists only if a live version does under it (S3)
                    if (anyLive(c, bid, Keys.concat(bid, Keys.escape(cp)))) {
                        if (count == max) {
                            out.setIsTruncated(true);
                            break;
                        }
                        out.addCommonPrefixes(Keys.string(cp));
                        count++;
                        lastKind = Tokens.PREFIX;
                        last = cp;
                    }
                    ok = c.seek(Scan.afterPrefix(bid, cp));
                    continue;
                }
                ObjectSummary v = Summaries.summary(c.value(), true);
                if (!v.getIsDeleteMarker()) {
                    if (count == max) {
                        out.setIsTruncated(true);
                        break;
                    }
                    out.addContents(v);
                    count++;
                    lastKind = Tokens.KEY;
                    last = key;
                }
                ok = nextKey(c, row, end[0]);
            }
            steps[0] = c.steps();
        }
        out.setKeyCount(count);
        if (out.getIsTruncated()) {
            out.setNextContinuationToken(Tokens.encode(lastKind, last));
        }
        return out.build();
    }

    /**
     * Whether a key whose rows start with {@code rowPrefix} has a live latest version, looking from the cursor (on
     * the newest row of a key) at one key after another. Keys whose latest version is a delete marker cost a step
     * each, as in S3, where a prefix of deleted keys slows a listing down too.
     */
    private static boolean anyLive(TableCursor c, byte[] bid, byte[] rowPrefix) {
        int[] end = new int[1];
        for (boolean ok = true; ok && Keys.startsWith(c.key(), rowPrefix); ) {
            if (!Summaries.isDeleteMarker(c.value())) {
                return true;
            }
            byte[] row = c.key();
            Keys.decodeKey(row, bid.length, end);
            ok = nextKey(c, row, end[0]);
        }
        return false;
    }

    /** From the newest row of a key to the newest row of the next key: {@code next}, or a seek past older rows. */
    static boolean nextKey(TableCursor c, byte[] row, int keyEnd) {
        if (!c.next()) {
            return false;
        }
        byte[] keyPrefix = java.util.Arrays.copyOf(row, keyEnd);
        return !Keys.startsWith(c.key(), keyPrefix) || c.seek(Keys.successor(keyPrefix));
    }
}
