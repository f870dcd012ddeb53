package io.objmeta.server.internal;

import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandBatch;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.core.internal.embedded.ChangeNotifier;
import io.objmeta.core.internal.embedded.Snapshots;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;

/**
 * The Ratis state machine: {@link MetaCore}'s deterministic apply behind the Raft log.
 *
 * <ul>
 *   <li>A log entry is a {@code CommandBatch} (the coalesced writes of one node). The leader stamps its clock on
 *   the entry in {@link #startTransaction} by appending field 2 to the bytes, so nothing is parsed on the
 *   leader's hot path; commands without a timestamp of their own take it at apply.</li>
 *   <li>{@link #applyTransaction} only queues. One applier thread drains every committed entry that is waiting
 *   and applies them in ONE LMDB transaction (with the applied index and term), then completes the replies in
 *   log order: Ratis advances its applied index, and releases linearizable reads, as each reply completes.</li>
 *   <li>A failed command is an error inside the reply, never an exception: a thrown exception would stop the
 *   server.</li>
 *   <li>LMDB keeps its own applied index, so on restart the entries Ratis replays from the last snapshot that LMDB
 *   already holds are skipped.</li>
 *   <li>Snapshots are the core's compact LMDB copy + manifest ({@link SnapshotStorage}); a follower that receives
 *   one from the leader swaps its LMDB for it in {@link #reinitialize}.</li>
 * </ul>
 */
