package io.objmeta.snapshot.internal;

import io.objmeta.core.EmbeddedStore;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.core.internal.embedded.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", header = "a new data directory from a snapshot (checksum first)",
        description = {"Prepares a NEW data directory from a snapshot, after checking its size "
        + "and SHA-256 against the manifest (the snapshot is only read). DATADIR must not exist or be empty.",
        "  embedded (default): lmdb/ + wal/; an embedded store opened there starts at the snapshot's revision and "
                + "its log continues after the snapshot's applied index.",
        "  --node-id ID: a server node's lmdb/ only (raft/ is left to the server: on first start it takes a "
                + "snapshot at the restored index and its Raft log continues after it)."},
        footer = {"", "Examples:", "  metasnap restore backups/meta-1200 /var/lib/objmeta-new",
                "  metasnap restore backups/meta-1200 /var/lib/metad-n2 --node-id n2", ExitCodes.HELP})
public final class RestoreCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "snapshot directory (manifest.json + data.mdb)")
    Path snapshot;

    @Parameters(index = "1", paramLabel = "DATADIR", description = "new data directory")
    Path dataDir;

    @Option(names = "--node-id", paramLabel = "ID", description = "prepare a server node directory for this node")
    String nodeId;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() throws IOException {
        if (Input.detect(snapshot) != Input.Kind.SNAPSHOT) {
            throw ToolException.notFound(snapshot + ": not a snapshot (expected: manifest.json + data.mdb)");
        }
        requireEmpty(dataDir);
        SnapshotManifest m = Input.readManifest(snapshot);
        try {
            Snapshots.verify(snapshot);
        } catch (IOException e) {
            throw ToolException.damaged(e.getMessage());
        }
        if (nodeId == null) {
            EmbeddedStore.restore(snapshot, dataDir);
        } else {
            Path lmdb = dataDir.resolve("lmdb");
            Files.createDirectories(lmdb);
            Path data = lmdb.resolve(SnapshotManifest.DATA_FILE);
            Files.copy(snapshot.resolve(SnapshotManifest.DATA_FILE), data);
            Snapshots.fsync(data);
            Snapshots.fsyncDir(lmdb);
            Snapshots.fsyncDir(dataDir);
        }
        Map<String, Object> r = Json.obj("snapshot", snapshot.toString(), "dataDir", dataDir.toString(), "layout",
                nodeId == null ? "embedded" : "server", "nodeId", nodeId, "revision", m.revision(), "appliedIndex",
                m.appliedIndex(), "term", m.term());
        if (output.json()) {
            out().println(Json.write(r));
            return ExitCodes.OK;
        }
        out().println("restored " + snapshot + " (revision " + m.revision() + ", applied index " + m.appliedIndex()
                + ", term " + m.term() + ") into " + dataDir);
        if (nodeId == null) {
            out().println("an embedded store opened there starts at revision " + m.revision()
                    + "; its log continues at sequence " + (m.appliedIndex() + 1));
        } else {
            out().println("server node " + nodeId + ": wrote lmdb/ only (applied index " + m.appliedIndex()
                    + ", term " + m.term() + " are stored in it). Start bin/metad --node-id " + nodeId
                    + " --data-dir " + dataDir + ": it creates raft/, takes a snapshot at index " + m.appliedIndex()
                    + " and continues its Raft log after it. Restore every node of a group from the same snapshot.");
        }
        return ExitCodes.OK;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new ToolException(ExitCodes.USAGE, dir + ": not empty (restore writes a NEW data "
                            + "directory and never overwrites one)");
                }
            }
        }
    }
}
