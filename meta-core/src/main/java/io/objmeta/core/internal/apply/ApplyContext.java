package io.objmeta.core.internal.apply;

import io.objmeta.core.internal.store.Kv;
import com.google.protobuf.CodedOutputStream;
import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.GarbageItem;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.internal.store.Keys;
import io.objmeta.core.internal.store.Protos;
import io.objmeta.core.internal.store.Schema;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of one batch apply: the write transaction, the revision counter, the timestamp of the command being
 * applied, and a cache of bucket records (usage changes on every write; they are written once per batch).
 * Handlers check everything first and only then call {@link #commitRevision()} and write, so a failed command
 * leaves no trace.
 */
public final class ApplyContext {
    final Kv txn;
    final Schema schema;
    final CoreOptions options;
    private long revision;            // last assigned revision
    private long timestampMillis;     // the current command's leader-stamped time
    private int changeIndex;          // changes written at the current revision
    private int garbageIndex;         // garbage items written at the current revision
    private final Map<String, Bucket> bucketCache = new HashMap<>(); // absent value: deleted
    private final Map<String, Bucket> dirtyBuckets = new LinkedHashMap<>();

    ApplyContext(Kv txn, Schema schema, CoreOptions options, long revision) {
        this.txn = txn;
        this.schema = schema;
        this.options = options;
        this.revision = revision;
    }

    long revision() {
        return revision;
    }

    long timestampMillis() {
        return timestampMillis;
    }

    void startCommand(long timestampMillis) {
        this.timestampMillis = timestampMillis;
    }

    /** Assigns the next revision to the command being applied; call once, after every check passed. */
    long commitRevision() {
        revision++;
        changeIndex = 0;
        garbageIndex = 0;
        return revision;
    }

    /** The bucket record as of this point in the batch, or null. */
    Bucket bucket(String name) {
        if (bucketCache.containsKey(name)) {
            return bucketCache.get(name);
        }
        byte[] v = schema.buckets.get(txn, Keys.utf8(name));
        Bucket b = v == null ? null : Protos.parse(Bucket.parser(), v);
        bucketCache.put(name, b);
        return b;
    }

    Bucket requireBucket(String name) {
        Bucket b = bucket(name);
        if (b == null) {
            throw new NoSuchBucketException(name);
        }
        return b;
    }

    /** Records the bucket's new state (null: deleted); written at {@link #flush()}. */
    void putBucket(String name, Bucket b) {
        bucketCache.put(name, b);
        dirtyBuckets.put(name, b);
    }

    void change(Change.Builder c) {
        c.setRevision(revision).setTimestampMillis(timestampMillis);
        putChange(c.build().toByteArray());
    }

    /**
     * The change row of an object version whose record {@code versionBytes} is already serialized: the bytes of
     * {@code c} with {@code version} and the timestamp set, exactly as {@code toByteArray} writes them (fields in
     * number order: 1–6, the version as field 7, the timestamp as field 11), without serializing the version a
     * second time. {@code c} must carry no field above 7 other than the timestamp (a bucket, upload or part).
     */
    void change(Change.Builder c, byte[] versionBytes) {
        if (c.hasVersion() || c.hasBucketInfo() || c.hasUpload() || c.hasPart() || c.getTimestampMillis() != 0) {
            throw new IllegalArgumentException("change: fields after the version set (expected: fields 1-6 only)");
        }
        byte[] head = c.setRevision(revision).build().toByteArray();
        int size = head.length + CodedOutputStream.computeByteArraySize(Change.VERSION_FIELD_NUMBER, versionBytes)
                + (timestampMillis != 0
                ? CodedOutputStream.computeInt64Size(Change.TIMESTAMP_MILLIS_FIELD_NUMBER, timestampMillis) : 0);
        byte[] row = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(row);
        try {
            out.writeRawBytes(head);
            out.writeByteArray(Change.VERSION_FIELD_NUMBER, versionBytes);
            if (timestampMillis != 0) {
                out.writeInt64(Change.TIMESTAMP_MILLIS_FIELD_NUMBER, timestampMillis);
            }
            out.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("change row of " + size + " bytes: " + e, e); // a sized array: never
        }
        putChange(row);
    }

    /** Files a change row under this revision, after the ones this command wrote before. */
    private void putChange(byte[] row) {
        schema.changes.put(txn, Keys.concat(Keys.u64(revision), Keys.u32(changeIndex++)), row);
    }

    void garbage(GarbageItem.Builder g) {
        if (g.getLocation().isEmpty()) {
            return; // nothing to free
        }
        g.setRevision(revision);
        schema.garbage.put(txn, Keys.concat(Keys.u64(revision), Keys.u32(garbageIndex++)), g.build().toByteArray());
    }

    /** Writes the cached bucket records and the revision counter. */
    void flush() {
        for (Map.Entry<String, Bucket> e : dirtyBuckets.entrySet()) {
            byte[] k = Keys.utf8(e.getKey());
            if (e.getValue() == null) {
                schema.buckets.delete(txn, k);
            } else {
                schema.buckets.put(txn, k, e.getValue().toByteArray());
            }
        }
        dirtyBuckets.clear();
        schema.putLong(txn, Schema.MetaKeys.REVISION, revision);
    }

    /** The bucket id: its create revision, big-endian. */
    static byte[] bid(Bucket b) {
        return Keys.u64(b.getCreateRevision());
    }
}
