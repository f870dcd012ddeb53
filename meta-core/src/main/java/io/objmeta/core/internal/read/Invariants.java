package io.objmeta.core.internal.read;

import io.objmeta.core.internal.store.KvCursor;
import io.objmeta.core.internal.store.Kv;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Upload;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.internal.store.TableCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-checks of the store's redundant facts, in one read transaction: usage counters equal the versions really
 * stored, every version row decodes and sits under the right key and revision, every upload and part belongs to
 * a live bucket and upload, and no row carries a revision above the store's. Used by tests after crashes and by
 * {@code metasnap verify}.
 */
public final class Invariants {
    private Invariants() {
    }

    public static List<String> check(Schema s, Kv txn) {
        List<String> problems = new ArrayList<>();
        long revision = s.getLong(txn, Schema.MetaKeys.REVISION);
        Map<Long, Bucket> byId = new HashMap<>();
        Map<Long, long[]> usage = new HashMap<>();
        try (KvCursor c = s.buckets.openCursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                Bucket b = Protos.parse(Bucket.parser(), c.val());
                byId.put(b.getCreateRevision(), b);
                usage.put(b.getCreateRevision(), new long[2]);
            }
        }
        try (TableCursor c = s.versions.cursor(txn)) {
            int[] end = new int[1];
            for (boolean ok = c.first(); ok; ok = c.next()) {
                byte[] row = c.key();
                long bid = Keys.getU64(row, 0);
                String key = Keys.string(Keys.decodeKey(row, 8, end));
                long rowRevision = ~Keys.getU64(row, row.length - 8);
                ObjectVersion v = Protos.parse(ObjectVersion.parser(), c.value());
                String where = "versions[bucket id " + bid + ", key \"" + key + "\", revision " + rowRevision + "]";
                if (!byId.containsKey(bid)) {
                    problems.add(where + ": no bucket has this id");
                    continue;
                }
                if (!v.getKey().equals(key) || v.getRevision() != rowRevision) {
                    problems.add(where + ": record says key \"" + v.getKey() + "\" revision " + v.getRevision());
                }
                if (rowRevision > revision) {
                    problems.add(where + ": revision above the store's " + revision);
                }
                if (!v.getIsDeleteMarker()) {
                    usage.get(bid)[0]++;
                    usage.get(bid)[1] += v.getSize();
                }
            }
        }
        for (Map.Entry<Long, Bucket> e : byId.entrySet()) {
            Bucket b = e.getValue();
            long[] real = usage.get(e.getKey());
            if (b.getUsage().getObjectCount() != real[0] || b.getUsage().getBytesUsed() != real[1]) {
                problems.add("bucket \"" + b.getName() + "\": usage says " + b.getUsage().getObjectCount()
                        + " objects / " + b.getUsage().getBytesUsed() + " bytes, stored versions are " + real[0]
                        + " / " + real[1]);
            }
        }
        checkUploads(s, txn, byId, problems);
        return problems;
    }

    private static void checkUploads(Schema s, Kv txn, Map<Long, Bucket> byId, List<String> problems) {
        long uploads = 0;
        try (TableCursor c = s.uploads.cursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                uploads++;
                byte[] row = c.key();
                long bid = Keys.getU64(row, 0);
                long rev = Keys.getU64(row, row.length - 8);
                Upload u = Protos.parse(Upload.parser(), c.value());
                byte[] idKey = s.uploadIds.get(txn, Keys.concat(Keys.u64(bid), Keys.u64(rev)));
                if (!byId.containsKey(bid) || idKey == null || !Keys.string(idKey).equals(u.getKey())) {
                    problems.add("uploads[" + u.getUploadId() + "]: not indexed by its id, or no such bucket");
                }
            }
        }
        if (s.uploadIds.entries(txn) != uploads) {
            problems.add("uploadIds has " + s.uploadIds.entries(txn) + " entries for " + uploads + " uploads");
        }
        try (KvCursor c = s.parts.openCursor(txn)) {
            for (boolean ok = c.first(); ok; ok = c.next()) {
                byte[] uploadRow = Arrays.copyOf(c.key(), 16);
                if (s.uploadIds.get(txn, uploadRow) == null) {
                    problems.add("parts[bucket id " + Keys.getU64(c.key(), 0) + ", upload revision "
                            + Keys.getU64(c.key(), 8) + ", part " + Keys.getU32(c.key(), 16)
                            + "]: belongs to no open upload");
                }
            }
        }
    }
}
