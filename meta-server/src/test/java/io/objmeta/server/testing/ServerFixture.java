package io.objmeta.server.testing;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.server.MetaServer;
import io.objmeta.server.Peer;
import io.objmeta.wal.testing.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Real meta-server nodes in this JVM, on loopback with free ports and temporary data directories: one node or a
 * cluster. Every node is closed and every directory deleted by {@link #close()}.
 */
public final class ServerFixture implements AutoCloseable {
    private final Path root;
    private final List<Peer> peers;
    private final MetaServer[] nodes;
    private final Consumer<MetaServer.Builder> tune;

    private ServerFixture(int n, Consumer<MetaServer.Builder> tune) {
        this.root = TempDirs.create("objmeta-server");
        this.tune = tune;
        List<Peer> ps = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ps.add(new Peer("n" + i, "127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()));
        }
        this.peers = List.copyOf(ps);
        this.nodes = new MetaServer[n];
    }

    /** Starts {@code n} nodes (1 or more) and waits until every one is ready. */
    public static ServerFixture start(int n) {
        return start(n, b -> { });
    }

    public static ServerFixture start(int n, Consumer<MetaServer.Builder> tune) {
        ServerFixture f = new ServerFixture(n, tune);
        try {
            for (int i = 0; i < n; i++) {
                f.startNode(i);
            }
            f.awaitAllReady();
            return f;
        } catch (RuntimeException | Error e) {
            f.close();
            throw e;
        }
    }

    /** Ports {@link #freePort()} handed out in this JVM: the kernel may offer a just-closed one again. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A loopback port free now and never handed out before in this JVM (two nodes given the same port collide,
     * and Ratis exits the JVM when its port is taken).
     */
    public static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The builder every node is started with (a test may tune it further). */
    public MetaServer.Builder builder(int i) {
        Peer p = peers.get(i);
        MetaServer.Builder b = MetaServer.builder().nodeId(p.id()).dataDir(dataDir(i))
                .apiPort(port(p.apiAddress())).raftPort(port(p.raftAddress()))
                .peers(peers.size() == 1 ? List.of() : peers);
        tune.accept(b);
        return b;
    }

    /** (Re)starts node {@code i} on its data directory. */
    public MetaServer startNode(int i) {
        try {
            nodes[i] = builder(i).build().start();
            return nodes[i];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes node {@code i} (its data stays). */
    public void stopNode(int i) {
        if (nodes[i] != null) {
            nodes[i].close();
            nodes[i] = null;
        }
    }

    public Path dataDir(int i) {
        return root.resolve(peers.get(i).id());
    }

    public Path root() {
        return root;
    }

    public List<Peer> peers() {
        return peers;
    }

    public MetaServer node(int i) {
        return nodes[i];
    }

    public int size() {
        return nodes.length;
    }

    /** Index of the running node that leads, waiting up to 30 s for one. */
    public int leader() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && nodes[i].isLeader() && nodes[i].ready()) {
                    return i;
                }
            }
            pause();
        }
        throw new AssertionError("no leader within 30 s");
    }

    /** Index of some running node that does not lead. */
    public int follower() {
        int l = leader();
        for (int i = 0; i < nodes.length; i++) {
            if (i != l && nodes[i] != null) {
                return i;
            }
        }
        throw new AssertionError("no running follower");
    }

    public void awaitAllReady() {
        for (MetaServer n : nodes) {
            try {
                if (n != null && !n.awaitReady(Duration.ofSeconds(60))) {
                    throw new AssertionError("node " + n.nodeId() + " not ready within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until every running node applied at least {@code revision}. */
    public void awaitRevision(long revision) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (MetaServer n : nodes) {
            while (n != null && n.revision() < revision) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node " + n.nodeId() + " at revision " + n.revision() + " (expected: >= "
                            + revision + ")");
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling node state; Ratis offers no event for "became leader" to a bystander
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String baseUrl(int i) {
        return "http://127.0.0.1:" + nodes[i].apiPort();
    }

    /** A blocking gRPC stub for node {@code i}. */
    public MetadataGrpc.MetadataBlockingStub grpc(int i) {
        return GrpcClients.newClient(baseUrl(i), MetadataGrpc.MetadataBlockingStub.class);
    }

    public HttpJson http(int i) {
        return new HttpJson(baseUrl(i));
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            try {
                stopNode(i);
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        TempDirs.delete(root);
    }
}
