package io.objmeta.core.model;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * One generated step of a {@link StoreModelProperties} scenario. Steps hold small numbers, not requests: the
 * harness turns them into requests against the state the scenario has reached (which bucket, which key, which of
 * the known versionIds and uploadIds, what a "current" or "stale" condition is), so a step stays meaningful when
 * shrinking removes the steps before it.
 */
sealed interface Step {
    /** Condition kinds for bucket writes: none, current revision, stale revision. */
    int BUCKET_CONDITIONS = 3;

    record CreateBucket(int bucket, boolean enabled, int maxObjects, int maxBytes, boolean label) implements Step {
    }

    /** versioning: 0 keep, 1 ENABLED, 2 SUSPENDED; quota: -1 keep; labels: 0 keep, 1 add, 2 remove, 3 add other. */
    record UpdateBucket(int bucket, int versioning, int maxObjects, int maxBytes, int labels, int condition)
            implements Step {
    }

    record DeleteBucket(int bucket, int condition) implements Step {
    }

    /** variant picks content type, user metadata, storage class and (rarely) an empty location. */
    record Put(int bucket, int key, int size, int etag, int condition, int variant) implements Step {
    }

    /** version: -1 for none, else a pick among the key's versions and the ids seen so far. */
    record Delete(int bucket, int key, int version, int condition) implements Step {
    }

    record Get(int bucket, int key, int version) implements Step {
    }

    record TxnOpStep(boolean put, int bucket, int key, int size, int etag, int version, int condition) {
    }

    record Txn(List<TxnOpStep> ops) implements Step {
    }

    record CreateUpload(int bucket, int key, int variant) implements Step {
    }

    /** keyMode: 0 no key, 1 the upload's key, 2 another key; otherBucket addresses the upload in another bucket. */
    record UploadPart(int upload, boolean otherBucket, int partNumber, int size, int etag, int keyMode)
            implements Step {
    }

    /**
     * parts: a bit mask over the upload's parts (none selected: all of them); missingPart adds a part number never
     * uploaded; wrongEtag: -1 none, else the index of the part to get wrong.
     */
    record Complete(int upload, int parts, boolean missingPart, int wrongEtag, boolean quoted, int condition,
                    int keyMode) implements Step {
    }

    record Abort(int upload, int keyMode) implements Step {
    }

    record AckGarbage(int upTo) implements Step {
    }

    /** Closes and reopens the core on its directory, as a restart would: nothing may change. */
    record Reopen() implements Step {
    }

    // ---- generators ----

    private static Arbitrary<Integer> ints(int min, int max) {
        return Arbitraries.integers().between(min, max);
    }

