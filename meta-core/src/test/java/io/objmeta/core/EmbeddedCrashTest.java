package io.objmeta.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.wal.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real processes: a child JVM runs concurrent CAS writers of every kind and prints each
 * acknowledged result; SIGKILL at a random moment; reopening must show every acknowledged write with its
 * revision, and the store's invariants must hold (usage counters equal real counts, indexes consistent).
 * 30 cycles by default; {@code -Psoak} runs {@code objmeta.soak.cycles}.
 */
class EmbeddedCrashTest {
    @TempDir
    Path tmp;

    private static int cycles() {
        return Boolean.getBoolean("objmeta.soak") ? Integer.getInteger("objmeta.soak.cycles", 200) : 30;
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkillAndInvariantsHold() throws Exception {
        Path data = tmp.resolve("data");
        Random random = new Random();
        List<String[]> acked = new ArrayList<>();
        long lastCas = 0;
        for (int cycle = 0; cycle < cycles(); cycle++) {
            try (ChildProcess child = ChildProcess.start(EmbeddedCrashChild.class, tmp.resolve("child.err"),
                    data.toString(), "c" + cycle)) {
                boolean progressed = child.awaitLines(1 + random.nextInt(300), 60_000);
                child.kill();
                assertThat(progressed).as("child made progress; see %s", tmp.resolve("child.err")).isTrue();
                for (String line : child.lines()) {
                    acked.add(line.split(" "));
                }
            }
            try (EmbeddedStore store = EmbeddedCrashChild.open(data)) {
                lastCas = verify(store, acked, lastCas);
            }
        }
        assertThat(acked.size()).isGreaterThan(cycles());
    }

    private static long verify(EmbeddedStore store, List<String[]> acked, long lastCas) {
        MetaCore core = store.core();
        assertThat(core.verify()).as("invariants after recovery").isEmpty();
        Map<String, Long> casByKey = new HashMap<>();
        for (String[] a : acked) {
            switch (a[0]) {
                case "put", "mpu" -> {
                    ObjectVersion v = core.getObject(GetObjectRequest.newBuilder().setBucket(EmbeddedCrashChild.VER)
                            .setKey(a[1]).setVersionId(a[3]).build());
                    assertThat(v.getRevision()).as("acknowledged %s of %s", a[0], a[1])
                            .isEqualTo(Long.parseLong(a[2]));
                    if (a[0].equals("mpu")) {
                        assertThat(v.getPartsCount()).isEqualTo(2);
                    }
                }
                case "del" -> assertThatThrownBy(() -> core.getObject(GetObjectRequest.newBuilder()
                        .setBucket(EmbeddedCrashChild.VER).setKey(a[1]).build()))
                        .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                            assertThat(e.isDeleteMarker()).isTrue();
                            assertThat(e.versionId()).isEqualTo(a[3]);
                        });
                case "cas" -> {
                    long rev = Long.parseLong(a[2]);
                    assertThat(rev).as("CAS revisions only grow").isGreaterThan(casByKey.getOrDefault(a[1], 0L));
                    casByKey.put(a[1], rev);
                }
                case "txn" -> {
                    for (String key : new String[] {a[2], a[3]}) {
                        assertThat(core.getObject(GetObjectRequest.newBuilder().setBucket(EmbeddedCrashChild.UNV)
                                .setKey(key).build()).getRevision()).isEqualTo(Long.parseLong(a[1]));
                    }
                }
                default -> throw new AssertionError("unexpected child line " + String.join(" ", a));
            }
            long rev = Long.parseLong(a[0].equals("txn") ? a[1] : a[2]);
            assertThat(rev).isLessThanOrEqualTo(core.revision());
        }
        long cas = casByKey.getOrDefault("cas-key", 0L);
        if (cas > 0) {
            long current = core.getObject(GetObjectRequest.newBuilder().setBucket(EmbeddedCrashChild.UNV)
                    .setKey("cas-key").build()).getRevision();
            assertThat(current).as("the CAS key is at or past its last acknowledged revision").isGreaterThanOrEqualTo(cas);
        }
        return Math.max(lastCas, cas);
    }
}
