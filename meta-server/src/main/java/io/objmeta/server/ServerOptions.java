package io.objmeta.server;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.InvalidArgumentException;
import io.objmeta.core.CoreOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Options of one meta-server node. Every option has a default that starts a one-node cluster on loopback; see
 * {@link MetaServer#builder()}.
 *
 * @param nodeId                   this node's Raft peer id (default {@code n1})
 * @param dataDir                  where {@code lmdb/} (the state) and {@code raft/} (Raft log, snapshots) live
 * @param apiHost                  address the API port binds (default 127.0.0.1)
 * @param apiPort                  API port: gRPC, HTTP/JSON, docs, health, metrics (default 7750; 0 = ephemeral)
 * @param raftHost                 address the Raft port binds (default 127.0.0.1)
 * @param raftPort                 Raft port (default 7751; 0 = ephemeral, one-node clusters only)
 * @param peers                    every member of the initial group, this node included; empty = this node alone
 * @param groupId                  Raft group id, a UUID shared by every member
 * @param core                     state machine options (LMDB map size, change retention...)
 * @param maxBatchCommands         client writes packed into one Raft entry at most (default 512)
 * @param maxBatchBytes            bytes of commands in one Raft entry at most (default 1 MiB)
 * @param maxOutstandingBatches    Raft entries this node has in flight before it queues (default 1: one entry in
 *                                 flight, the rest coalesce into the next; measured best, BENCHMARKS.md)
 * @param maxQueuedCommands        writes waiting for a Raft entry before RESOURCE_EXHAUSTED (default 16384)
 * @param requestTimeoutMillis     how long a write or a linearizable read may take inside the cluster (default 10000)
 * @param snapshotThresholdEntries Raft entries between automatic snapshots (default 20000; 0 = only on demand)
 * @param snapshotsRetained        snapshots kept on disk (default 2)
 * @param staleWaitMillis          how long a STALE read waits for {@code minRevision} (default 5000)
 * @param raftSegmentSizeBytes     size of a Raft log segment; only whole closed segments are purged after a
 *                                 snapshot (default 32 MiB)
 */
public record ServerOptions(String nodeId, Path dataDir, String apiHost, int apiPort, String raftHost, int raftPort,
                            List<Peer> peers, String groupId, CoreOptions core, int maxBatchCommands,
                            int maxBatchBytes, int maxOutstandingBatches, int maxQueuedCommands,
                            long requestTimeoutMillis, long snapshotThresholdEntries, int snapshotsRetained,
                            long staleWaitMillis, long raftSegmentSizeBytes) {
    /** The group every objmeta cluster uses unless told otherwise. */
    public static final String DEFAULT_GROUP_ID = "6f626a6d-6574-6100-0000-000000000001";

    public ServerOptions {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(apiHost, "apiHost");
        requireNonNull(raftHost, "raftHost");
        requireNonNull(peers, "peers");
        requireNonNull(groupId, "groupId");
        requireNonNull(core, "core");
        Peer.checkId(nodeId);
        peers = List.copyOf(peers);
        if (!peers.isEmpty() && peers.stream().noneMatch(p -> p.id().equals(nodeId))) {
            throw InvalidArgumentException.of("peers", peers.toString(), "a list that includes nodeId " + nodeId);
        }
        if (peers.stream().map(Peer::id).distinct().count() != peers.size()) {
            throw InvalidArgumentException.of("peers", peers.toString(), "distinct ids");
        }
        try {
            java.util.UUID.fromString(groupId);
        } catch (IllegalArgumentException e) {
            throw InvalidArgumentException.of("groupId", groupId, "a UUID");
        }
        port("apiPort", apiPort);
        port("raftPort", raftPort);
        positive("maxBatchCommands", maxBatchCommands);
        positive("maxBatchBytes", maxBatchBytes);
        positive("maxOutstandingBatches", maxOutstandingBatches);
        positive("maxQueuedCommands", maxQueuedCommands);
        positive("requestTimeoutMillis", requestTimeoutMillis);
        positive("snapshotsRetained", snapshotsRetained);
        if (snapshotThresholdEntries < 0) {
            throw InvalidArgumentException.of("snapshotThresholdEntries", snapshotThresholdEntries, ">= 0");
        }
        if (raftSegmentSizeBytes < 4096) {
            throw InvalidArgumentException.of("raftSegmentSizeBytes", raftSegmentSizeBytes, ">= 4096");
        }
        if (staleWaitMillis < 0) {
            throw InvalidArgumentException.of("staleWaitMillis", staleWaitMillis, ">= 0");
        }
    }

    private static void port(String field, int port) {
        if (port < 0 || port > 65535) {
            throw InvalidArgumentException.of(field, port, "0..65535 (0 = ephemeral)");
        }
    }

    private static void positive(String field, long v) {
        if (v < 1) {
            throw InvalidArgumentException.of(field, v, ">= 1");
        }
    }
}
