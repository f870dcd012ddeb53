package io.objmeta.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.grpc.GrpcJsonMarshaller;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.ServiceProto;
import io.objmeta.core.CoreOptions;
import io.objmeta.server.internal.ClusterView;
import io.objmeta.server.internal.DocExamples;
import io.objmeta.server.internal.JsonErrors;
import io.objmeta.server.internal.MetadataService;
import io.objmeta.server.internal.RequestGuard;
import io.objmeta.server.internal.RaftNode;
import io.objmeta.server.internal.ServerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/**
 * One meta-server node: {@code meta-core} replicated by Apache Ratis, served by Armeria on the API port (gRPC
 * {@code objmeta.v1.Metadata}, HTTP/JSON at DESIGN's paths, {@code /docs}, {@code /health}, {@code /metrics}, gRPC
 * reflection). Any node accepts any request; writes are coalesced and forwarded to the leader, reads are
 * linearizable unless {@code consistency=STALE}.
 *
 * <pre>{@code
 * try (MetaServer node = MetaServer.builder().dataDir(Path.of("data")).build().start()) {
 *     node.awaitReady(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * Data directory: {@code lmdb/} (the state machine's LMDB) and {@code raft/} (Ratis: {@code <group>/current/} log
 * segments, {@code <group>/sm/snapshot.<term>_<index>/} snapshots).
 */
