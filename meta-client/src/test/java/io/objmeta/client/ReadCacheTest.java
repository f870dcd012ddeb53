package io.objmeta.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.UnavailableException;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.server.testing.ServerFixture;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The optional read cache: hits, invalidation by the watch and by own writes, stale serving when the node is gone. */
class ReadCacheTest {
    private static GetObjectRequest get(String key) {
        return GetObjectRequest.newBuilder().setBucket("cached").setKey(key).build();
    }

    private static PutObjectRequest put(String key, String etag) {
        return PutObjectRequest.newBuilder().setBucket("cached").setKey(key).setEtag(etag).build();
    }

    @Test
    void servesHitsStaysFreshThroughTheWatchAndServesStaleWhenTheClusterIsAway() throws Exception {
        try (ServerFixture f = ServerFixture.start(1)) {
            String endpoint = f.peers().get(0).apiAddress();
            try (MetaClient other = MetaClient.builder().endpoints(endpoint).build();
                 MetaClient client = MetaClient.builder().endpoints(endpoint).readCache(100, Duration.ofMinutes(5))
                         .callTimeout(Duration.ofSeconds(2)).maxAttempts(2).build()) {
                ReadCache cache = client.readCache().orElseThrow();
                other.blocking().createBucket(CreateBucketRequest.newBuilder().setBucket("cached").build());
                long r1 = other.blocking().putObject(put("k", "\"1\"")).getRevision();
                awaitWatching(cache);

                assertThat(client.getObjectCached(get("k")).join()).extracting(ReadCache.CachedRead::stale,
                        x -> x.version().getEtag()).containsExactly(false, "\"1\"");
                assertThat(client.getObjectCached(get("k")).join().revision()).isEqualTo(r1);
                assertThat(cache.stats().hits()).isEqualTo(1);
                assertThat(cache.stats().misses()).isEqualTo(1);

                // another client's write reaches this cache through the watch
                long r2 = other.blocking().putObject(put("k", "\"2\"")).getRevision();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (client.getObjectCached(get("k")).join().revision() != r2) {
                    assertThat(System.nanoTime()).as("watch invalidation").isLessThan(deadline);
                    Thread.sleep(10);
                }
                // this client's own write is read back at once (invalidated by the write itself)
                long r3 = client.blocking().putObject(put("k", "\"3\"")).getRevision();
                assertThat(client.blocking().getObject(get("k")).getRevision()).isEqualTo(r3);
                client.blocking().getObject(get("k")); // cached now

                // the cluster goes away: the cached version is served, marked stale; an uncached key fails
                f.stopNode(0);
                ReadCache.CachedRead stale = client.getObjectCached(get("k")).join();
                assertThat(stale.stale()).isTrue();
                assertThat(stale.revision()).isEqualTo(r3);
                assertThat(stale.version().getEtag()).isEqualTo("\"3\"");
                assertThat(cache.stats().staleServed()).isEqualTo(1);
                assertThatThrownBy(() -> client.getObjectCached(get("never-read")).join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(UnavailableException.class);
            }
        }
    }

    private static void awaitWatching(ReadCache cache) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cache.stats().watching()) {
            assertThat(System.nanoTime()).as("cache watch connected").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
