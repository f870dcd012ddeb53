package io.objmeta.bench;

import picocli.CommandLine.Option;

/** Where the cluster targets ({@code objmeta}, {@code etcd}) are, and how objmeta is called. */
final class ClusterOptions {

    @Option(names = "--endpoints", order = 60, paramLabel = "HOST:PORT,...", defaultValue = "127.0.0.1:7750",
            description = "API (client) endpoints of the cluster for --target objmeta or etcd; client threads are"
                + " spread over them round-robin (default: ${DEFAULT-VALUE}).")
    String endpoints = "127.0.0.1:7750";

    @Option(names = "--objmeta-client", order = 61, paramLabel = "LIB", defaultValue = "GRPC_JAVA",
            description = "gRPC client library for --target objmeta: grpc_java (grpc-java over Netty, the cheaper"
                + " one on the load generator's CPU) or armeria (the transport meta-client uses)"
                + " (default: grpc_java).")
    ObjmetaTarget.Client objmetaClient = ObjmetaTarget.Client.GRPC_JAVA;

    @Option(names = "--objmeta-routing", order = 62, paramLabel = "R", defaultValue = "LEADER",
            description = "Where --target objmeta sends writes and linearizable reads: leader (the leader the"
                + " cluster reports at start, as meta-client does; STALE reads still spread over every endpoint) or"
                + " spread (every call to the thread's own endpoint, round-robin; a follower forwards writes and"
                + " runs its own ReadIndex round) (default: leader).")
    ObjmetaTarget.Routing objmetaRouting = ObjmetaTarget.Routing.LEADER;
}
