package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.CoreInspector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A version scan regrouped into keys: each {@link Group} is one key with all its versions, newest first, in the
 * scan's order (bucket name, then key, both by UTF-8 bytes). Memory: one key's versions at a time.
 */
final class KeyGroups {
    record Group(String bucket, String key, List<ObjectVersion> versions) {
        /** Orders groups as the scans deliver them. */
        int compareTo(Group o) {
            int c = utf8Compare(bucket, o.bucket);
            return c != 0 ? c : utf8Compare(key, o.key);
        }
    }

    private final CoreInspector.VersionScan scan;
    private CoreInspector.VersionRow pending;
    private final Progress progress;

    KeyGroups(CoreInspector.VersionScan scan, Progress progress) {
        this.scan = scan;
        this.progress = progress;
        this.pending = scan.hasNext() ? scan.next() : null;
    }

    /** The next key's versions, or null at the end. */
    Group next() {
        if (pending == null) {
            return null;
        }
        List<ObjectVersion> versions = new ArrayList<>();
        CoreInspector.VersionRow first = pending;
        do {
            versions.add(pending.version());
            progress.step(1);
            pending = scan.hasNext() ? scan.next() : null;
        } while (pending != null && !pending.latest());
        return new Group(first.bucket(), first.key(), versions);
    }

    static int utf8Compare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
