package io.objmeta.core.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.Bucket;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.CoreInternals;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import io.objmeta.core.internal.store.LmdbKv;
import io.objmeta.core.internal.store.Schema;
import io.objmeta.core.testing.CoreFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A delimiter listing costs O(page) cursor steps, not O(bucket): bucket "big" holds 100 prefixes x 10,000 keys
 * (one million), bucket "small" the same 100 prefixes x 10 keys, both the same 100 keys outside any prefix. Every
 * page must take exactly as many LMDB cursor positionings in one as in the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingCostTest {
    private static final int PREFIXES = 100;
    private static final int BIG_KEYS_PER_PREFIX = 10_000;
    private static final int SMALL_KEYS_PER_PREFIX = 10;
    private static final int BATCH = 20_000;

    private CoreFixture fixture;
    private long logIndex;

    @BeforeAll
    void load() {
        fixture = CoreFixture.create(CoreOptions.builder().initialMapSizeBytes(1L << 30)
                .changeRetentionRevisions(1).build());
        long start = System.nanoTime();
        apply(List.of(command(Command.newBuilder().setCreateBucket(CreateBucketRequest.newBuilder()
                        .setBucket("big").setVersioning(Versioning.UNVERSIONED))),
                command(Command.newBuilder().setCreateBucket(CreateBucketRequest.newBuilder().setBucket("small")
                        .setVersioning(Versioning.UNVERSIONED)))));
        List<Command> batch = new ArrayList<>(BATCH);
        for (String bucket : List.of("big", "small")) {
            int perPrefix = bucket.equals("big") ? BIG_KEYS_PER_PREFIX : SMALL_KEYS_PER_PREFIX;
            for (int i = 0; i < 50; i++) { // keys outside any prefix, before and after the prefixes
                batch.add(put(bucket, String.format("k-%02d", i)));
                batch.add(put(bucket, String.format("q-%02d", i)));
            }
            for (int p = 0; p < PREFIXES; p++) {
                for (int k = 0; k < perPrefix; k++) {
                    batch.add(put(bucket, String.format("p%02d/k%05d", p, k)));
                    if (batch.size() == BATCH) {
                        apply(batch);
                        batch.clear();
                    }
                }
            }
        }
        apply(batch);
        System.out.printf("ListingCostTest: %,d keys applied in %,d ms%n",
                fixture.core().getBucket("big").getUsage().getObjectCount()
                        + fixture.core().getBucket("small").getUsage().getObjectCount(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    private static Command command(Command.Builder c) {
        return c.setTimestampMillis(1).build();
    }

    private static Command put(String bucket, String key) {
        return command(Command.newBuilder().setPutObject(PutObjectRequest.newBuilder().setBucket(bucket).setKey(key)
                .setEtag("e").setSize(1)));
    }

    /** Applies through the real apply path, as the log would: one LMDB transaction per batch. */
    private void apply(List<Command> commands) {
        for (CommandResult r : fixture.core().apply(++logIndex, commands)) {
            assertThat(r.hasError()).as("%s", r).isFalse();
        }
    }

    /** One page and the cursor steps it took. */
    private record Page(ListObjectsResponse response, long steps) {
    }

    private Page list(ListObjectsRequest r) {
        MetaCore core = fixture.core();
        Schema schema = CoreInternals.schema(core);
        long[] steps = new long[1];
        ListObjectsResponse response = CoreInternals.lmdb(core).read(txn -> {
            Bucket b = core.getBucket(r.getBucket());
            return ObjectListing.list(schema, new LmdbKv(txn), b, r, core.revision(), steps);
        });
        return new Page(response, steps[0]);
    }

    @Test
    void theBucketsHoldWhatTheTestSays() {
        assertThat(fixture.core().getBucket("big").getUsage().getObjectCount())
                .isEqualTo(PREFIXES * BIG_KEYS_PER_PREFIX + 100);
        assertThat(fixture.core().getBucket("small").getUsage().getObjectCount())
                .isEqualTo(PREFIXES * SMALL_KEYS_PER_PREFIX + 100);
    }

    @Test
    void aDelimiterPageCostsTheSameWhateverLiesUnderItsPrefixes() {
        Page big = list(ListObjectsRequest.newBuilder().setBucket("big").setDelimiter("/").build());
        Page small = list(ListObjectsRequest.newBuilder().setBucket("small").setDelimiter("/").build());
        assertThat(big.response().getCommonPrefixesCount()).isEqualTo(PREFIXES);
        assertThat(big.response().getContentsCount()).isEqualTo(100);
        assertThat(big.response().getIsTruncated()).isFalse();
        assertThat(big.response().getCommonPrefixesList()).isEqualTo(small.response().getCommonPrefixesList());
        assertThat(big.steps()).isEqualTo(small.steps());
        // one seek to start, one step per key, one seek past each prefix, one step off the end
        assertThat(big.steps()).isLessThanOrEqualTo(big.response().getKeyCount() + 2L);
        System.out.printf("ListingCostTest: a page of %d entries took %d cursor steps in each bucket%n",
                big.response().getKeyCount(), big.steps());
    }

    @Test
    void everyPageCostsTheSameWhenPagingThroughPrefixes() {
        String bigToken = "";
        String smallToken = "";
        int pages = 0;
        do {
            Page big = list(ListObjectsRequest.newBuilder().setBucket("big").setDelimiter("/").setMaxKeys(30)
                    .setContinuationToken(bigToken).build());
            Page small = list(ListObjectsRequest.newBuilder().setBucket("small").setDelimiter("/").setMaxKeys(30)
                    .setContinuationToken(smallToken).build());
            assertThat(big.response().getCommonPrefixesList())
                    .isEqualTo(small.response().getCommonPrefixesList());
            assertThat(big.steps()).as("page %d", pages).isEqualTo(small.steps());
            assertThat(big.steps()).isLessThanOrEqualTo(30 + 2L);
            bigToken = big.response().getNextContinuationToken();
            smallToken = small.response().getNextContinuationToken();
            pages++;
        } while (!bigToken.isEmpty() && pages < 100);
        assertThat(smallToken).isEmpty();
        assertThat(pages).isEqualTo(7); // 200 entries, 30 a page
    }

    @Test
    void aPageInsideAPrefixCostsThePageNotThePrefix() {
        Page big = list(ListObjectsRequest.newBuilder().setBucket("big").setPrefix("p42/").setDelimiter("/")
                .setMaxKeys(10).build());
        Page small = list(ListObjectsRequest.newBuilder().setBucket("small").setPrefix("p42/").setDelimiter("/")
                .setMaxKeys(10).build());
        assertThat(big.response().getContentsCount()).isEqualTo(10);
        assertThat(big.response().getIsTruncated()).isTrue();
        assertThat(small.response().getIsTruncated()).isFalse(); // it holds exactly 10
        assertThat(big.steps()).isEqualTo(small.steps());
        // and deep inside the big prefix, the page still costs the page
        Page deep = list(ListObjectsRequest.newBuilder().setBucket("big").setPrefix("p42/").setMaxKeys(10)
                .setStartAfter("p42/k09000").build());
        assertThat(deep.response().getContents(0).getKey()).isEqualTo("p42/k09001");
        assertThat(deep.steps()).isEqualTo(big.steps());
    }

    @Test
    void aFullFlatPageCostsItsSize() {
        Page big = list(ListObjectsRequest.newBuilder().setBucket("big").setPrefix("p07/").build());
        assertThat(big.response().getKeyCount()).isEqualTo(1000);
        assertThat(big.steps()).isLessThanOrEqualTo(1000 + 2L);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            list(ListObjectsRequest.newBuilder().setBucket("big").setDelimiter("/").build());
        }
        System.out.printf("ListingCostTest: a 200-entry delimiter page over 1M keys: %.2f ms%n",
                (System.nanoTime() - start) / 10 / 1e6);
    }
}
