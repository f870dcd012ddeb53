package io.objmeta.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.wal.testing.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM appends concurrently and prints what was acknowledged; SIGKILL at a random moment;
 * reopening must hold every acknowledged record, contiguous, with its exact payload. 20 cycles by default,
 * {@code -Psoak} runs {@code objmeta.soak.cycles}.
 */
class WalCrashTest {
    static final WalOptions OPTIONS = WalOptions.builder().segmentSizeBytes(64 << 10).build();

    @TempDir
    Path dir;

    private static int cycles() {
        return Boolean.getBoolean("objmeta.soak") ? Integer.getInteger("objmeta.soak.cycles", 200) : 20;
    }

    @Test
    void everyAcknowledgedAppendSurvivesSigkill() throws Exception {
        Random random = new Random();
        Map<Long, String> acked = new HashMap<>();
        long totalAcked = 0;
        for (int cycle = 0; cycle < cycles(); cycle++) {
            try (ChildProcess child = ChildProcess.start(WalCrashChild.class, dir.resolve("child.err"),
                    dir.resolve("wal").toString(), "8", "c" + cycle)) {
                assertThat(child.awaitLines(2 + random.nextInt(400), 60_000)).as("child made progress").isTrue();
                child.kill();
                for (String line : child.lines()) {
                    if (line.startsWith("ack ")) {
                        String[] p = line.split(" ", 3);
                        acked.put(Long.parseLong(p[1]), p[2]);
                        totalAcked++;
                    }
                }
            }
            verify(acked);
        }
        assertThat(totalAcked).isGreaterThan(cycles());
    }

    private void verify(Map<Long, String> acked) throws Exception {
        try (Wal wal = Wal.open(dir.resolve("wal"), OPTIONS); WalReader r = wal.reader(wal.firstSequence())) {
            Map<Long, String> onDisk = new HashMap<>();
            long expected = wal.firstSequence();
            while (r.hasNext()) {
                WalRecord rec = r.next();
                assertThat(rec.sequence()).isEqualTo(expected++);
                onDisk.put(rec.sequence(), new String(rec.payload(), StandardCharsets.UTF_8));
            }
            for (Map.Entry<Long, String> e : acked.entrySet()) {
                assertThat(onDisk.get(e.getKey())).as("acknowledged sequence %d", e.getKey()).isEqualTo(e.getValue());
            }
        }
    }
}
