package io.objmeta.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandBatch;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalOptions;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wal dump} and {@code wal verify} on a clean log, a torn tail and a corrupted middle record. */
class WalCommandTest {
    private static final int RECORDS = 20;
    private static final String SEGMENT = "00000000000000000001.wal";

    @TempDir
    Path dataDir;
    Path wal;
    long[] offsets = new long[RECORDS + 1]; // offsets[seq]
    int[] sizes = new int[RECORDS + 1];

    @BeforeEach
    void writeLog() throws Exception {
        wal = dataDir.resolve("wal");
        long at = 32;
        try (Wal w = Wal.open(wal, WalOptions.builder().segmentSizeBytes(1 << 16).build())) {
            for (int i = 1; i <= RECORDS; i++) {
                byte[] payload = CommandBatch.newBuilder().addCommands(Command.newBuilder().setTimestampMillis(i)
                        .setPutObject(PutObjectRequest.newBuilder().setBucket("bkt").setKey("key-" + i).setSize(i)))
                        .build().toByteArray();
                w.append(1, payload).join();
                offsets[i] = at;
                sizes[i] = payload.length;
                at += Wal.framedSize(payload.length);
            }
        }
    }

    private Cli.Result run(Object... args) {
        return InputHashes.runReadOnly(new Path[] {dataDir}, args);
    }

    private void corrupt(long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(wal.resolve(SEGMENT).toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    @Test
    void aCleanLogDumpsEveryRecordWithSegmentAndOffset() {
        Cli.Result verify = run("wal", "verify", dataDir);
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("1 segment(s), 20 record(s), sequences 1..20, 0 problem(s)");
        List<String> dump = run("wal", "dump", wal).out().lines().toList();
        assertThat(dump).contains("#5 type 1 " + SEGMENT + "@" + offsets[5] + " " + sizes[5] + " B, 1 command(s), at "
                + java.time.Instant.ofEpochMilli(5),
                "    PUT_OBJECT bkt key-5");
        List<String> from = run("wal", "dump", wal, "--from", 19, "-o", "json").out().lines().toList();
        assertThat(from).hasSize(3);
        JsonObject r19 = JsonParser.parseString(from.get(0)).getAsJsonObject();
        assertThat(r19.get("offset").getAsString()).isEqualTo(Long.toString(offsets[19]));
        assertThat(r19.getAsJsonObject("batch").getAsJsonArray("commands").get(0).getAsJsonObject()
                .getAsJsonObject("putObject").get("key").getAsString()).isEqualTo("key-19");
    }

    @Test
    void aTornTailIsReportedButRecoverable() throws Exception {
        corrupt(offsets[RECORDS] + 20 + sizes[RECORDS] - 1); // the last record's last payload byte
        Cli.Result verify = run("wal", "verify", dataDir);
        assertThat(verify.exit()).as("%s", verify).isZero();
        assertThat(verify.out()).contains("TORN TAIL " + SEGMENT + "@" + offsets[RECORDS] + ": ",
                "19 record(s), sequences 1..19, 1 problem(s)");
        Cli.Result dump = run("wal", "dump", dataDir);
        assertThat(dump.out()).contains("#19 type 1").doesNotContain("#20 type").contains("TORN TAIL");
    }

    @Test
    void aCorruptedMiddleRecordFailsVerifyAndDumpGoesOnPastIt() throws Exception {
        corrupt(offsets[10] + 22);
        Cli.Result verify = run("wal", "verify", dataDir);
        assertThat(verify.exit()).as("%s", verify).isEqualTo(1);
        assertThat(verify.out()).contains("CORRUPTION " + SEGMENT + "@" + offsets[10] + ": checksum mismatch",
                "the store will not open");
        Cli.Result dump = run("wal", "dump", dataDir);
        assertThat(dump.exit()).isZero();
        assertThat(dump.out()).contains("#9 type 1 " + SEGMENT + "@" + offsets[9], "#11 type 1 " + SEGMENT + "@?",
                "#20 type 1", "CORRUPTION " + SEGMENT + "@" + offsets[10]).doesNotContain("#10 type");
        List<String> json = run("wal", "verify", dataDir, "-o", "json").out().lines().toList();
        JsonObject summary = JsonParser.parseString(json.get(json.size() - 1)).getAsJsonObject()
                .getAsJsonObject("summary");
        assertThat(summary.get("recoverable").getAsBoolean()).isFalse();
        assertThat(summary.getAsJsonArray("problems").get(0).getAsJsonObject().get("offset").getAsLong())
                .isEqualTo(offsets[10]);
    }

    @Test
    void aBatchThatDoesNotDecodeIsAProblem() throws Exception {
        try (Wal w = Wal.open(wal)) {
            w.append(1, new byte[] {(byte) 0xff, 0x7f}).join();
            w.append(9, new byte[] {1, 2, 3}).join();
        }
        Cli.Result verify = run("wal", "verify", dataDir);
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("PROBLEM #21 " + SEGMENT + "@", "does not decode as a CommandBatch");
        assertThat(run("wal", "dump", dataDir).out()).contains("#22 type 9 ");
    }

    @Test
    void aLiveLogIsRefused() throws Exception {
        try (Wal live = Wal.open(wal)) {
            assertThat(live.lastSequence()).isEqualTo(RECORDS);
            Cli.Result r = Cli.run("wal", "dump", wal);
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.err()).contains("in use", "wal.lock");
        }
    }
}
