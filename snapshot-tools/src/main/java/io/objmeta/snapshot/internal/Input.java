package io.objmeta.snapshot.internal;

import io.objmeta.core.CoreInspector;
import io.objmeta.core.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One input of a command, its kind detected from what the directory holds (see the package documentation of
 * {@code io.objmeta.snapshot} for the layouts), checked, and opened read-only. Opening refuses a directory a
 * running process holds, a snapshot whose {@code data.mdb} has not the manifest's size, and an LMDB file shorter
 * than its own meta page says; everything is read through {@link CoreInspector}, which writes nothing.
 */
public final class Input implements AutoCloseable {
    public enum Kind {
        /** {@code manifest.json} + {@code data.mdb}. */
        SNAPSHOT,
        /** A stopped embedded store: {@code lmdb/} + {@code wal/}. */
        EMBEDDED,
        /** A stopped server node: {@code lmdb/} + {@code raft/} (Ratis log and, in {@code <group>/sm/}, snapshots). */
        SERVER,
        /** A bare LMDB directory ({@code data.mdb}, e.g. a node's {@code lmdb/}). */
        LMDB;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path path;
    private final Kind kind;
    private final @Nullable SnapshotManifest manifest;
    private final CoreInspector core;

    private Input(Path path, Kind kind, @Nullable SnapshotManifest manifest, CoreInspector core) {
        this.path = path;
        this.kind = kind;
        this.manifest = manifest;
        this.core = core;
    }

    /** Detects the kind, checks, and opens the LMDB state read-only. */
    public static Input open(Path path) {
        Kind kind = detect(path);
        refuseIfInUse(path, kind);
        SnapshotManifest manifest = null;
        if (kind == Kind.SNAPSHOT) {
            manifest = readManifest(path);
            long size = size(path.resolve(SnapshotManifest.DATA_FILE));
            if (size != manifest.sizeBytes()) {
                throw ToolException.damaged(path.resolve(SnapshotManifest.DATA_FILE) + ": " + size
                        + " bytes (expected: " + manifest.sizeBytes() + " from manifest.json); run `metasnap verify "
                        + path + "`");
            }
        }
        return new Input(path, kind, manifest, openCore(lmdbDir(path, kind)));
    }

    /** Opens the LMDB state after checking its meta page; damaged input throws {@link ToolException}. */
    public static CoreInspector openCore(Path lmdbDir) {
        Path data = lmdbDir.resolve(SnapshotManifest.DATA_FILE);
        if (!Files.isReadable(data)) {
            throw ToolException.notFound(data + ": missing or unreadable");
        }
        CoreInspector core;
        try {
            LmdbHeader.check(data);
            core = CoreInspector.open(lmdbDir);
        } catch (IOException e) {
            throw ToolException.notFound(data + ": cannot read: " + e.getMessage());
        } catch (ToolException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ToolException.damaged(data + ": LMDB cannot open it: " + e.getMessage());
        }
        try {
            long format = core.metaLong("format");
            if (format != 1) {
                throw ToolException.damaged(data + ": store format " + format + " (expected: 1)");
            }
            return core;
        } catch (RuntimeException e) {
            core.close();
            throw e instanceof ToolException t ? t : ToolException.damaged(data + ": " + e.getMessage());
        }
    }

    public static Kind detect(Path path) {
        if (!Files.exists(path)) {
            throw ToolException.notFound(path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            throw ToolException.notFound(path + ": not a directory (expected: a snapshot or data directory)");
        }
        if (Files.exists(path.resolve(SnapshotManifest.FILE))) {
            return Kind.SNAPSHOT;
        }
        if (Files.isDirectory(path.resolve("lmdb"))) {
            if (Files.isDirectory(path.resolve("raft")) || Files.isDirectory(path.resolve("snapshots"))) {
                return Kind.SERVER;
            }
            return Kind.EMBEDDED;
        }
        if (Files.exists(path.resolve(SnapshotManifest.DATA_FILE))) {
            return Kind.LMDB;
        }
        throw ToolException.notFound(path + ": not a snapshot (manifest.json + data.mdb), an embedded data "
                + "directory (lmdb/ + wal/), a server node directory (lmdb/ + raft/) or an LMDB "
                + "directory (data.mdb)");
    }

    public static Path lmdbDir(Path path, Kind kind) {
        return kind == Kind.EMBEDDED || kind == Kind.SERVER ? path.resolve("lmdb") : path;
    }

    /** Refuses a directory whose lock files a running process holds. */
    public static void refuseIfInUse(Path path, Kind kind) {
        if (kind == Kind.SNAPSHOT) {
            return; // snapshots are never opened by a store
        }
        Path lmdb = lmdbDir(path, kind);
        for (Path lock : List.of(lmdb.resolve("lock.mdb"), path.resolve("wal").resolve("wal.lock"))) {
            Optional<Long> pid = Locks.holder(lock);
            if (pid.isPresent()) {
                throw ToolException.notFound(path + " is in use: process " + pid.get() + " holds a lock on " + lock
                        + ". Stop it first, or take a snapshot of it and inspect the snapshot");
            }
        }
    }

    public static SnapshotManifest readManifest(Path snapshot) {
        try {
            return SnapshotManifest.read(snapshot);
        } catch (IOException e) {
            throw ToolException.damaged(snapshot.resolve(SnapshotManifest.FILE) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw ToolException.damaged(snapshot.resolve(SnapshotManifest.FILE) + ": does not parse: "
                    + e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw ToolException.notFound(file + ": missing or unreadable");
        }
    }

    /**
     * The snapshots of a server node directory: Ratis keeps them in {@code raft/<group>/sm/snapshot.<term>_<index>/},
     * and a {@code snapshots/<name>/} directory beside {@code lmdb/} is read too.
     */
    public static List<Path> serverSnapshots(Path nodeDir) {
        List<Path> out = new java.util.ArrayList<>(snapshotsIn(nodeDir.resolve("snapshots")));
        Path raft = nodeDir.resolve("raft");
        if (Files.isDirectory(raft)) {
            try (Stream<Path> groups = Files.list(raft)) {
                for (Path g : groups.sorted().toList()) {
                    out.addAll(snapshotsIn(g.resolve("sm")));
                }
            } catch (IOException e) {
                throw ToolException.notFound(raft + ": cannot list: " + e.getMessage());
            }
        }
        return out;
    }

    private static List<Path> snapshotsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve(SnapshotManifest.FILE))).sorted().toList();
        } catch (IOException e) {
            throw ToolException.notFound(dir + ": cannot list: " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public @Nullable SnapshotManifest manifest() {
        return manifest;
    }

    public CoreInspector core() {
        return core;
    }

    /** The Raft term of the applied index: the manifest's for a snapshot, else the store's (0 when embedded). */
    public long term() {
        return manifest != null ? manifest.term() : core.appliedTerm();
    }

    @Override
    public void close() {
        core.close();
    }
}
