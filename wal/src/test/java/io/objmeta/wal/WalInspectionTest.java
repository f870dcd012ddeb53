package io.objmeta.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.objmeta.wal.internal.RecordFormat;
import io.objmeta.wal.internal.SegmentHeader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalInspectionTest {
    private static final WalOptions OPTS = WalOptions.builder().segmentSizeBytes(4096).build();

    @TempDir
    Path dir;

    private Path onlySegment() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".wal")).findFirst().orElseThrow();
        }
    }

    private String hashAll() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                md.update(p.getFileName().toString().getBytes());
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void corrupt(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 1);
        }
    }

    @Test
    void reportsEveryProblemContinuesAndNeverWrites() throws Exception {
        try (Wal wal = Wal.open(dir, OPTS)) {
            for (int i = 0; i < 10; i++) {
                wal.append(1, new byte[40]).join();
            }
        }
        long frame = RecordFormat.frameSize(40);
        Path seg = onlySegment();
        corrupt(seg, SegmentHeader.SIZE + 2 * frame + 25);   // record 3: payload byte
        corrupt(seg, SegmentHeader.SIZE + 6 * frame + 5);    // record 7: length field
        corrupt(seg, SegmentHeader.SIZE + 9 * frame + 30);   // record 10: the last one, a torn tail
        String before = hashAll();
        List<WalRecord> seen = new ArrayList<>();
        WalInspection ins = Wal.inspect(dir, seen::add);
        assertThat(hashAll()).isEqualTo(before);
        assertThat(ins.problems()).extracting(WalProblem::offset, WalProblem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SegmentHeader.SIZE + 2 * frame, WalProblem.Kind.CORRUPTION),
                org.assertj.core.groups.Tuple.tuple(SegmentHeader.SIZE + 6 * frame, WalProblem.Kind.CORRUPTION),
                org.assertj.core.groups.Tuple.tuple(SegmentHeader.SIZE + 9 * frame, WalProblem.Kind.TORN_TAIL));
        assertThat(ins.problems().get(0).reason()).startsWith("checksum mismatch, followed by a valid record (sequence 4)");
        assertThat(seen).extracting(WalRecord::sequence).containsExactly(1L, 2L, 4L, 5L, 6L, 8L, 9L);
        assertThat(ins.recoverable()).isFalse();
    }

    @Test
    void aTornTailAloneIsRecoverable() throws Exception {
        try (Wal wal = Wal.open(dir, OPTS)) {
            for (int i = 0; i < 3; i++) {
                wal.append(1, new byte[40]).join();
            }
        }
        corrupt(onlySegment(), SegmentHeader.SIZE + 2 * RecordFormat.frameSize(40) + 21);
        WalInspection ins = Wal.inspect(dir, null);
        assertThat(ins.recoverable()).isTrue();
        assertThat(ins.problems()).singleElement().extracting(WalProblem::kind).isEqualTo(WalProblem.Kind.TORN_TAIL);
        assertThat(ins.lastSequence()).isEqualTo(2);
        try (Wal wal = Wal.open(dir, OPTS)) {
            assertThat(wal.lastSequence()).isEqualTo(2);
        }
        assertThat(Wal.inspect(dir, null).problems()).as("recovery zeroed the tail").isEmpty();
    }
}
