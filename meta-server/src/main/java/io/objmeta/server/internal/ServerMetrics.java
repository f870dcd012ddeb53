package io.objmeta.server.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The node's own figures on {@code /metrics}, beside Armeria's per-RPC {@code objmeta_rpc_*} meters. Names (in
 * Prometheus form) are listed in the README.
 */
public final class ServerMetrics {
    private ServerMetrics() {
    }

    public static void register(MeterRegistry r, RaftNode node, Path dataDir) {
        MetaStateMachine sm = node.stateMachine();
        gauge(r, "objmeta.raft.term", "current Raft term", node, safe(RaftNode::term));
        gauge(r, "objmeta.raft.commit.index", "last committed Raft index", node, safe(RaftNode::commitIndex));
        gauge(r, "objmeta.raft.applied.index", "last Raft index applied by this node", node,
                safe(RaftNode::appliedIndex));
        gauge(r, "objmeta.raft.leader", "1 when this node is the leader", node,
                safe(n -> n.isLeader() ? 1 : 0));
        gauge(r, "objmeta.ready", "1 when /health reports ready", node, n -> n.ready() ? 1 : 0);
        gauge(r, "objmeta.store.revision", "store revision applied on this node", sm, MetaStateMachine::revision);
        gauge(r, "objmeta.write.queue", "writes waiting to be packed into a Raft entry", node,
                RaftNode::queuedWrites);
        counter(r, "objmeta.batch.entries", "Raft entries this node proposed (coalesced writes)", node,
                RaftNode::entriesSent);
        counter(r, "objmeta.batch.commands", "writes this node proposed; / entries = mean batch size", node,
                RaftNode::commandsSent);
        counter(r, "objmeta.read.index.rounds", "ReadIndex rounds (shared by concurrent linearizable reads)", node,
                RaftNode::readRounds);
        counter(r, "objmeta.apply.entries", "Raft entries applied", sm, s -> s.entriesApplied.get());
        counter(r, "objmeta.apply.commands", "commands applied", sm, s -> s.commandsApplied.get());
        counter(r, "objmeta.apply.commits", "applies (one per group of entries applied together)", sm,
                s -> s.commits.get());
        counter(r, "objmeta.lmdb.commits", "LMDB commits of the applied entries (background, every "
                + "--lmdb-commit-interval-millis); since this state machine was opened", sm,
                safe(x -> x.read(c -> c.lmdbCommits())));
        gauge(r, "objmeta.lmdb.uncommitted.bytes", "heap held by applied entries LMDB has not committed yet", sm,
                safe(x -> x.read(c -> c.uncommittedBytes())));
        counter(r, "objmeta.snapshots.taken", "snapshots taken", sm, s -> s.snapshotsTaken.get());
        counter(r, "objmeta.snapshots.installed", "snapshots installed from the leader", sm,
                s -> s.snapshotsInstalled.get());
        gauge(r, "objmeta.garbage.backlog", "garbage items (locations to delete) not acknowledged yet", sm,
                safe(x -> x.read(c -> c.backlogs().garbageItems())));
        gauge(r, "objmeta.changes.retained", "change-feed entries retained for watches", sm,
                safe(x -> x.read(c -> c.backlogs().changes())));
        gauge(r, "objmeta.request.ids", "request ids remembered for exactly-once writes", sm,
                safe(x -> x.read(c -> c.backlogs().requestIds())));
        gauge(r, "objmeta.lmdb.size.bytes", "size of data.mdb", dataDir,
                d -> size(d.resolve("lmdb").resolve("data.mdb")));
        gauge(r, "objmeta.raft.log.size.bytes", "bytes of Raft log segments and snapshots on disk", dataDir,
                d -> size(d.resolve("raft")));
    }

    private static <T> ToDoubleFunction<T> safe(ToDoubleFunction<T> f) {
        return t -> {
            try {
                return f.applyAsDouble(t);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }

    private static <T> void gauge(MeterRegistry r, String name, String help, T obj, ToDoubleFunction<T> f) {
        Gauge.builder(name, obj, f).description(help).register(r);
    }

    private static <T> void counter(MeterRegistry r, String name, String help, T obj, ToDoubleFunction<T> f) {
        FunctionCounter.builder(name, obj, f).description(help).register(r);
    }

    static double size(Path p) {
        if (!Files.exists(p)) {
            return 0;
        }
        if (Files.isRegularFile(p)) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return Double.NaN;
            }
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(x -> {
                try {
                    return Files.size(x);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Double.NaN;
        }
    }
}
