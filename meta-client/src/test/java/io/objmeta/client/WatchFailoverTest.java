package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.WatchRequest;
import io.objmeta.server.testing.ServerFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A watch through {@link MetaClient} outlives the node it streams from: the client knows two of three nodes, each of
 * them is stopped in turn while writes continue through the third, and the watch still delivers every change once,
 * in revision order, with no gap.
 */
class WatchFailoverTest {
    @Test
    void aWatchResumesOnAnotherNodeWithoutGapsOrRepeats() throws Exception {
        try (ServerFixture f = ServerFixture.start(3)) {
            String a = f.peers().get(0).apiAddress();
            String b = f.peers().get(1).apiAddress();
            List<Change> seen = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            try (MetaClient writer = MetaClient.builder().endpoints(f.peers().get(2).apiAddress()).build();
                 MetaClient watcher = MetaClient.builder().endpoints(a + "," + b).build()) {
                writer.blocking().createBucket(CreateBucketRequest.newBuilder().setBucket("followed").build());
                var w = watcher.watch(WatchRequest.newBuilder().setFromRevision(1).setBucket("followed").build(),
                        new WatchListener() {
                            @Override
                            public void onChanges(List<Change> changes) {
                                seen.addAll(changes);
                            }

                            @Override
                            public void onError(Throwable error) {
                                errors.add(error);
                            }
                        });
                List<Long> written = new ArrayList<>();
                written.add(1L); // the bucket's creation
                int key = 0;
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < 5; i++) {
                        written.add(put(writer, "k" + key++));
                    }
                    awaitSeen(seen, errors, written.size());
                    f.stopNode(round); // a or b: whichever the watch streams from goes down in one of the rounds
                    for (int i = 0; i < 5; i++) {
                        written.add(put(writer, "k" + key++));
                    }
                    awaitSeen(seen, errors, written.size());
                    f.startNode(round);
                    f.awaitAllReady();
                }
                w.cancel();
                assertThat(errors).isEmpty();
                assertThat(seen).extracting(Change::getRevision).containsExactlyElementsOf(written);
            }
        }
    }

    private static long put(MetaClient c, String key) {
        return c.blocking().putObject(PutObjectRequest.newBuilder().setBucket("followed").setKey(key).setEtag("\"e\"")
                .build()).getRevision();
    }

    private static void awaitSeen(List<Change> seen, List<Throwable> errors, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < n && errors.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the watch delivers on a client thread
        }
        assertThat(errors).isEmpty();
        assertThat(seen.size()).as("changes delivered").isGreaterThanOrEqualTo(n);
    }
}
