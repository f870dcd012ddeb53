package io.objmeta.server.internal;

import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.MetadataException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.Member;
import io.objmeta.api.proto.MemberRole;
import io.objmeta.server.Peer;
import io.objmeta.server.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.NetUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * One Raft member: the Ratis server with {@link MetaStateMachine}, and a Ratis client through which this node
 * forwards its coalesced writes to the leader and runs ReadIndex rounds. A peer's API address travels in the
 * Raft configuration as the peer's data-stream address (objmeta does not use Ratis data streams), so every
 * member knows every other member's API port after a membership change too.
 */
public final class RaftNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RaftNode.class.getName());
    private final ServerOptions options;
    private final MetaStateMachine stateMachine;
    private final RaftGroup group;
    private final RaftPeerId selfId;
    private final RaftServer server;
    private final RaftClient client;
    private final WriteBatcher writes;
    private final ReadBarrier reads;
    private final ClientId localClientId = ClientId.randomId(); // for entries submitted to the local server
    private final java.util.concurrent.atomic.AtomicLong callIds = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService submitter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "objmeta-raft-submit");
        t.setDaemon(true);
        return t;
    });

    public RaftNode(ServerOptions options) throws IOException {
        this.options = options;
        this.selfId = RaftPeerId.valueOf(options.nodeId());
        Files.createDirectories(options.dataDir());
        int raftPort = options.raftPort() == 0 ? NetUtils.createLocalServerAddress().getPort() : options.raftPort();
        List<Peer> peers = options.peers().isEmpty()
                ? List.of(new Peer(options.nodeId(), options.raftHost() + ":" + raftPort,
                        options.apiHost() + ":" + Math.max(options.apiPort(), 1)))
                : options.peers();
        this.group = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.fromString(options.groupId())),
                peers.stream().map(RaftNode::toRaftPeer).toList());
        RaftProperties props = properties(options, raftPort);
        this.stateMachine = new MetaStateMachine(options.dataDir().resolve("lmdb"), options.core());
        this.server = RaftServer.newBuilder().setServerId(selfId).setGroup(group).setProperties(props)
                .setStateMachine(stateMachine)
                .setOption(Files.exists(options.dataDir().resolve("raft"))
                        ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        this.client = RaftClient.newBuilder().setProperties(props).setRaftGroup(group).setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        (int) Math.max(3, options.requestTimeoutMillis() / 250), TimeDuration.valueOf(200,
                                TimeUnit.MILLISECONDS)))
                .build();
        this.writes = new WriteBatcher(this::sendWrite, options.maxBatchCommands(),
                options.maxBatchBytes(), options.maxOutstandingBatches(), options.maxQueuedCommands(),
                options.requestTimeoutMillis());
        this.reads = new ReadBarrier(this::readIndex, options.requestTimeoutMillis());
    }

    /**
     * A coalesced entry: handed straight to the local Ratis server when this node leads (no RPC to itself), else
     * through the Ratis client, which finds the leader. A local attempt that finds leadership gone was not
     * appended, so resending it through the client cannot apply it twice.
     */
    private CompletableFuture<RaftClientReply> sendWrite(Message m) {
        if (!isLeaderQuietly()) {
            return client.async().send(m);
        }
        return submitLocal(m, RaftClientRequest.writeRequestType()).thenCompose(r -> r.isSuccess()
                || (r.getNotLeaderException() == null && !(r.getException() instanceof LeaderNotReadyException))
                ? CompletableFuture.completedFuture(r) : client.async().send(m));
    }

    /** A ReadIndex round on this node (leader or follower), straight to the local server; the client on failure. */
    private CompletableFuture<RaftClientReply> readIndex() {
        return submitLocal(Message.EMPTY, RaftClientRequest.readRequestType()).thenCompose(r -> r.isSuccess()
                ? CompletableFuture.completedFuture(r) : client.async().sendReadOnly(Message.EMPTY, selfId));
    }

    /**
     * Hands a request to the local Ratis server from {@link #submitter}, never from the caller's thread: Ratis'
     * {@code submitClientRequestAsync} blocks its caller until one of the server's client threads has taken the
     * request, and callers here can be threads Ratis needs to get there — the StateMachineUpdater completing a
     * ReadIndex round under the read queue's lock starts the next round (a deadlock, seen under a CAS load), the
     * applier completing a write starts the next batch, an Armeria event loop starts the first.
     */
    private CompletableFuture<RaftClientReply> submitLocal(Message m, RaftClientRequest.Type type) {
        RaftClientRequest req = RaftClientRequest.newBuilder().setClientId(localClientId).setServerId(selfId)
                .setGroupId(group.getGroupId()).setCallId(callIds.incrementAndGet()).setMessage(m).setType(type)
                .setTimeoutMs(options.requestTimeoutMillis()).build();
        try {
            return CompletableFuture.supplyAsync(() -> submitNow(req), submitter).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(RaftClientReply.newBuilder().setRequest(req)
                    .setException(new org.apache.ratis.protocol.exceptions.RaftException("node closing")).build());
        }
    }

    private CompletableFuture<RaftClientReply> submitNow(RaftClientRequest req) {
        try {
            return server.submitClientRequestAsync(req).exceptionally(e -> RaftClientReply.newBuilder()
                    .setRequest(req).setException(new org.apache.ratis.protocol.exceptions.RaftException(
                            "local submission failed: " + e)).build());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(RaftClientReply.newBuilder().setRequest(req)
                    .setException(new org.apache.ratis.protocol.exceptions.RaftException(e.getMessage())).build());
        }
    }

    private boolean isLeaderQuietly() {
        try {
            return division().getInfo().isLeader();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static RaftPeer toRaftPeer(Peer p) {
        return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).setDataStreamAddress(p.apiAddress())
                .build();
    }

    static Peer toPeer(RaftPeer p) {
        return new Peer(p.getId().toString(), p.getAddress(),
                p.getDataStreamAddress() == null ? p.getAddress() : p.getDataStreamAddress());
    }

    private static RaftProperties properties(ServerOptions o, int raftPort) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, o.raftHost());
        GrpcConfigKeys.Server.setPort(p, raftPort);
        RaftServerConfigKeys.setStorageDir(p, List.of(o.dataDir().resolve("raft").toFile()));
        // elections: tolerant of a loaded 2-core machine, still a new leader within ~3 s
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3000, TimeUnit.MILLISECONDS));
        // linearizable reads on any member via ReadIndex; the leader answers from its lease without a round trip
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
        RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(o.requestTimeoutMillis(), TimeUnit.MILLISECONDS));
        // snapshots: automatic every N entries, log purged up to the snapshot
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, o.snapshotThresholdEntries() > 0);
        if (o.snapshotThresholdEntries() > 0) {
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, o.snapshotThresholdEntries());
            RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, o.snapshotThresholdEntries()));
        } else {
            RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        }
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, o.snapshotsRetained());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(o.raftSegmentSizeBytes()));
        // no METADATA entry (the new commit index) appended, replicated and fsynced after every commit: the
        // commit index is volatile in Raft, a restarted node learns it from the leader, and the applied index
        // lives in LMDB; measured +48% puts/s on 3 nodes (BENCHMARKS.md, issue 8)
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        RaftClientConfigKeys.Async.setOutstandingRequestsMax(p, 4096);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3000, TimeUnit.MILLISECONDS));
        ratisOverrides(System.getProperties(), p);
        return p;
    }

    /**
     * Every JVM system property named like a Ratis key ({@code raft.*}) is set on the node's Ratis properties last,
     * over objmeta's own choices: Ratis can be tuned without a rebuild (as Ozone passes its {@code raft.*} keys
     * through), e.g. {@code OBJMETA_JAVA_OPTS="-Draft.server.log.force.sync.num=64" bin/metad}. Each one is logged.
     */
    static void ratisOverrides(java.util.Properties system, RaftProperties p) {
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("raft.")) {
                String value = system.getProperty(name);
                LOG.log(System.Logger.Level.INFO, "Ratis property from the command line: {0}={1} (was {2})", name,
                        value, p.get(name));
                p.set(name, value);
            }
        }
    }

    // ---- data path ----

    public CompletableFuture<CommandResult> write(Command c) {
        return writes.submit(c);
    }

    public CompletableFuture<Void> linearizable() {
        return reads.await();
    }

    public MetaStateMachine stateMachine() {
        return stateMachine;
    }

    public int queuedWrites() {
        return writes.queued();
    }

    public long entriesSent() {
        return writes.entriesSent.get();
    }

    public long commandsSent() {
        return writes.commandsSent.get();
    }

    public long readRounds() {
        return reads.rounds.get();
    }

    // ---- status and administration ----

    public String selfId() {
        return selfId.toString();
    }

    public String groupId() {
        return group.getGroupId().getUuid().toString();
    }

    private RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new UnavailableException("Raft group not available: " + e.getMessage());
        }
    }

    public int raftPort() {
        return ((InetSocketAddress) server.getServerRpc().getInetSocketAddress()).getPort();
    }

    /** The leader's id, or empty while none is known. */
    public String leaderId() {
        RaftPeerId l = division().getInfo().getLeaderId();
        return l == null ? "" : l.toString();
    }

    public boolean isLeader() {
        return division().getInfo().isLeader();
    }

    public long term() {
        return division().getInfo().getCurrentTerm();
    }

    public long commitIndex() {
        return division().getRaftLog().getLastCommittedIndex();
    }

    public long appliedIndex() {
        return division().getInfo().getLastAppliedIndex();
    }

    /** Entries a node may trail the (leader's) commit index by and still call itself caught up. */
    static final long READY_LAG_ENTRIES = 64;

    /**
     * Ready: a leader is known, apply has not failed, and this node applied everything committed as far as it knows,
     * including the leader's commit index from its last append (a restarted follower's own commit index would say
     * "caught up" before it has even received the missing entries).
     */
    public boolean ready() {
        try {
            RaftServer.Division d = division();
            RaftPeerId leader = d.getInfo().getLeaderId();
            if (leader == null || !d.getInfo().isAlive() || stateMachine.failed()) {
                return false;
            }
            long applied = d.getInfo().getLastAppliedIndex();
            long commit = d.getRaftLog().getLastCommittedIndex();
            for (var ci : d.getCommitInfos()) {
                if (ci.getServer().getId().toStringUtf8().equals(leader.toString())) {
                    commit = Math.max(commit, ci.getCommitIndex());
                }
            }
            // applying trails committing by a group of entries under load: that is caught up, not behind
            return applied >= commit - READY_LAG_ENTRIES;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Current members as Raft knows them (this node's view of the committed configuration). */
    public List<Peer> members() {
        List<Peer> out = new ArrayList<>();
        for (RaftPeer p : division().getRaftConf().getCurrentPeers()) {
            out.add(toPeer(p));
        }
        for (RaftPeer p : division().getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER)) {
            out.add(toPeer(p));
        }
        return out;
    }

    public boolean isListener(String id) {
        return division().getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER).stream()
                .anyMatch(p -> p.getId().toString().equals(id));
    }

    /** This member's own row of the cluster table. */
    public Member selfMember(String apiAddress) {
        RaftServer.Division d = division();
        MemberRole role = switch (d.getInfo().getCurrentRole()) {
            case LEADER -> MemberRole.LEADER;
            case FOLLOWER -> MemberRole.FOLLOWER;
            case CANDIDATE -> MemberRole.CANDIDATE;
            case LISTENER -> MemberRole.LISTENER;
            default -> MemberRole.MEMBER_ROLE_UNSPECIFIED;
        };
        String raftAddress = d.getPeer() == null ? "" : d.getPeer().getAddress();
        return Member.newBuilder().setId(selfId.toString()).setAddress(raftAddress).setApiAddress(apiAddress)
                .setRole(role).setTerm(d.getInfo().getCurrentTerm())
                .setCommitIndex(d.getRaftLog().getLastCommittedIndex())
                .setAppliedIndex(d.getInfo().getLastAppliedIndex()).build();
    }

    public List<Peer> addMember(Peer peer, boolean listener) throws IOException {
        List<RaftPeer> voters = new ArrayList<>(division().getRaftConf().getCurrentPeers());
        List<RaftPeer> listeners = new ArrayList<>(division().getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER));
        if (voters.stream().anyMatch(p -> p.getId().toString().equals(peer.id()))
                || listeners.stream().anyMatch(p -> p.getId().toString().equals(peer.id()))) {
            throw new MetadataException(MetadataException.Code.ALREADY_EXISTS, "member " + peer.id()
                    + " is already in the cluster");
        }
        (listener ? listeners : voters).add(toRaftPeer(peer));
        check(client.admin().setConfiguration(voters, listeners), "add member " + peer.id());
        return members();
    }

    public List<Peer> removeMember(String id) throws IOException {
        List<RaftPeer> voters = new ArrayList<>(division().getRaftConf().getCurrentPeers());
        List<RaftPeer> listeners = new ArrayList<>(division().getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER));
        boolean removed = voters.removeIf(p -> p.getId().toString().equals(id))
                | listeners.removeIf(p -> p.getId().toString().equals(id));
        if (!removed) {
            throw new MetadataException(MetadataException.Code.NOT_FOUND, "member " + id + " is not in the cluster");
        }
        if (voters.isEmpty()) {
            throw InvalidArgumentException.of("id", id, "not the last voting member");
        }
        check(client.admin().setConfiguration(voters, listeners), "remove member " + id);
        return members();
    }

    public String transferLeader(String targetId, long timeoutMillis) throws IOException {
        RaftPeerId target;
        if (targetId.isEmpty()) {
            target = division().getRaftConf().getCurrentPeers().stream().map(RaftPeer::getId)
                    .filter(p -> !p.toString().equals(leaderId())).findFirst()
                    .orElseThrow(() -> new MetadataException(MetadataException.Code.FAILED_PRECONDITION,
                            "no other voting member to transfer leadership to"));
        } else {
            target = RaftPeerId.valueOf(targetId);
            if (division().getRaftConf().getCurrentPeers().stream().noneMatch(p -> p.getId().equals(target))) {
                throw InvalidArgumentException.of("targetId", targetId, "a voting member of the cluster");
            }
        }
        check(client.admin().transferLeadership(target, timeoutMillis > 0 ? timeoutMillis : 10_000),
                "transfer leadership to " + target);
        return target.toString();
    }

    /** Takes a snapshot on this member now; returns its log index. */
    public long snapshotNow() throws IOException {
        RaftClientReply r = client.getSnapshotManagementApi(selfId).create(1, 30_000); // gap 1: "now", not after 1024 entries
        check(r, "snapshot");
        return r.getLogIndex();
    }

    private static void check(RaftClientReply r, String what) {
        if (!r.isSuccess()) {
            throw new UnavailableException(what + " failed: " + (r.getException() == null ? "no reason given"
                    : r.getException().getMessage()));
        }
    }

    @Override
    public void close() throws IOException {
        writes.close();
        submitter.shutdown();
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
