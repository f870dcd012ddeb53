package io.objmeta.server;

import io.objmeta.api.MetadataException;
import io.objmeta.core.CoreOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/metad}: runs one meta-server node until SIGTERM/SIGINT. With no arguments: a one-node cluster in
 * {@code ./data}, API on 127.0.0.1:7750, Raft on 127.0.0.1:7751. Flags override the config file, which overrides
 * the defaults.
 */
@Command(name = "metad", mixinStandardHelpOptions = true, version = "objmeta metad 0.1.0",
        description = "Runs one objmeta meta-server node (Raft member + API server) until stopped.",
        footer = {"", "Examples:",
                "  bin/metad                                  # one-node cluster in ./data",
                "  bin/metad --node-id n2 --data-dir /var/lib/objmeta/n2 --api-port 7760 --raft-port 7761 \\",
                "      --peers n1/10.0.0.1:7751/10.0.0.1:7750,n2/10.0.0.2:7761/10.0.0.2:7760,n3/10.0.0.3:7751/10.0.0.3:7750",
                "  bin/metad --config metad.properties",
                "", "Exit codes: 0 stopped cleanly, 2 bad usage or configuration, 1 failed to start."})
public final class Metad implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file with the keys below "
            + "(node-id=, data-dir=, api-host=, api-port=, raft-host=, raft-port=, peers=, group-id=, "
            + "snapshot-threshold-entries=, max-batch-commands=, max-outstanding-batches=, request-timeout-millis=, "
            + "lmdb-map-size-bytes=, lmdb-commit-interval-millis=)")
    Path config;

    @Option(names = "--node-id", description = "Raft peer id of this node (default: n1)")
    String nodeId;

    @Option(names = "--data-dir", description = "data directory (default: ./data)")
    Path dataDir;

    @Option(names = "--api-host", description = "API bind address (default: 127.0.0.1)")
    String apiHost;

    @Option(names = "--api-port", description = "API port: gRPC + HTTP/JSON + /docs /health /metrics (default: 7750)")
    Integer apiPort;

    @Option(names = "--raft-host", description = "Raft bind address (default: 127.0.0.1)")
    String raftHost;

    @Option(names = "--raft-port", description = "Raft port (default: 7751)")
    Integer raftPort;

    @Option(names = "--peers", paramLabel = "ID/RAFT/API,...", description = "every member of the initial "
            + "cluster, this node included: id/raftHost:raftPort/apiHost:apiPort,... (default: this node alone)")
    String peers;

    @Option(names = "--group-id", description = "Raft group UUID shared by all members (default: "
            + ServerOptions.DEFAULT_GROUP_ID + ")")
    String groupId;

    @Option(names = "--snapshot-threshold-entries", description = "Raft entries between snapshots (default: "
            + "20000; 0 = only on demand)")
    Long snapshotThreshold;

    @Option(names = "--max-batch-commands", description = "writes per Raft entry at most (default: 512)")
    Integer maxBatchCommands;

    @Option(names = "--max-outstanding-batches", description = "Raft entries this node has in flight before "
            + "further writes queue up for the next entry (default: 1)")
    Integer maxOutstandingBatches;

    @Option(names = "--request-timeout-millis", description = "write / linearizable read timeout (default: 10000)")
    Long requestTimeoutMillis;

    @Option(names = "--lmdb-map-size-bytes", description = "initial LMDB map size; grows on demand "
            + "(default: 268435456)")
    Long mapSize;

    @Option(names = "--lmdb-commit-interval-millis", description = "how often LMDB commits the applied entries in "
            + "the background; the Raft log holds them meanwhile (0 = before each entry is answered; default: 100)")
    Long lmdbCommitIntervalMillis;

    @Override
    public Integer call() throws Exception {
        Properties p = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            }
        }
        MetaServer.Builder b = MetaServer.builder();
        String v;
        if ((v = pick(nodeId, p, "node-id")) != null) b.nodeId(v);
        if ((v = pick(dataDir == null ? null : dataDir.toString(), p, "data-dir")) != null) b.dataDir(Path.of(v));
        if ((v = pick(apiHost, p, "api-host")) != null) b.apiHost(v);
        if ((v = pick(str(apiPort), p, "api-port")) != null) b.apiPort(num("api-port", v));
        if ((v = pick(raftHost, p, "raft-host")) != null) b.raftHost(v);
        if ((v = pick(str(raftPort), p, "raft-port")) != null) b.raftPort(num("raft-port", v));
        if ((v = pick(peers, p, "peers")) != null) b.peers(Peer.parseList(v));
        if ((v = pick(groupId, p, "group-id")) != null) b.groupId(v);
        if ((v = pick(str(snapshotThreshold), p, "snapshot-threshold-entries")) != null) {
            b.snapshotThresholdEntries(numLong("snapshot-threshold-entries", v));
        }
        if ((v = pick(str(maxBatchCommands), p, "max-batch-commands")) != null) {
            b.maxBatchCommands(num("max-batch-commands", v));
        }
        if ((v = pick(str(maxOutstandingBatches), p, "max-outstanding-batches")) != null) {
            b.maxOutstandingBatches(num("max-outstanding-batches", v));
        }
        if ((v = pick(str(requestTimeoutMillis), p, "request-timeout-millis")) != null) {
            b.requestTimeoutMillis(numLong("request-timeout-millis", v));
        }
        if ((v = pick(str(mapSize), p, "lmdb-map-size-bytes")) != null) {
            b.coreOptions(CoreOptions.defaults().toBuilder().initialMapSizeBytes(numLong("lmdb-map-size-bytes", v))
                    .build());
        }
        if ((v = pick(str(lmdbCommitIntervalMillis), p, "lmdb-commit-interval-millis")) != null) {
            b.lmdbCommitIntervalMillis(numLong("lmdb-commit-interval-millis", v));
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "config key " + k + " in " + config
                        + " (expected: one of " + KEYS + ")");
            }
        }
        MetaServer server;
        try {
            server = b.build();
        } catch (MetadataException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        server.start();
        ServerOptions o = server.options();
        String base = "http://" + o.apiHost() + ":" + server.apiPort();
        System.out.println("objmeta node " + o.nodeId() + " is up (data: " + o.dataDir().toAbsolutePath() + ")");
        System.out.println("  API (gRPC + HTTP/JSON): " + base + "   e.g. curl " + base + "/v1/buckets");
        System.out.println("  docs:    " + base + "/docs");
        System.out.println("  health:  " + base + "/health");
        System.out.println("  metrics: " + base + "/metrics");
        System.out.println("  Raft:    " + o.raftHost() + ":" + server.raftPort() + "   peers: " + o.peers());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("metad: stopping " + o.nodeId());
            server.close();
            stopped.countDown();
        }, "metad-shutdown"));
        stopped.await();
        return 0;
    }

    private static final java.util.Set<String> KEYS = java.util.Set.of("node-id", "data-dir", "api-host", "api-port",
            "raft-host", "raft-port", "peers", "group-id", "snapshot-threshold-entries", "max-batch-commands",
            "max-outstanding-batches", "request-timeout-millis", "lmdb-map-size-bytes",
            "lmdb-commit-interval-millis");

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static String pick(String flag, Properties p, String key) {
        return flag != null ? flag : p.getProperty(key);
    }

    private int num(String key, String v) {
        long n = numLong(key, v);
        if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
            throw new CommandLine.ParameterException(new CommandLine(this), key + ": " + v + " (expected: an int)");
        }
        return (int) n;
    }

    private long numLong(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), key + ": " + v + " (expected: a number)");
        }
    }

    public static void main(String[] args) {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        int rc;
        try {
            rc = new CommandLine(new Metad()).setExecutionExceptionHandler((e, cmd, parsed) -> {
                System.err.println("metad: failed to start: " + e);
                return 1;
            }).execute(args);
        } catch (RuntimeException e) {
            System.err.println("metad: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }
}