public final class MetaServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetaServer.class.getName());

    private final ServerOptions options;
    private RaftNode node;
    private Server http;
    private MetadataService service;
    private volatile boolean closed;
    private final com.linecorp.armeria.server.healthcheck.SettableHealthChecker health =
            new com.linecorp.armeria.server.healthcheck.SettableHealthChecker(false);
    private final java.util.concurrent.ScheduledExecutorService healthPoller =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "objmeta-health");
                t.setDaemon(true);
                return t;
            });

    private MetaServer(ServerOptions options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ServerOptions options() {
        return options;
    }

    /** Starts Ratis (recovering the state) and then the API port. */
    public MetaServer start() throws IOException {
        long started = System.nanoTime();
        node = new RaftNode(options);
        try {
            String apiAddress = options.apiHost() + ":" + options.apiPort();
            service = new MetadataService(node, new ClusterView(node, apiAddress), options.staleWaitMillis());
            http = httpServer(service);
            http.start().join();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.log(Level.INFO, "objmeta node {0} started in {1} ms: API http://{2}:{3} (docs /docs, health /health, "
                + "metrics /metrics), Raft {4}:{5}, data {6}", options.nodeId(),
                (System.nanoTime() - started) / 1_000_000, options.apiHost(), String.valueOf(apiPort()),
                options.raftHost(), String.valueOf(node.raftPort()), options.dataDir().toAbsolutePath());
        return this;
    }

    private Server httpServer(MetadataService svc) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServerMetrics.register(registry, node, options.dataDir());
        JsonErrors errors = new JsonErrors();
        // readiness polled every 100 ms into a settable checker: /health supports long-polling that way
        health.setHealthy(node.ready());
        healthPoller.scheduleWithFixedDelay(() -> health.setHealthy(!closed && node.ready()), 100, 100,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        GrpcService grpc = GrpcService.builder()
                .addService(svc)
                .addService(ProtoReflectionServiceV1.newInstance())
                .enableUnframedRequests(true)
                .unframedGrpcErrorHandler(errors)
                .enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                        .queryParamMatchRules(HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE,
                                HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD)
                        .errorHandler(errors).build())
                .jsonMarshallerFactory(sd -> GrpcJsonMarshaller.builder()
                        .jsonMarshallerCustomizer(b -> b.ignoringUnknownFields(false).includingDefaultValueFields(true))
                        .build(sd))
                .maxRequestMessageLength(16 << 20)
                .build();
        RequestGuard guard = new RequestGuard(ServiceProto.getDescriptor().findServiceByName("Metadata"));
        return Server.builder()
                .http(new InetSocketAddress(options.apiHost(), options.apiPort()))
                .meterRegistry(registry)
                .errorHandler(errors)
                .requestTimeoutMillis(options.requestTimeoutMillis() + 5_000)
                .gracefulShutdownTimeoutMillis(500, 5_000)
                .childChannelPipelineCustomizer(MetaServer::consolidateFlushes)
                .service(grpc, s -> s.decorate(guard),
                        MetricCollectingService.newDecorator(MeterIdPrefixFunction.ofDefault("objmeta.rpc")))
                .serviceUnder("/docs", DocExamples.apply(DocService.builder()).build())
                .service("/health", HealthCheckService.builder().checkers(health).build())
                .service("/metrics", (ctx, req) -> HttpResponse.of(
                        MediaType.parse("text/plain; version=0.0.4; charset=utf-8"), registry.scrape()))
                .build();
    }

    /**
     * Flushes outside a read are coalesced on the connection's event loop. Armeria's own consolidation (Netty's
     * default) only merges flushes made while a read is in progress, but a write's response is completed on the
     * apply thread, after the read: each response was a {@code write(2)} of its own. Under a cas load the leader
     * made 2.8 write syscalls per update, Raft's included, and 0.45–0.74 coalesced, as many as a follower
     * (BENCHMARKS.md). A flush now waits for the event loop's queued tasks.
     */
    static void consolidateFlushes(ChannelPipeline pipeline) {
        pipeline.replace(FlushConsolidationHandler.class, "objmeta-flush-consolidation",
                new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }

    /** The API port (the one bound, if 0 was asked for). */
    public int apiPort() {
        return http.activeLocalPort();
    }

    public int raftPort() {
        return node.raftPort();
    }

    public String nodeId() {
        return options.nodeId();
    }

    /** Ready as {@code /health} reports it: a leader known, this node caught up. */
    public boolean ready() {
        return !closed && node.ready();
    }

    public boolean isLeader() {
        return node.isLeader();
    }

    public String leaderId() {
        return node.leaderId();
    }

    /** The store revision this node has applied. */
    public long revision() {
        return node.stateMachine().revision();
    }

    /** Waits until {@link #ready()}; false on timeout. */
    public boolean awaitReady(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Internal access for tests and tools in this module. */
    public RaftNode raftNode() {
        return node;
    }

    /** Graceful: the API port stops taking requests and drains, watches end, queued writes fail, Ratis stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        healthPoller.shutdownNow();
        health.setHealthy(false);
        try {
            if (http != null) {
                http.stop().join();
            }
        } finally {
            if (service != null) {
                service.closeWatches();
            }
            try {
                if (node != null) {
                    node.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Builder; every option has a default that starts a one-node cluster in {@code ./data} on loopback. */
    public static final class Builder {
        private String nodeId = "n1";
        private Path dataDir = Path.of("data");
        private String apiHost = "127.0.0.1";
        private int apiPort = 7750;
        private String raftHost = "127.0.0.1";
        private int raftPort = 7751;
        private List<Peer> peers = List.of();
        private String groupId = ServerOptions.DEFAULT_GROUP_ID;
        private CoreOptions core = CoreOptions.defaults();
        private int maxBatchCommands = 512;
        private int maxBatchBytes = 1 << 20;
        private int maxOutstandingBatches = 1;
        private int maxQueuedCommands = 16_384;
        private long requestTimeoutMillis = 10_000;
        private long snapshotThresholdEntries = 20_000;
        private int snapshotsRetained = 2;
        private long staleWaitMillis = 5_000;
        private long raftSegmentSizeBytes = 32L << 20;
        private long lmdbCommitIntervalMillis = 100;

        private Builder() {
        }

        public Builder nodeId(String id) {
            this.nodeId = requireNonNull(id, "nodeId");
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = requireNonNull(dir, "dataDir");
            return this;
        }

        public Builder apiHost(String host) {
            this.apiHost = requireNonNull(host, "apiHost");
            return this;
        }

        /** 0 picks a free port. */
        public Builder apiPort(int port) {
            this.apiPort = port;
            return this;
        }

        public Builder raftHost(String host) {
            this.raftHost = requireNonNull(host, "raftHost");
            return this;
        }

        /** 0 picks a free port (one-node clusters; members of a larger one must know each other's ports). */
        public Builder raftPort(int port) {
            this.raftPort = port;
            return this;
        }

        /** Every member of the initial group, this node included; empty (the default) = a one-node cluster. */
        public Builder peers(List<Peer> peers) {
            this.peers = List.copyOf(requireNonNull(peers, "peers"));
            return this;
        }

        public Builder groupId(String uuid) {
            this.groupId = requireNonNull(uuid, "groupId");
            return this;
        }

        public Builder coreOptions(CoreOptions core) {
            this.core = requireNonNull(core, "core");
            return this;
        }

        /**
         * How often LMDB commits what the state machine applied (default 100 ms; sets
         * {@link CoreOptions#commitIntervalMillis()}). An entry is applied, visible and answered without waiting for
         * LMDB's fsync; the Raft log keeps every entry LMDB lacks (snapshots, and so log purges, stop at what LMDB
         * committed) and a restart replays them. 0 = LMDB commits every applied entry before it is answered.
         */
        public Builder lmdbCommitIntervalMillis(long ms) {
            if (ms < 0) {
                throw InvalidArgumentException.of("lmdbCommitIntervalMillis", String.valueOf(ms), ">= 0");
            }
            this.lmdbCommitIntervalMillis = ms;
            return this;
        }

        public Builder maxBatchCommands(int n) {
            this.maxBatchCommands = n;
            return this;
        }

        public Builder maxBatchBytes(int n) {
            this.maxBatchBytes = n;
            return this;
        }

        public Builder maxOutstandingBatches(int n) {
            this.maxOutstandingBatches = n;
            return this;
        }

        public Builder maxQueuedCommands(int n) {
            this.maxQueuedCommands = n;
            return this;
        }

        public Builder requestTimeoutMillis(long ms) {
            this.requestTimeoutMillis = ms;
            return this;
        }

        /** Raft entries between automatic snapshots; 0 = only on demand. */
        public Builder snapshotThresholdEntries(long n) {
            this.snapshotThresholdEntries = n;
            return this;
        }

        public Builder snapshotsRetained(int n) {
            this.snapshotsRetained = n;
            return this;
        }

        /** Size of a Raft log segment; purging after a snapshot drops whole closed segments. */
        public Builder raftSegmentSizeBytes(long bytes) {
            this.raftSegmentSizeBytes = bytes;
            return this;
        }

        public Builder staleWaitMillis(long ms) {
            this.staleWaitMillis = ms;
            return this;
        }

        /** Validates the options (ports of 0 are resolved to free ones); {@link MetaServer#start()} starts it. */
        public MetaServer build() {
            int api = apiPort == 0 ? freePort(apiHost) : apiPort;
            int raft = raftPort == 0 ? freePort(raftHost) : raftPort;
            List<Peer> ps = peers;
            if (!ps.isEmpty()) {
                Peer self = ps.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow(() ->
                        InvalidArgumentException.of("peers", peers.toString(), "a list that includes nodeId "
                                + nodeId));
                if (!self.raftAddress().endsWith(":" + raft) || !self.apiAddress().endsWith(":" + api)) {
                    throw InvalidArgumentException.of("peers", self.toString(), "this node's entry to name its "
                            + "own ports (raft " + raft + ", api " + api + ")");
                }
            } else {
                ps = List.of(new Peer(nodeId, raftHost + ":" + raft, apiHost + ":" + api));
            }
            return new MetaServer(new ServerOptions(nodeId, dataDir, apiHost, api, raftHost, raft, ps, groupId,
                    core.toBuilder().commitIntervalMillis(lmdbCommitIntervalMillis).build(),
                    maxBatchCommands, maxBatchBytes, maxOutstandingBatches, maxQueuedCommands,
                    requestTimeoutMillis, snapshotThresholdEntries, snapshotsRetained, staleWaitMillis,
                    raftSegmentSizeBytes));
        }

        private static int freePort(String host) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
                return s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
