package io.objmeta.core.internal.read;

import io.objmeta.core.internal.store.Kv;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.Paging;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ListObjectVersionsRequest;
import io.objmeta.api.proto.ListObjectVersionsResponse;
import io.objmeta.api.proto.ObjectSummary;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.TableCursor;
import io.objmeta.core.internal.store.VersionKeys;
import java.util.Arrays;

/**
 * ListObjectVersions (S3): every version and delete marker, by key then newest first, {@code isLatest} on the
 * newest of each key; paged by (keyMarker, versionIdMarker); common prefixes as in ListObjects.
 */
public final class VersionListing {
    private VersionListing() {
    }

    public static ListObjectVersionsResponse list(Schema s, Kv txn, Bucket b, ListObjectVersionsRequest r,
                                                  long revision) {
        int max = Paging.effectiveMaxKeys(r);
        ListObjectVersionsResponse.Builder out = ListObjectVersionsResponse.newBuilder().setRevision(revision);
        if (max == 0) {
            return out.build();
        }
        byte[] bid = Keys.u64(b.getCreateRevision());
        byte[] prefix = Keys.utf8(r.getPrefix());
        byte[] delimiter = Keys.utf8(r.getDelimiter());
        byte[] scope = Keys.concat(bid, Keys.escape(prefix));
        byte[] start = scope;
        byte[] midKey = null; // set when the page starts inside a key's versions: none of them is the latest
        if (!r.getKeyMarker().isEmpty()) {
            byte[] marker = Keys.utf8(r.getKeyMarker());
            if (r.getVersionIdMarker().isEmpty()) {
                start = Scan.max(start, Scan.afterMarker(bid, marker, prefix, delimiter));
            } else {
                byte[] kp = VersionKeys.keyPrefix(bid, r.getKeyMarker());
                ObjectVersion v = VersionKeys.find(s, txn, kp, r.getVersionIdMarker());
                if (v == null) {
                    throw InvalidArgumentException.of("versionIdMarker", r.getVersionIdMarker(),
                            "a version of keyMarker \"" + r.getKeyMarker() + "\"");
                }
                byte[] row = VersionKeys.row(kp, v.getRevision());
                start = Scan.max(start, Arrays.copyOf(row, row.length + 1)); // just after that row
                midKey = kp;
            }
        } else if (!r.getVersionIdMarker().isEmpty()) {
            throw InvalidArgumentException.of("versionIdMarker", r.getVersionIdMarker(),
                    "empty unless keyMarker is set");
        }
        int count = 0;
        String nextKey = "";
        String nextVersion = "";
        byte[] previousKeyPrefix = midKey;
        try (TableCursor c = s.versions.cursor(txn)) {
            boolean ok = c.seek(start);
            int[] end = new int[1];
            while (ok && Keys.startsWith(c.key(), scope)) {
                byte[] row = c.key();
                byte[] key = Keys.decodeKey(row, bid.length, end);
                byte[] cp = Scan.commonPrefix(key, prefix, delimiter);
                if (count == max) {
                    out.setIsTruncated(true);
                    break;
                }
                if (cp != null) {
                    out.addCommonPrefixes(Keys.string(cp));
                    count++;
                    nextKey = Keys.string(cp);
                    nextVersion = "";
                    ok = c.seek(Scan.afterPrefix(bid, cp));
                    previousKeyPrefix = null;
                    continue;
                }
                byte[] keyPrefix = Arrays.copyOf(row, end[0]);
                boolean latest = previousKeyPrefix == null || !Arrays.equals(previousKeyPrefix, keyPrefix);
                ObjectSummary v = Summaries.summary(c.value(), latest);
                out.addVersions(v);
                count++;
                nextKey = v.getKey();
                nextVersion = v.getVersionId();
                previousKeyPrefix = keyPrefix;
                ok = c.next();
            }
        }
        if (out.getIsTruncated()) {
            out.setNextKeyMarker(nextKey).setNextVersionIdMarker(nextVersion);
        }
        return out.build();
    }
}
