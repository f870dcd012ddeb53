package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.testing.CoreClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reads racing background LMDB commits and overlay pruning: every write applied before a read began must be
 * visible to it, whichever of LMDB and the overlay holds it at that moment. Without reader epochs a read whose LMDB
 * snapshot predates a commit loses the versions pruned after it.
 */
class OverlayReadersTest {
    private static final int KEYS = 4_000;

    @Test
    void readsSeeEveryFinishedApplyWhileCommitsAndPrunesRun() throws Exception {
        CoreOptions options = CoreOptions.builder().commitIntervalMillis(1).build();
        try (CoreClient c = CoreClient.create(options)) {
            c.createBucket("bkt", Versioning.UNVERSIONED);
            AtomicInteger applied = new AtomicInteger(-1); // keys 0..applied are written (value = key index)
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread r = new Thread(() -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (applied.get() < KEYS - 1 && problems.isEmpty()) {
                        int upTo = applied.get();
                        if (upTo < 0) {
                            continue;
                        }
                        int i = rnd.nextInt(upTo + 1);
                        try {
                            ObjectVersion v = c.get("bkt", key(i));
                            if (v.getSize() != i) {
                                problems.add(key(i) + ": size " + v.getSize());
                            }
                        } catch (RuntimeException e) {
                            problems.add(key(i) + " (applied up to " + upTo + "): " + e);
                        }
                        int from = Math.max(0, upTo - 50);
                        int n = c.list(ListObjectsRequest.newBuilder().setBucket("bkt").setStartAfter(
                                key(from - 1)).setMaxKeys(upTo - from + 1)).getContentsCount();
                        if (n != upTo - from + 1) {
                            problems.add("list after " + key(from - 1) + ": " + n + " keys (expected: "
                                    + (upTo - from + 1) + ")");
                        }
                    }
                }, "reader-" + t);
                r.start();
                readers.add(r);
            }
            for (int i = 0; i < KEYS && problems.isEmpty(); i++) {
                c.put("bkt", key(i), "e" + i, i);
                applied.set(i);
            }
            applied.set(KEYS - 1);
            for (Thread r : readers) {
                r.join();
            }
            assertThat(problems).isEmpty();
            assertThat(c.core().committedIndex()).isLessThanOrEqualTo(c.core().appliedIndex());
            c.core().commit();
            assertThat(c.core().counts().objects()).isEqualTo(KEYS);
            assertThat(c.core().verify()).isEmpty();
        }
    }

    /**
     * The applied index and revision rows get a version per apply: one commit after tens of thousands of applies
     * prunes chains that long (a recursive prune overflowed the stack and stopped the committer).
     */
    @Test
    void oneCommitAfterManyAppliesCommitsAndPrunesThemAll() {
        CoreOptions options = CoreOptions.builder().commitIntervalMillis(3_600_000).build();
        try (CoreClient c = CoreClient.create(options)) {
            c.createBucket("bkt", Versioning.UNVERSIONED);
            for (int i = 0; i < 40_000; i++) {
                c.put("bkt", key(i % 100), "e" + i, i);
            }
            assertThat(c.core().committedIndex()).isLessThan(c.core().appliedIndex());
            c.core().commit();
            assertThat(c.core().committedIndex()).isEqualTo(c.core().appliedIndex());
            assertThat(c.core().uncommittedBytes()).isZero();
            assertThat(c.get("bkt", key(99)).getSize()).isEqualTo(39_999);
            assertThat(c.core().counts().objects()).isEqualTo(100);
        }
    }

    private static String key(int i) {
        return String.format("k%06d", i);
    }
}
