package io.objmeta.snapshot.internal;

import io.objmeta.core.CoreInspector;
import io.objmeta.core.MetaCore;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalInspection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", header = "manifest, revision, counts, LMDB stats, checksum status",
        description = {"Shows what PATH holds: the manifest (snapshot), revision, applied index, "
        + "term, counts, LMDB statistics per database and the checksum status. For an embedded data directory "
        + "also the WAL's extent; for a server node directory also its snapshots."},
        footer = {"", "Examples:", "  metasnap info backups/meta-1200", "  metasnap info data/ -o json",
                "  metasnap info backups/meta-1200 --no-checksum   # skip hashing a large data.mdb", ExitCodes.HELP})
public final class InfoCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Option(names = "--no-checksum", description = "do not hash data.mdb against the manifest")
    boolean noChecksum;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws IOException {
        try (Input in = Input.open(path)) {
            CoreInspector core = in.core();
            SnapshotManifest m = in.manifest();
            String checksum = m == null ? "none (no manifest)" : noChecksum ? "skipped"
                    : Checksums.sha256(path.resolve(SnapshotManifest.DATA_FILE)).equals(m.sha256()) ? "ok"
                    : "MISMATCH (data.mdb does not match manifest.json; run `metasnap verify`)";
            MetaCore.Counts counts = Scans.counts(core);
            CoreInspector.EnvStats env = core.envStats();
            Map<String, Object> report = Json.obj("path", path.toString(), "kind", in.kind().label(),
                    "revision", core.revision(), "appliedIndex", core.appliedIndex(), "term", in.term(),
                    "checksum", checksum, "meta", core.meta(), "counts", counts(counts), "lmdb", lmdb(env));
            if (m != null) {
                report.put("manifest", manifest(m));
            }
            if (in.kind() == Input.Kind.EMBEDDED && Files.isDirectory(path.resolve("wal"))) {
                report.put("wal", wal(Wal.inspect(path.resolve("wal"), null)));
            }
            if (in.kind() == Input.Kind.SERVER) {
                List<Object> snaps = new ArrayList<>();
                for (Path s : Input.serverSnapshots(path)) {
                    snaps.add(Json.obj("name", path.relativize(s).toString(), "manifest",
                            manifest(Input.readManifest(s))));
                }
                report.put("snapshots", snaps);
                report.put("raft", Files.isDirectory(path.resolve("raft")) ? "present (not decoded by this version)"
                        : "absent");
            }
            if (output.json()) {
                out().println(Json.write(report));
            } else {
                human(report, env);
            }
            return ExitCodes.OK;
        }
    }

    static Map<String, Object> counts(MetaCore.Counts c) {
        return Json.obj("buckets", c.buckets(), "objects", c.objects(), "versions", c.versions(),
                "deleteMarkers", c.deleteMarkers(), "uploads", c.uploads());
    }

    static Map<String, Object> manifest(SnapshotManifest m) {
        return Json.obj("formatVersion", m.formatVersion(), "revision", m.revision(), "appliedIndex",
                m.appliedIndex(), "term", m.term(), "createdAtMillis", m.createdAtMillis(), "sizeBytes",
                m.sizeBytes(), "sha256", m.sha256(), "buckets", m.buckets(), "objects", m.objects(), "versions",
                m.versions(), "deleteMarkers", m.deleteMarkers(), "uploads", m.uploads());
    }

    private static Map<String, Object> lmdb(CoreInspector.EnvStats env) {
        List<Object> dbs = new ArrayList<>();
        for (CoreInspector.DbStats d : env.dbs()) {
            dbs.add(Json.obj("name", d.name(), "depth", d.depth(), "branchPages", d.branchPages(), "leafPages",
                    d.leafPages(), "overflowPages", d.overflowPages(), "entries", d.entries()));
        }
        return Json.obj("mapSizeBytes", env.mapSizeBytes(), "pageSize", env.pageSize(), "lastPageNumber",
                env.lastPageNumber(), "lastTxnId", env.lastTxnId(), "databases", dbs);
    }

    private static Map<String, Object> wal(WalInspection w) {
        return Json.obj("segments", w.segments().size(), "records", w.records(), "firstSequence",
                w.firstSequence(), "lastSequence", w.lastSequence(), "problems",
                w.problems().stream().map(Object::toString).toList());
    }

    @SuppressWarnings("unchecked")
    private void human(Map<String, Object> r, CoreInspector.EnvStats env) {
        PrintWriter o = out();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"path", String.valueOf(r.get("path"))});
        rows.add(new String[] {"kind", String.valueOf(r.get("kind"))});
        rows.add(new String[] {"revision", String.valueOf(r.get("revision"))});
        rows.add(new String[] {"applied index", String.valueOf(r.get("appliedIndex"))});
        rows.add(new String[] {"term", String.valueOf(r.get("term"))});
        Map<String, Object> m = (Map<String, Object>) r.get("manifest");
        if (m != null) {
            rows.add(new String[] {"manifest", "format " + m.get("formatVersion") + ", created "
                    + Text.time((Long) m.get("createdAtMillis")) + ", " + m.get("sizeBytes") + " bytes, sha256 "
                    + m.get("sha256")});
            rows.add(new String[] {"manifest counts", countsLine(m)});
        }
        rows.add(new String[] {"checksum", String.valueOf(r.get("checksum"))});
        rows.add(new String[] {"counts", countsLine((Map<String, Object>) r.get("counts"))});
        rows.add(new String[] {"lmdb", "page size " + env.pageSize() + ", pages used " + (env.lastPageNumber() + 1)
                + " (" + Text.bytes((env.lastPageNumber() + 1) * env.pageSize()) + "), last txn " + env.lastTxnId()
                + ", map size " + env.mapSizeBytes()});
        Map<String, Object> w = (Map<String, Object>) r.get("wal");
        if (w != null) {
            rows.add(new String[] {"wal", w.get("segments") + " segment(s), " + w.get("records")
                    + " record(s), sequences " + w.get("firstSequence") + ".." + w.get("lastSequence") + ", "
                    + ((List<?>) w.get("problems")).size() + " problem(s)"});
        }
        if (r.containsKey("raft")) {
            rows.add(new String[] {"raft", String.valueOf(r.get("raft"))});
        }
        Text.table(o, rows);
        List<Map<String, Object>> snaps = (List<Map<String, Object>>) r.get("snapshots");
        if (snaps != null) {
            o.println();
            List<String[]> s = new ArrayList<>();
            s.add(new String[] {"snapshot", "revision", "applied index", "term", "bytes"});
            for (Map<String, Object> x : snaps) {
                Map<String, Object> sm = (Map<String, Object>) x.get("manifest");
                s.add(new String[] {(String) x.get("name"), sm.get("revision").toString(),
                        sm.get("appliedIndex").toString(), sm.get("term").toString(), sm.get("sizeBytes").toString()});
            }
            Text.table(o, s);
        }
        o.println();
        List<String[]> t = new ArrayList<>();
        t.add(new String[] {"database", "depth", "branch", "leaf", "overflow", "entries"});
        for (CoreInspector.DbStats d : env.dbs()) {
            t.add(new String[] {d.name(), "" + d.depth(), "" + d.branchPages(), "" + d.leafPages(),
                    "" + d.overflowPages(), "" + d.entries()});
        }
        Text.table(o, t);
    }

    private static String countsLine(Map<String, Object> c) {
        return "buckets " + c.get("buckets") + ", objects " + c.get("objects") + ", versions " + c.get("versions")
                + ", delete markers " + c.get("deleteMarkers") + ", uploads " + c.get("uploads");
    }
}
