package io.objmeta.snapshot.internal;

import io.objmeta.core.CoreInspector;
import io.objmeta.core.MetaCore;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalInspection;
import io.objmeta.wal.WalProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", header = "checksum, every record decodes, invariants; exit 1 on problems",
        description = {"Checks everything PATH holds and prints each problem with where it is "
        + "(file, or database and row key in words and hex):",
        "  - snapshot: manifest.json parses; data.mdb has the manifest's size and SHA-256; revision, applied "
                + "index and counts match the manifest",
        "  - every record of every database decodes (key layout, protobuf value)",
        "  - the change log and garbage queue are in revision order, never above the store's revision",
        "  - invariants: usage counters equal the stored versions, versions sit under their key and revision, "
                + "uploads are indexed, parts belong to open uploads",
        "  - embedded data directory: the WAL has no corruption and continues LMDB's applied index",
        "A data.mdb whose size or checksum is wrong is not opened (LMDB trusts its file and can crash on a "
                + "damaged one) unless --force."},
        footer = {"", "Examples:", "  metasnap verify backups/meta-1200", "  metasnap verify data/ -o json",
                ExitCodes.HELP})
public final class VerifyCommand extends ToolCommand {
    @Parameters(paramLabel = "PATH", description = "snapshot or data directory")
    Path path;

    @Option(names = "--force", description = "check the records even when data.mdb fails its checksum")
    boolean force;

    @Mixin
    OutputOption output;

    private record Found(String where, @Nullable String keyHex, String message) {
    }

    private final List<Found> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long records;

    @Override
    public Integer call() throws IOException {
        Input.Kind kind = Input.detect(path);
        Input.refuseIfInUse(path, kind);
        SnapshotManifest manifest = kind == Input.Kind.SNAPSHOT ? checkFiles() : null;
        boolean fileOk = problems.isEmpty();
        if (fileOk || force) {
            checkStore(Input.lmdbDir(path, kind), manifest);
        } else {
            notes.add("record checks skipped: data.mdb is damaged (pass --force to try anyway)");
        }
        if (kind == Input.Kind.EMBEDDED) {
            checkWal();
        }
        if (kind == Input.Kind.SERVER) {
            notes.add("raft/ not checked here: run `metasnap wal verify` on the node directory for its Raft log");
        }
        print(kind);
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** Manifest, size and checksum of a snapshot; returns the manifest when it parses. */
    private @Nullable SnapshotManifest checkFiles() throws IOException {
        Path data = path.resolve(SnapshotManifest.DATA_FILE);
        if (!Files.isReadable(data)) {
            throw ToolException.notFound(data + ": missing or unreadable");
        }
        SnapshotManifest m;
        try {
            m = Input.readManifest(path);
        } catch (ToolException e) {
            problems.add(new Found(SnapshotManifest.FILE, null, e.getMessage()));
            return null;
        }
        long size = Files.size(data);
        if (size != m.sizeBytes()) {
            problems.add(new Found(SnapshotManifest.DATA_FILE, null, "size " + size + " bytes (expected: "
                    + m.sizeBytes() + " from manifest.json)" + (size < m.sizeBytes() ? ": truncated" : "")));
        }
        String sha = Checksums.sha256(data);
        if (!sha.equals(m.sha256())) {
            problems.add(new Found(SnapshotManifest.DATA_FILE, null, "SHA-256 " + sha + " (expected: " + m.sha256()
                    + " from manifest.json): the file or the manifest is damaged"));
        }
        return m;
    }

    private void checkStore(Path lmdbDir, @Nullable SnapshotManifest m) {
        CoreInspector core;
        try {
            core = Input.openCore(lmdbDir);
        } catch (ToolException e) {
            problems.add(new Found(SnapshotManifest.DATA_FILE, null, e.getMessage()));
            return;
        }
        try (core; Progress p = Progress.start("verify", totalRecords(core))) {
            core.checkRecords(pr -> problems.add(new Found(pr.key() == null ? pr.db()
                    : Text.where(pr.db(), pr.key()), pr.key() == null ? null : HexFormat.of().formatHex(pr.key()),
                    pr.message())), n -> {
                        records += n;
                        p.step(n);
                    });
            if (m != null && problems.isEmpty()) {
                compare(m, core);
            } else if (m != null) {
                notes.add("manifest counts not compared: the store has problems");
            }
        } catch (RuntimeException e) {
            problems.add(new Found(SnapshotManifest.DATA_FILE, null, "reading the store failed: " + e.getMessage()));
        }
    }

    private static long totalRecords(CoreInspector core) {
        return core.envStats().dbs().stream().mapToLong(CoreInspector.DbStats::entries).sum();
    }

    private void compare(SnapshotManifest m, CoreInspector core) {
        MetaCore.Counts c = core.counts(n -> { });
        expect("revision", m.revision(), core.revision());
        expect("appliedIndex", m.appliedIndex(), core.appliedIndex());
        expect("buckets", m.buckets(), c.buckets());
        expect("objects", m.objects(), c.objects());
        expect("versions", m.versions(), c.versions());
        expect("deleteMarkers", m.deleteMarkers(), c.deleteMarkers());
        expect("uploads", m.uploads(), c.uploads());
    }

    private void expect(String field, long manifest, long actual) {
        if (manifest != actual) {
            problems.add(new Found(SnapshotManifest.FILE, null, field + " " + manifest + " (the store has "
                    + actual + ")"));
        }
    }

    private void checkWal() throws IOException {
        Path dir = path.resolve("wal");
        if (!Files.isDirectory(dir)) {
            notes.add("no wal/ directory");
            return;
        }
        WalInspection w = Wal.inspect(dir, null);
        for (WalProblem p : w.problems()) {
            if (p.kind() == WalProblem.Kind.TORN_TAIL) {
                notes.add("wal " + p + " (recovery cuts it off: it was never acknowledged)");
            } else {
                problems.add(new Found("wal/" + p.segment() + " at offset " + p.offset(), null, p.reason()));
            }
        }
        try (CoreInspector core = Input.openCore(Input.lmdbDir(path, Input.Kind.EMBEDDED))) {
            long applied = core.appliedIndex();
            if (w.records() > 0 && w.firstSequence() > applied + 1) {
                problems.add(new Found("wal", null, "the log starts at sequence " + w.firstSequence()
                        + " but LMDB has applied only up to " + applied + ": sequences " + (applied + 1) + ".."
                        + (w.firstSequence() - 1) + " are missing"));
            }
        } catch (ToolException e) {
            // already reported by the store checks
        }
        records += w.records();
    }

    private void print(Input.Kind kind) {
        if (output.json()) {
            List<Object> ps = new ArrayList<>();
            for (Found f : problems) {
                ps.add(Json.obj("where", f.where(), "keyHex", f.keyHex(), "message", f.message()));
            }
            Map<String, Object> r = Json.obj("path", path.toString(), "kind", kind.label(), "ok", problems.isEmpty(),
                    "recordsChecked", records, "problems", ps, "notes", notes);
            out().println(Json.write(r));
            return;
        }
        for (Found f : problems) {
            out().println("PROBLEM " + f.where() + ": " + f.message());
        }
        for (String n : notes) {
            out().println("note: " + n);
        }
        out().println((problems.isEmpty() ? "OK " : "FAILED ") + path + " (" + kind.label() + "): " + records
                + " records checked, " + problems.size() + " problem(s)");
    }
}
