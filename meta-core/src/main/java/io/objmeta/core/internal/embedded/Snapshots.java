package io.objmeta.core.internal.embedded;

import io.objmeta.core.MetaCore;
import io.objmeta.core.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Snapshots: a compact LMDB copy plus a manifest, written to a temporary directory, fsynced, renamed into place,
 * and the parent directory fsynced, so a snapshot either exists whole or not at all.
 */
public final class Snapshots {
    private Snapshots() {
    }

    /**
     * Writes a snapshot of {@code core} to {@code target} (which must not exist). Revision, applied index and term
     * are read from the copy, so the manifest names exactly the state it holds.
     */
    public static SnapshotManifest take(MetaCore core, Path target) throws IOException {
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "snapshot target exists");
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            core.copyCompact(tmp);
            Files.deleteIfExists(tmp.resolve("lock.mdb"));
            SnapshotManifest manifest = describe(tmp, System.currentTimeMillis());
            Files.writeString(tmp.resolve(SnapshotManifest.FILE), manifest.toJson());
            fsync(tmp.resolve(SnapshotManifest.DATA_FILE));
            fsync(tmp.resolve(SnapshotManifest.FILE));
            fsyncDir(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDir(parent);
            return manifest;
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** Reads revision, index and counts from the copy itself, and checksums it. */
    private static SnapshotManifest describe(Path copy, long now) throws IOException {
        Path data = copy.resolve(SnapshotManifest.DATA_FILE);
        String sha = sha256(data);
        try (MetaCore c = MetaCore.openReadOnly(copy)) {
            MetaCore.Counts n = c.counts();
            return new SnapshotManifest(SnapshotManifest.FORMAT_VERSION, c.revision(), c.appliedIndex(), c.appliedTerm(), now,
                    Files.size(data), sha, n.buckets(), n.objects(), n.versions(), n.deleteMarkers(), n.uploads());
        } finally {
            Files.deleteIfExists(copy.resolve("lock.mdb"));
        }
    }

    /** Checks a snapshot's size and checksum against its manifest; returns the manifest. */
    public static SnapshotManifest verify(Path snapshot) throws IOException {
        SnapshotManifest m = SnapshotManifest.read(snapshot);
        Path data = snapshot.resolve(SnapshotManifest.DATA_FILE);
        long size = Files.size(data);
        if (size != m.sizeBytes()) {
            throw new IOException("snapshot " + snapshot + ": data.mdb is " + size + " bytes (expected: "
                    + m.sizeBytes() + " from the manifest)");
        }
        String sha = sha256(data);
        if (!sha.equals(m.sha256())) {
            throw new IOException("snapshot " + snapshot + ": data.mdb SHA-256 " + sha + " (expected: " + m.sha256()
                    + " from the manifest); the copy is damaged");
        }
        return m;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    public static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
