package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetBucketRequest;
import io.objmeta.api.proto.TransferLeaderRequest;
import io.objmeta.server.Peer;
import io.objmeta.server.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A client given every node, the leader listed last, sends its calls to the leader, and follows the leadership when
 * it moves without any call failing.
 */
class LeaderRoutingTest {
    @Test
    void callsGoToTheLeaderAndFollowItWhenItMoves() throws Exception {
        try (ServerFixture cluster = ServerFixture.start(3)) {
            int leader = cluster.leader();
            List<String> order = new ArrayList<>();
            for (int i = 0; i < cluster.size(); i++) {
                if (i != leader) {
                    order.add(cluster.peers().get(i).apiAddress());
                }
            }
            order.add(cluster.peers().get(leader).apiAddress());
            try (MetaClient client = MetaClient.builder().endpoints(order).build()) {
                String leaderAddress = cluster.peers().get(leader).apiAddress();
                await(() -> client.currentEndpoint().equals(leaderAddress), Duration.ofSeconds(10));
                client.blocking().createBucket(CreateBucketRequest.newBuilder().setBucket("routed").build());

                int target = cluster.follower();
                Peer next = cluster.peers().get(target);
                client.transferLeader(TransferLeaderRequest.newBuilder().setTargetId(next.id()).build()).get();
                await(() -> client.currentEndpoint().equals(next.apiAddress()),
                        Duration.ofSeconds(MetaClient.LEADER_CHECK_SECONDS * 3L));
                assertThat(client.blocking().getBucket(GetBucketRequest.newBuilder().setBucket("routed").build())
                        .getName()).isEqualTo("routed");
            }
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
