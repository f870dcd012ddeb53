package io.objmeta.server.internal;

import com.google.common.util.concurrent.ListenableFuture;
import com.linecorp.armeria.client.grpc.GrpcClients;
import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.ClusterStatusResponse;
import io.objmeta.api.proto.Member;
import io.objmeta.api.proto.MemberRole;
import io.objmeta.api.proto.MetadataGrpc;
import io.objmeta.server.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/cluster}: this member's own row from its Raft division, every other member's row asked from that
 * member's API port ({@code localOnly}), so each row is what that member itself reports. A member that does not
 * answer within a second is listed with role {@code MEMBER_ROLE_UNSPECIFIED}.
 */
public final class ClusterView {
    private static final long PEER_TIMEOUT_MILLIS = 1_000;

    private final RaftNode node;
    private final String selfApiAddress;
    private final Map<String, MetadataGrpc.MetadataFutureStub> stubs = new ConcurrentHashMap<>();

    public ClusterView(RaftNode node, String selfApiAddress) {
        this.node = node;
        this.selfApiAddress = selfApiAddress;
    }

    CompletableFuture<ClusterStatusResponse> status(boolean localOnly) {
        ClusterStatusResponse.Builder b = ClusterStatusResponse.newBuilder().setGroupId(node.groupId())
                .setLeaderId(node.leaderId()).setSelfId(node.selfId())
                .setRevision(node.stateMachine().revision());
        if (localOnly) {
            return CompletableFuture.completedFuture(b.addMembers(node.selfMember(selfApiAddress)).build());
        }
        List<CompletableFuture<Member>> rows = new ArrayList<>();
        for (Peer p : node.members()) {
            rows.add(row(p));
        }
        return CompletableFuture.allOf(rows.toArray(CompletableFuture[]::new)).thenApply(v -> {
            rows.forEach(r -> b.addMembers(r.join()));
            return b.build();
        });
    }

    private CompletableFuture<Member> row(Peer p) {
        if (p.id().equals(node.selfId())) {
            return CompletableFuture.completedFuture(node.selfMember(selfApiAddress));
        }
        Member unknown = Member.newBuilder().setId(p.id()).setAddress(p.raftAddress()).setApiAddress(p.apiAddress())
                .setRole(MemberRole.MEMBER_ROLE_UNSPECIFIED).build();
        CompletableFuture<Member> out = new CompletableFuture<>();
        try {
            ListenableFuture<ClusterStatusResponse> f = stub(p.apiAddress())
                    .withDeadlineAfter(PEER_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .clusterStatus(ClusterStatusRequest.newBuilder().setLocalOnly(true).build());
            f.addListener(() -> {
                try {
                    ClusterStatusResponse r = f.get();
                    out.complete(r.getMembersCount() == 1 ? r.getMembers(0).toBuilder()
                            .setAddress(p.raftAddress()).setApiAddress(p.apiAddress()).build() : unknown);
                } catch (Exception e) {
                    out.complete(unknown);
                }
            }, Runnable::run);
        } catch (RuntimeException e) {
            out.complete(unknown);
        }
        return out;
    }

    private MetadataGrpc.MetadataFutureStub stub(String apiAddress) {
        return stubs.computeIfAbsent(apiAddress, a -> GrpcClients.newClient("http://" + a,
                MetadataGrpc.MetadataFutureStub.class));
    }

    /** Rows for the members listed, as the admin RPCs return them (roles as this node knows them). */
    List<Member> rows(List<Peer> peers) {
        String leader = node.leaderId();
        List<Member> out = new ArrayList<>();
        for (Peer p : peers) {
            MemberRole role = p.id().equals(leader) ? MemberRole.LEADER
                    : node.isListener(p.id()) ? MemberRole.LISTENER : MemberRole.FOLLOWER;
            out.add(Member.newBuilder().setId(p.id()).setAddress(p.raftAddress()).setApiAddress(p.apiAddress())
                    .setRole(role).build());
        }
        return out;
    }
}
