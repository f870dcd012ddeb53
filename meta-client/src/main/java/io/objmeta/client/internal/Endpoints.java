package io.objmeta.client.internal;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.ClusterStatusResponse;
import io.objmeta.api.proto.Member;
import io.objmeta.api.proto.MetadataGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes a client talks to, one HTTP/2 connection each. Calls go to the current node; a node that fails a call
 * passes the turn to the next one, so the client leaves a dead node after one failure and comes back to it only
 * after trying the others. With {@code preferLeader} the turn also goes to the Raft leader whenever the current node
 * reports one among these endpoints ({@link #findLeader}): the leader serves a write without a follower's forwarding
 * hop and a linearizable read without a follower's ReadIndex round trip and wait for its own apply.
 */
public final class Endpoints {
    private final List<String> addresses;
    private final List<MetadataGrpc.MetadataFutureStub> futureStubs = new ArrayList<>();
    private final List<MetadataGrpc.MetadataStub> asyncStubs = new ArrayList<>();
    private final AtomicInteger current;
    private final boolean preferLeader;
    private final AtomicBoolean finding = new AtomicBoolean();
    private volatile int lastFailed = -1;     // the node that last failed a call, and when: a leader that just failed
    private volatile long lastFailedNanos;    // is not gone back to before the cluster had time to elect another
    private static final long FAILED_NODE_SKIP_NANOS = TimeUnit.SECONDS.toNanos(5);

    public Endpoints(List<String> addresses, ClientFactory factory, long maxResponseBytes,
                     java.util.function.Function<? super com.linecorp.armeria.client.HttpClient,
                             ? extends com.linecorp.armeria.client.HttpClient> decorator, boolean preferLeader) {
        this.preferLeader = preferLeader;
        if (addresses.isEmpty()) {
            throw InvalidArgumentException.of("endpoints", "", "host:port[,host:port...]");
        }
        this.addresses = List.copyOf(addresses);
        for (String a : addresses) {
            String uri = "http://" + a;
            futureStubs.add(GrpcClients.builder(uri).factory(factory).maxResponseLength(maxResponseBytes)
                    .responseTimeoutMillis(0).decorator(decorator).build(MetadataGrpc.MetadataFutureStub.class));
            asyncStubs.add(GrpcClients.builder(uri).factory(factory).maxResponseLength(maxResponseBytes)
                    .responseTimeoutMillis(0).decorator(decorator).build(MetadataGrpc.MetadataStub.class));
        }
        // spread clients over the nodes from the start
        this.current = new AtomicInteger(Math.floorMod(System.identityHashCode(this), addresses.size()));
    }

    /** Parses {@code host:port,host:port}. */
    public static List<String> parse(String spec) {
        List<String> out = new ArrayList<>();
        for (String s : spec.split(",")) {
            String a = s.trim();
            if (a.isEmpty()) {
                continue;
            }
            int colon = a.lastIndexOf(':');
            boolean ok = colon > 0;
            if (ok) {
                try {
                    int port = Integer.parseInt(a.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw InvalidArgumentException.of("endpoints", a, "host:port with port 1..65535");
            }
            out.add(a);
        }
        if (out.isEmpty()) {
            throw InvalidArgumentException.of("endpoints", spec, "host:port[,host:port...]");
        }
        return out;
    }

    public int current() {
        return current.get();
    }

    /** Node {@code i} failed a call: move on unless another caller already did, and ask the next for the leader. */
    public void failed(int i) {
        lastFailed = i;
        lastFailedNanos = System.nanoTime();
        if (current.compareAndSet(i, (i + 1) % addresses.size())) {
            findLeader();
        }
    }

    /**
     * With {@code preferLeader}: asks the current node, in the background, whether it leads (its own row only), and
     * if not, which member does (the full cluster status); moves the turn to the leader when its API address is one
     * of these endpoints. One question at a time; a failed one changes nothing (calls go on where they went).
     */
    public void findLeader() {
        if (!preferLeader || !finding.compareAndSet(false, true)) {
            return;
        }
        int at = current.get();
        MetadataGrpc.MetadataFutureStub stub = futureStubs.get(at).withDeadlineAfter(5, TimeUnit.SECONDS);
        var self = stub.clusterStatus(ClusterStatusRequest.newBuilder().setLocalOnly(true).build());
        self.addListener(() -> {
            ClusterStatusResponse own = answer(self);
            if (own == null || (!own.getLeaderId().isEmpty() && own.getLeaderId().equals(own.getSelfId()))) {
                finding.set(false); // no answer, or the current node leads
                return;
            }
            var all = stub.clusterStatus(ClusterStatusRequest.getDefaultInstance());
            all.addListener(() -> {
                ClusterStatusResponse status = answer(all);
                if (status != null) {
                    moveToLeader(status);
                }
                finding.set(false);
            }, Runnable::run);
        }, Runnable::run);
    }

    /** A completed call's answer; null when it failed (calls go on where they went, the next check asks again). */
    private static ClusterStatusResponse answer(Future<ClusterStatusResponse> done) {
        try {
            return done.get();
        } catch (Exception e) {
            return null;
        }
    }

    /** Moves the turn to the leader {@code status} names, if it is one of these endpoints and did not just fail. */
    private void moveToLeader(ClusterStatusResponse status) {
        for (Member m : status.getMembersList()) {
            if (m.getId().equals(status.getLeaderId())) {
                int i = addresses.indexOf(m.getApiAddress());
                boolean justFailed = i == lastFailed && System.nanoTime() - lastFailedNanos < FAILED_NODE_SKIP_NANOS;
                if (i >= 0 && !justFailed) {
                    current.set(i);
                }
                return;
            }
        }
    }

    /** The address calls go to now. */
    public String currentAddress() {
        return addresses.get(current.get());
    }

    public MetadataGrpc.MetadataFutureStub futureStub(int i) {
        return futureStubs.get(i);
    }

    public MetadataGrpc.MetadataStub asyncStub(int i) {
        return asyncStubs.get(i);
    }

    public List<String> addresses() {
        return addresses;
    }
}
