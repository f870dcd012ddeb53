package io.objmeta.server;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;

/**
 * One member of the cluster: its Raft peer id, the address its Raft (gRPC) port listens on, and the address of its
 * API port (gRPC + HTTP/JSON). Written {@code id/raftHost:raftPort/apiHost:apiPort} on the command line.
 *
 * @param id         Raft peer id: letters, digits, {@code -} and {@code _}, 1..64 characters
 * @param raftAddress host:port of the Raft port
 * @param apiAddress host:port of the API port
 */
public record Peer(String id, String raftAddress, String apiAddress) {
    public Peer {
        requireNonNull(id, "id");
        requireNonNull(raftAddress, "raftAddress");
        requireNonNull(apiAddress, "apiAddress");
        checkId(id);
        checkAddress("raftAddress", raftAddress);
        checkAddress("apiAddress", apiAddress);
    }

    static void checkId(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw InvalidArgumentException.of("id", id, "1..64 of A-Z a-z 0-9 _ -");
        }
    }

    static void checkAddress(String field, String address) {
        int colon = address.lastIndexOf(':');
        boolean ok = colon > 0 && colon < address.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                ok = port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw InvalidArgumentException.of(field, address, "host:port with port 1..65535");
        }
    }

    /** Parses {@code id/raftHost:raftPort/apiHost:apiPort}. */
    public static Peer parse(String spec) {
        requireNonNull(spec, "spec");
        String[] p = spec.trim().split("/");
        if (p.length != 3) {
            throw InvalidArgumentException.of("peers", spec, "id/raftHost:raftPort/apiHost:apiPort");
        }
        return new Peer(p[0], p[1], p[2]);
    }

    /** Parses a comma-separated list of {@link #parse} specs. */
    public static List<Peer> parseList(String specs) {
        List<Peer> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(parse(s));
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return id + "/" + raftAddress + "/" + apiAddress;
    }
}