public final class MetaStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(MetaStateMachine.class.getName());
    private static final int MAX_ENTRIES_PER_COMMIT = 256;

    private final Path lmdbDir;
    private final CoreOptions coreOptions;
    private final SnapshotStorage storage = new SnapshotStorage();
    private final ReentrantReadWriteLock coreLock = new ReentrantReadWriteLock();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong lastStamp = new AtomicLong(); // leader clock, never backwards on this node
    private final ChangeNotifier notifier = new ChangeNotifier(0);
    private final List<Runnable> coreReplacedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile MetaCore core;
    private volatile Thread applier;
    private volatile boolean failed;
    // figures for /metrics
    final AtomicLong entriesApplied = new AtomicLong();
    final AtomicLong commandsApplied = new AtomicLong();
    final AtomicLong commits = new AtomicLong();
    final AtomicLong snapshotsTaken = new AtomicLong();
    final AtomicLong snapshotsInstalled = new AtomicLong();

    /** A committed entry waiting for the applier; {@code data == null} marks a non-state-machine entry. */
    private record Pending(long term, long index, ByteString data, CompletableFuture<Message> reply) {
    }

    public MetaStateMachine(Path lmdbDir, CoreOptions coreOptions) {
        this.lmdbDir = lmdbDir;
        this.coreOptions = coreOptions;
    }

    // ---- lifecycle ----

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        Files.createDirectories(lmdbDir);
        MetaCore c = MetaCore.open(lmdbDir, coreOptions);
        SnapshotInfo latest = storage.getLatestSnapshot();
        if (latest != null && latest.getIndex() > c.appliedIndex()) {
            // LMDB lost its tail or was wiped, and the log before the snapshot may be purged: start from it
            c.close();
            installSnapshot(storage.list().get(0));
            c = MetaCore.open(lmdbDir, coreOptions);
        }
        core = c;
        if (c.appliedIndex() > 0 && (latest == null || latest.getIndex() < c.appliedIndex())
                && raftLogIsEmpty(raftStorage)) {
            // a state restored from a snapshot (metasnap restore --node-id), or one whose raft/ was lost: without a
            // snapshot at its applied index Ratis would number new entries from 0 and they would look applied
            // already. A snapshot there makes the log continue after it.
            long at = takeSnapshot();
            LOG.log(Level.INFO, "adopted a state applied at index {0} without a Raft log: snapshot taken there, "
                    + "the log continues at {1}", at, at + 1);
        }
        setLastAppliedTermIndex(TermIndex.valueOf(c.appliedTerm(), c.appliedIndex()));
        notifier.advanceTo(c.revision());
        startApplier();
        getLifeCycle().transition(LifeCycle.State.STARTING);
        getLifeCycle().transition(LifeCycle.State.RUNNING);
        LOG.log(Level.INFO, "state machine at revision {0}, applied index {1} (term {2}); latest snapshot {3}",
                c.revision(), c.appliedIndex(), c.appliedTerm(), latest == null ? "none" : latest.getTermIndex());
    }

    /** Ratis pauses the state machine before it installs a snapshot from the leader (then reinitializes it). */
    @Override
    public void pause() {
        stopApplier();
        if (getLifeCycleState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public void reinitialize() throws IOException {
        stopApplier();
        coreLock.writeLock().lock();
        try {
            List<Path> snaps = storage.list();
            if (!snaps.isEmpty() && SnapshotStorage.termIndex(snaps.get(0)).getIndex() > core.appliedIndex()) {
                core.close();
                installSnapshot(snaps.get(0));
                core = MetaCore.open(lmdbDir, coreOptions);
                snapshotsInstalled.incrementAndGet();
            }
            setLastAppliedTermIndex(TermIndex.valueOf(core.appliedTerm(), core.appliedIndex()));
            notifier.advanceTo(core.revision());
        } finally {
            coreLock.writeLock().unlock();
        }
        coreReplacedListeners.forEach(Runnable::run);
        startApplier();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
        LOG.log(Level.INFO, "state machine reinitialized at revision {0}, applied index {1}", core.revision(),
                core.appliedIndex());
    }

    private static boolean raftLogIsEmpty(RaftStorage storage) throws IOException {
        java.io.File current = storage.getStorageDir().getCurrentDir();
        if (!current.isDirectory()) {
            return true;
        }
        try (java.util.stream.Stream<Path> s = Files.list(current.toPath())) {
            return s.noneMatch(p -> p.getFileName().toString().startsWith("log_"));
        }
    }

    /** Replaces the LMDB directory with a verified snapshot copy (the caller has closed the core). */
    private void installSnapshot(Path snapshot) throws IOException {
        SnapshotManifest m = Snapshots.verify(snapshot);
        Path parent = lmdbDir.toAbsolutePath().getParent();
        Path fresh = parent.resolve(lmdbDir.getFileName() + ".installing");
        SnapshotStorage.deleteTree(fresh);
        Files.createDirectories(fresh);
        Files.copy(snapshot.resolve(SnapshotManifest.DATA_FILE), fresh.resolve(SnapshotManifest.DATA_FILE));
        Snapshots.fsync(fresh.resolve(SnapshotManifest.DATA_FILE));
        Snapshots.fsyncDir(fresh);
        Path old = parent.resolve(lmdbDir.getFileName() + ".old");
        SnapshotStorage.deleteTree(old);
        if (Files.exists(lmdbDir)) {
            Files.move(lmdbDir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, lmdbDir, StandardCopyOption.ATOMIC_MOVE);
        Snapshots.fsyncDir(parent);
        SnapshotStorage.deleteTree(old);
        LOG.log(Level.INFO, "installed snapshot {0}: revision {1}, applied index {2}", snapshot.getFileName(),
                m.revision(), m.appliedIndex());
    }

    @Override
    public void close() throws IOException {
        stopApplier();
        coreLock.writeLock().lock();
        try {
            if (core != null) {
                core.checkpoint();
                core.close();
                core = null;
            }
        } finally {
            coreLock.writeLock().unlock();
        }
        notifier.wakeAll();
        super.close();
    }

    private void startApplier() {
        Thread t = new Thread(this::applyLoop, "objmeta-apply");
        t.setDaemon(true);
        applier = t;
        t.start();
    }

    private void stopApplier() {
        Thread t = applier;
        if (t == null) {
            return;
        }
        applier = null;
        t.interrupt();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the log ----

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) {
        long now = lastStamp.accumulateAndGet(System.currentTimeMillis(), Math::max);
        ByteString stamped = request.getMessage().getContent().concat(timestampField(now));
        return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                .setLogData(stamped).build();
    }

    /** Field 2 (varint) of CommandBatch: appending it to the serialized batch sets timestamp_millis. */
    private static ByteString timestampField(long millis) {
        byte[] b = new byte[11];
        int n = 0;
        b[n++] = 0x10;
        long v = millis;
        while ((v & ~0x7FL) != 0) {
            b[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[n++] = (byte) v;
        return UnsafeByteOperations.unsafeWrap(b, 0, n);
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        CompletableFuture<Message> reply = new CompletableFuture<>();
        queue.add(new Pending(entry.getTerm(), entry.getIndex(), entry.getStateMachineLogEntry().getLogData(),
                reply));
        return reply;
    }

    /** Configuration and no-op entries: ordered behind the queued batches so the applied term/index never regress. */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        queue.add(new Pending(term, index, null, null));
    }

    private void applyLoop() {
        List<Pending> group = new ArrayList<>();
        while (applier == Thread.currentThread()) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(group, MAX_ENTRIES_PER_COMMIT - 1);
            try {
                applyGroup(group);
            } catch (RuntimeException | Error e) { // never leave a reply pending: Ratis would wait for it forever
                failed = true;
                LOG.log(Level.ERROR, "applying entries " + group.get(0).index() + ".."
                        + group.get(group.size() - 1).index() + " failed; this node stops applying", e);
                group.forEach(p -> {
                    if (p.reply() != null) {
                        p.reply().completeExceptionally(e);
                    }
                });
                return;
            }
            group.clear();
        }
        // drain what is queued so a restart of the applier (reinitialize) sees it in order
    }

    private void applyGroup(List<Pending> group) {
        coreLock.readLock().lock();
        try {
            MetaCore c = core;
            List<Long> indexes = new ArrayList<>(group.size());
            List<List<Command>> batches = new ArrayList<>(group.size());
            List<Pending> applying = new ArrayList<>(group.size());
            long term = 0;
            for (Pending p : group) {
                if (p.data() == null || p.index() <= c.appliedIndex()) {
                    continue; // not ours, or already in LMDB (replay after restart)
                }
                indexes.add(p.index());
                batches.add(decode(p.data()));
                applying.add(p);
                term = p.term();
            }
            List<List<CommandResult>> results = indexes.isEmpty() ? List.of() : c.applyAll(indexes, batches, term);
            if (!indexes.isEmpty()) {
                commits.incrementAndGet();
            }
            Pending last = group.get(group.size() - 1);
            if (last.index() > getLastAppliedTermIndex().getIndex()) {
                updateLastAppliedTermIndex(last.term(), last.index());
            }
            notifier.advanceTo(c.revision());
            int r = 0;
            for (Pending p : group) {
                if (p.reply() == null) {
                    continue;
                }
                if (r < applying.size() && applying.get(r) == p) {
                    List<CommandResult> res = results.get(r++);
                    entriesApplied.incrementAndGet();
                    commandsApplied.addAndGet(res.size());
                    p.reply().complete(new BatchReply(res));
                } else {
                    p.reply().complete(Message.EMPTY); // a replayed entry: nobody waits for its result
                }
            }
        } finally {
            coreLock.readLock().unlock();
        }
    }

    /** Parses an entry; commands without a timestamp of their own take the leader's stamp on the entry. */
    private static List<Command> decode(ByteString data) {
        CommandBatch b;
        try {
            b = CommandBatch.parseFrom(data.asReadOnlyByteBuffer());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            // cannot happen for entries this code wrote; applying nothing keeps every replica identical
            LOG.log(Level.ERROR, "undecodable log entry skipped", e);
            return List.of();
        }
        long ts = b.getTimestampMillis();
        List<Command> out = new ArrayList<>(b.getCommandsCount());
        for (Command c : b.getCommandsList()) {
            out.add(c.getTimestampMillis() == 0 && ts != 0 ? c.toBuilder().setTimestampMillis(ts).build() : c);
        }
        return out;
    }

    // ---- reads ----

    /** Linearizable reads go through Ratis' ReadIndex; by the time this runs the state has caught up. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /** Runs {@code read} against the current core (never one being replaced by a snapshot install). */
    public <T> T read(Function<MetaCore, T> read) {
        coreLock.readLock().lock();
        try {
            MetaCore c = core;
            if (c == null) {
                throw new io.objmeta.api.UnavailableException("the node is shutting down");
            }
            return read.apply(c);
        } finally {
            coreLock.readLock().unlock();
        }
    }

    public long revision() {
        MetaCore c = core;
        return c == null ? 0 : c.revision();
    }

    public ChangeNotifier notifier() {
        return notifier;
    }

    /** Called after the state was replaced by an installed snapshot (watches must restart). */
    public void onCoreReplaced(Runnable r) {
        coreReplacedListeners.add(r);
    }

    public boolean failed() {
        return failed;
    }

    // ---- snapshots ----

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return storage.getLatestSnapshot();
    }

    @Override
    public long takeSnapshot() throws IOException {
        coreLock.readLock().lock();
        try {
            MetaCore c = core;
            if (c == null || c.appliedIndex() == 0) {
                return -1;
            }
            c.checkpoint();
            Path pending = storage.dir().resolve(".pending-" + System.nanoTime());
            SnapshotManifest m = Snapshots.take(c, pending);
            Path target = storage.dir().resolve(SnapshotStorage.name(m.term(), m.appliedIndex()));
            if (Files.exists(target)) {
                SnapshotStorage.deleteTree(pending);
            } else {
                Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
                Snapshots.fsyncDir(storage.dir());
            }
            snapshotsTaken.incrementAndGet();
            LOG.log(Level.INFO, "snapshot {0}: revision {1}, {2} bytes", target.getFileName(), m.revision(),
                    m.sizeBytes());
            return m.appliedIndex();
        } finally {
            coreLock.readLock().unlock();
        }
    }

    public SnapshotStorage snapshots() {
        return storage;
    }
}
