package io.objmeta.client.internal;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.proto.MetadataGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes a client talks to, one HTTP/2 connection each. Calls go to the current node; a node that fails a call
 * passes the turn to the next one, so the client leaves a dead node after one failure and comes back to it only
 * after trying the others.
 */
public final class Endpoints {
    private final List<String> addresses;
    private final List<MetadataGrpc.MetadataFutureStub> futureStubs = new ArrayList<>();
    private final List<MetadataGrpc.MetadataStub> asyncStubs = new ArrayList<>();
    private final AtomicInteger current;

    public Endpoints(List<String> addresses, ClientFactory factory, long maxResponseBytes,
                     java.util.function.Function<? super com.linecorp.armeria.client.HttpClient,
                             ? extends com.linecorp.armeria.client.HttpClient> decorator) {
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

    /** Node {@code i} failed a call: move on unless another caller already did. */
    public void failed(int i) {
        current.compareAndSet(i, (i + 1) % addresses.size());
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
