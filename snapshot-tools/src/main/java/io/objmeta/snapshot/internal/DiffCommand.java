package io.objmeta.snapshot.internal;

import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.core.CoreInspector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", header = "versions and buckets added, removed, changed between two stores",
        description = {"Compares two snapshots or data directories: buckets added, removed or "
        + "reconfigured, and object versions (by bucket, key and versionId) added, removed or changed, in one "
        + "streaming merge of both stores in key order (memory: one key's versions). Usage counters and bucket "
        + "revisions are not compared. Lines start with + (only in B), - (only in A) or ~ (in both, different); "
        + "-o json prints one JSON object a line and a summary last. Exit code 0 when equal, 1 when they differ."},
        footer = {"", "Examples:", "  metasnap diff backups/meta-1200 backups/meta-1500",
                "  metasnap diff backups/meta-1200 data/ --bucket photos -o json", ExitCodes.HELP})
public final class DiffCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "A", description = "the older snapshot or data directory")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "the newer one")
    Path b;

    @Option(names = "--bucket", description = "only this bucket")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "only keys starting with this")
    String prefix;

    @Mixin
    OutputOption output;

    private final long[] counts = new long[6]; // versions +, -, ~; buckets +, -, ~

    @Override
    public Integer call() {
        try (Input ia = Input.open(a); Input ib = Input.open(b)) {
            diffBuckets(ia.core(), ib.core());
            String scanBucket = bucket;
            if (bucket != null && !(hasBucket(ia.core(), bucket) && hasBucket(ib.core(), bucket))) {
                return finish(); // the bucket's whole presence was reported as a bucket change
            }
            try (Progress p = Progress.start("diff", Scans.versionRows(ia.core()) + Scans.versionRows(ib.core()));
                 CoreInspector.VersionScan sa = ia.core().scanVersions(scanBucket, prefix);
                 CoreInspector.VersionScan sb = ib.core().scanVersions(scanBucket, prefix)) {
                merge(new KeyGroups(sa, p), new KeyGroups(sb, p));
            }
            return finish();
        }
    }

    private static boolean hasBucket(CoreInspector core, String name) {
        return core.buckets().stream().anyMatch(x -> x.getName().equals(name));
    }

    private void merge(KeyGroups ga, KeyGroups gb) {
        KeyGroups.Group x = ga.next();
        KeyGroups.Group y = gb.next();
        while (x != null || y != null) {
            int c = x == null ? 1 : y == null ? -1 : x.compareTo(y);
            if (c < 0) {
                onlyIn('-', x);
                x = ga.next();
            } else if (c > 0) {
                onlyIn('+', y);
                y = gb.next();
            } else {
                sameKey(x, y);
                x = ga.next();
                y = gb.next();
            }
        }
    }

    private void onlyIn(char change, KeyGroups.Group g) {
        for (ObjectVersion v : g.versions()) {
            version(change, g.bucket(), g.key(), change == '-' ? v : null, change == '+' ? v : null);
        }
    }

    private void sameKey(KeyGroups.Group x, KeyGroups.Group y) {
        Map<String, ObjectVersion> inB = new LinkedHashMap<>();
        y.versions().forEach(v -> inB.put(v.getVersionId(), v));
        for (ObjectVersion va : x.versions()) {
            ObjectVersion vb = inB.remove(va.getVersionId());
            if (vb == null) {
                version('-', x.bucket(), x.key(), va, null);
            } else if (!vb.equals(va)) {
                version('~', x.bucket(), x.key(), va, vb);
            }
        }
        inB.values().forEach(vb -> version('+', y.bucket(), y.key(), null, vb));
    }

    private void version(char change, String bucketName, String key, ObjectVersion va, ObjectVersion vb) {
        counts[change == '+' ? 0 : change == '-' ? 1 : 2]++;
        ObjectVersion any = vb != null ? vb : va;
        if (output.json()) {
            out().println(Json.write(Json.obj("change", name(change), "bucket", bucketName, "key", key, "versionId",
                    any.getVersionId(), "a", va, "b", vb)));
            return;
        }
        out().println(change + " " + bucketName + " " + Text.key(key) + " " + any.getVersionId() + " ("
                + describe(va) + (va != null && vb != null ? " -> " : "") + describe(vb) + ")");
    }

    private static String describe(ObjectVersion v) {
        if (v == null) {
            return "";
        }
        return "rev " + v.getRevision() + (v.getIsDeleteMarker() ? ", delete marker" : ", " + v.getSize()
                + " B, etag " + v.getEtag());
    }

    private void diffBuckets(CoreInspector ca, CoreInspector cb) {
        Map<String, Bucket> inA = byName(ca.buckets());
        Map<String, Bucket> inB = byName(cb.buckets());
        Map<String, Bucket> all = new TreeMap<>(KeyGroups::utf8Compare);
        all.putAll(inA);
        all.putAll(inB);
        for (String name : all.keySet()) {
            if (bucket != null && !bucket.equals(name)) {
                continue;
            }
            Bucket x = inA.get(name);
            Bucket y = inB.get(name);
            char change = x == null ? '+' : y == null ? '-' : config(x).equals(config(y)) ? 0 : '~';
            if (change == 0) {
                continue;
            }
            counts[change == '+' ? 3 : change == '-' ? 4 : 5]++;
            if (output.json()) {
                out().println(Json.write(Json.obj("change", name(change), "bucket", name, "a", x, "b", y)));
            } else {
                out().println(change + " bucket " + name + (x != null && y != null ? " (" + config(x).getVersioning()
                        + " -> " + config(y).getVersioning() + ", created rev " + x.getCreateRevision() + " -> "
                        + y.getCreateRevision() + ")" : ""));
            }
        }
    }

    /** What a bucket is configured as; usage and revision move with every write and are not compared. */
    private static Bucket config(Bucket b) {
        return b.toBuilder().clearUsage().clearRevision().build();
    }

    private static Map<String, Bucket> byName(List<Bucket> buckets) {
        Map<String, Bucket> m = new LinkedHashMap<>();
        buckets.forEach(x -> m.put(x.getName(), x));
        return m;
    }

    private static String name(char change) {
        return change == '+' ? "added" : change == '-' ? "removed" : "changed";
    }

    private int finish() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (output.json()) {
            out().println(Json.write(Json.obj("summary", Json.obj("versionsAdded", counts[0], "versionsRemoved",
                    counts[1], "versionsChanged", counts[2], "bucketsAdded", counts[3], "bucketsRemoved", counts[4],
                    "bucketsChanged", counts[5]))));
        } else {
            out().println((total == 0 ? "equal: " : "") + "versions: " + counts[0] + " added, " + counts[1]
                    + " removed, " + counts[2] + " changed; buckets: " + counts[3] + " added, " + counts[4]
                    + " removed, " + counts[5] + " changed");
        }
        return total == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
}