    /**
     * Object condition kinds (see {@link StepCommands#objectCondition}), mostly none or one that holds, so
     * multi-op Txns commit often enough.
     */
    private static Arbitrary<Integer> objectCondition() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(0, 1, 2)), Tuple.of(2, Arbitraries.just(3)),
                Tuple.of(3, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)), Tuple.of(2, Arbitraries.just(6)),
                Tuple.of(1, Arbitraries.just(7)), Tuple.of(2, Arbitraries.just(8)), Tuple.of(1, Arbitraries.just(9)));
    }

    /** -1 (no versionId) more often than a pick. */
    private static Arbitrary<Integer> version() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(-1)), Tuple.of(2, ints(0, 9)));
    }

    private static Arbitrary<Integer> bucket() {
        return ints(0, ModelHarness.BUCKETS.size() - 1);
    }

    private static Arbitrary<Integer> key() {
        return ints(0, ModelHarness.KEYS.size() - 1);
    }

    /** -1 (no limit) most of the time, else a small limit, 0 included (unlimited). */
    private static Arbitrary<Integer> limit(int max) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(-1)),
                Tuple.of(1, ints(0, max)));
    }

    static Arbitrary<Step> createBucket() {
        return Combinators.combine(bucket(), Arbitraries.of(true, false), limit(6), limit(60),
                Arbitraries.of(true, false)).as(CreateBucket::new);
    }

    static Arbitrary<Step> updateBucket() {
        return Combinators.combine(bucket(), ints(0, 2), limit(6), limit(60), ints(0, 3),
                ints(0, BUCKET_CONDITIONS - 1)).as(UpdateBucket::new);
    }

    static Arbitrary<Step> deleteBucket() {
        return Combinators.combine(bucket(), ints(0, BUCKET_CONDITIONS - 1)).as(DeleteBucket::new);
    }

    static Arbitrary<Step> put() {
        return Combinators.combine(bucket(), key(), ints(0, 12), ints(0, 2), objectCondition(), ints(0, 19))
                .as(Put::new);
    }

    static Arbitrary<Step> delete() {
        return Combinators.combine(bucket(), key(), version(), objectCondition()).as(Delete::new);
    }

    static Arbitrary<Step> get() {
        return Combinators.combine(bucket(), key(), ints(0, 9)).as(Get::new);
    }

    static Arbitrary<Step> txn() {
        Arbitrary<TxnOpStep> op = Combinators.combine(Arbitraries.of(true, true, false), bucket(), key(),
                ints(0, 12), ints(0, 2), version(), objectCondition()).as(TxnOpStep::new);
        return op.list().ofMinSize(1).ofMaxSize(4).map(Txn::new);
    }

    static Arbitrary<Step> createUpload() {
        return Combinators.combine(bucket(), key(), ints(0, 9)).as(CreateUpload::new);
    }

    static Arbitrary<Step> uploadPart() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(Tuple.of(1, ints(0, 4)), Tuple.of(3, ints(5, 9)));
        return Combinators.combine(ints(0, 20), Arbitraries.of(false, false, false, false, false, false, true),
                ints(1, 4), size, ints(0, 3), Arbitraries.of(0, 0, 1, 1, 1, 2)).as(UploadPart::new);
    }

    static Arbitrary<Step> complete() {
        Arbitrary<Boolean> missingPart = Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(false)),
                Tuple.of(1, Arbitraries.just(true)));
        Arbitrary<Integer> wrongEtag = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(-1)),
                Tuple.of(2, ints(0, 1)));
        return Combinators.combine(ints(0, 20), ints(0, 15), missingPart, wrongEtag, Arbitraries.of(true, false),
                objectCondition(), Arbitraries.of(0, 0, 1, 1, 2)).as(Complete::new);
    }

    static Arbitrary<Step> abort() {
        return Combinators.combine(ints(0, 20), Arbitraries.of(0, 0, 1, 2)).as(Abort::new);
    }

    static Arbitrary<Step> ackGarbage() {
        return ints(0, 1000).map(AckGarbage::new);
    }

    /** A mix weighted toward object writes, the part with the most rules. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Step> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, createBucket()),
                Tuple.of(4, updateBucket()),
                Tuple.of(2, deleteBucket()),
                Tuple.of(22, put()),
                Tuple.of(12, delete()),
                Tuple.of(4, get()),
                Tuple.of(8, txn()),
                Tuple.of(7, createUpload()),
                Tuple.of(11, uploadPart()),
                Tuple.of(5, complete()),
                Tuple.of(2, abort()),
                Tuple.of(2, ackGarbage()),
                Tuple.of(1, Arbitraries.just(new Reopen())));
    }

    /** Two or three bucket creations (of different buckets), then up to {@code maxSteps} steps of any kind. */
    static Arbitrary<List<Step>> scenario(int maxSteps) {
        Arbitrary<List<Step>> setup = createBucket().list().ofMinSize(2).ofMaxSize(3)
                .uniqueElements(s -> ((CreateBucket) s).bucket());
        Arbitrary<List<Step>> body = any().list().ofMaxSize(maxSteps)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(setup, body).as((s, b) -> {
            List<Step> all = new ArrayList<>(s);
            all.addAll(b);
            return all;
        });
    }
}
