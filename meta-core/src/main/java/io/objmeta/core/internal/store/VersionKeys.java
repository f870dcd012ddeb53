package io.objmeta.core.internal.store;

import io.objmeta.api.Ids;
import io.objmeta.api.proto.ObjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Row keys of {@link Schema#versions}: {@code bid + enc(key) + ~revision}, so a key's versions are contiguous and
 * newest first; and lookups over them.
 */
public final class VersionKeys {
    private VersionKeys() {
    }

    /** {@code bid + enc(key)}: every version row of the key starts with this. */
    public static byte[] keyPrefix(byte[] bid, String key) {
        return Keys.concat(bid, Keys.encodeKey(Keys.utf8(key)));
    }

    public static byte[] row(byte[] keyPrefix, long revision) {
        return Keys.concat(keyPrefix, Keys.u64(~revision));
    }

    /** The revision a row key ends with. */
    public static long revisionOf(byte[] row) {
        return ~Keys.getU64(row, row.length - 8);
    }

    /**
     * The newest version of a key (possibly a delete marker), or null: the first row of its group (the rows of a key
     * are one group of {@link Schema#versions}, newest first). One seek, in the overlay only where it wrote the key.
     */
    public static ObjectVersion latest(Schema s, Kv txn, byte[] keyPrefix) {
        byte[] v = s.versions.firstOfGroup(txn, keyPrefix);
        return v == null ? null : Protos.parse(ObjectVersion.parser(), v);
    }

    /** Every version of a key, newest first. */
    public static List<ObjectVersion> all(Schema s, Kv txn, byte[] keyPrefix) {
        List<ObjectVersion> out = new ArrayList<>();
        try (TableCursor c = s.versions.cursor(txn)) {
            for (boolean ok = c.seek(keyPrefix); ok && s.versions.main().inGroup(c.key(), keyPrefix); ok = c.next()) {
                out.add(Protos.parse(ObjectVersion.parser(), c.value()));
            }
        }
        return out;
    }

    /** The version with this id ("null" included), or null. */
    public static ObjectVersion find(Schema s, Kv txn, byte[] keyPrefix, String versionId) {
        if (Ids.NULL_VERSION_ID.equals(versionId)) {
            for (ObjectVersion v : all(s, txn, keyPrefix)) {
                if (Ids.NULL_VERSION_ID.equals(v.getVersionId())) {
                    return v;
                }
            }
            return null;
        }
        OptionalLong rev = Ids.revisionOfVersionId(versionId);
        if (rev.isEmpty()) {
            return null;
        }
        byte[] v = s.versions.get(txn, row(keyPrefix, rev.getAsLong()));
        if (v == null) {
            return null;
        }
        ObjectVersion ov = Protos.parse(ObjectVersion.parser(), v);
        return versionId.equals(ov.getVersionId()) ? ov : null;
    }
}
