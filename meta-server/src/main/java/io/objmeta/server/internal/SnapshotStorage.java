package io.objmeta.server.internal;

import io.objmeta.core.SnapshotManifest;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots in Ratis' state-machine directory ({@code raft/<group>/sm/}): one directory per snapshot named
 * {@code snapshot.<term>_<index>} holding the core's compact LMDB copy ({@code data.mdb}) and its manifest. Ratis
 * sends these files to a follower that is behind the purged log and installs them in the same place.
 */
public final class SnapshotStorage implements StateMachineStorage {
    static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

    private volatile File smDir;

    @Override
    public void init(RaftStorage storage) {
        smDir = storage.getStorageDir().getStateMachineDir();
    }

    Path dir() {
        return smDir.toPath();
    }

    static String name(long term, long index) {
        return "snapshot." + term + "_" + index;
    }

    /** Complete snapshots (a manifest present), newest first. */
    public List<Path> list() throws IOException {
        Path dir = dir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(SnapshotManifest.FILE)))
                    .forEach(out::add);
        }
        out.sort(Comparator.comparingLong((Path p) -> termIndex(p).getIndex()).reversed());
        return out;
    }

    static TermIndex termIndex(Path snapshot) {
        Matcher m = NAME.matcher(snapshot.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a snapshot directory: " + snapshot);
        }
        return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        try {
            List<Path> all = list();
            if (all.isEmpty()) {
                return null;
            }
            Path latest = all.get(0);
            List<FileInfo> files = List.of(new FileInfo(latest.resolve(SnapshotManifest.DATA_FILE), null),
                    new FileInfo(latest.resolve(SnapshotManifest.FILE), null));
            return new FileListSnapshotInfo(files, termIndex(latest));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void format() {
    }

    @Override
    public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        int keep = Math.max(1, policy.getNumSnapshotsRetained());
        List<Path> all = list();
        for (int i = keep; i < all.size(); i++) {
            deleteTree(all.get(i));
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
