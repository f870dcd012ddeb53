package io.objmeta.bench;

import io.objmeta.api.proto.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/** Batches of creates of new keys: object {@code n} for n = 0, 1, 2... under {@code keyOf(n)}. Not thread-safe. */
final class PutBatches {

    private final ObjectRecords records;
    private final LongFunction<String> keyOf;
    private final long count;
    private final int batchSize;
    private long next;

    /**
     * @param count objects in all, {@link Long#MAX_VALUE} for no end
     */
    PutBatches(ObjectRecords records, LongFunction<String> keyOf, long count, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: " + batchSize + " (expected: >= 1)");
        }
        this.records = records;
        this.keyOf = keyOf;
        this.count = count;
        this.batchSize = batchSize;
    }

    /** The next batch (the last may be shorter), or null once every object was handed out. */
    @Nullable List<Command> next() {
        int n = (int) Math.min(batchSize, count - next);
        if (n <= 0) {
            return null;
        }
        long now = System.currentTimeMillis(); // the leader's stamp; apply reads no clock
        List<Command> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++, next++) {
            batch.add(records.put(keyOf.apply(next), next, now));
        }
        return batch;
    }
}
