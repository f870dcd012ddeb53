package io.objmeta.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.objmeta.wal.internal.RecordFormat;
import io.objmeta.wal.internal.SegmentHeader;
import io.objmeta.wal.testing.TempDirs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Recovery rules as properties: a cut anywhere recovers the prefix; a flipped byte before valid data is corruption. */
class WalRecoveryProperties {
    private static final WalOptions OPTS = WalOptions.builder().segmentSizeBytes(2048).syncMode(SyncMode.NONE).build();

    @Provide
    Arbitrary<List<byte[]>> records() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300).list().ofMinSize(1).ofMaxSize(40);
    }

    /** Where each record of the last segment starts, from the format: header, then aligned frames. */
    private record Layout(Path lastSegment, long firstSeqOfLast, List<Long> offsets, List<Integer> lengths) {
    }

    private static Layout write(Path dir, List<byte[]> records) throws IOException {
        try (Wal wal = Wal.open(dir, OPTS)) {
            for (byte[] r : records) {
                wal.append(1, r);
            }
        }
        List<Path> segs;
        try (Stream<Path> s = Files.list(dir)) {
            segs = s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
        }
        Path last = segs.get(segs.size() - 1);
        long firstSeq = Long.parseLong(last.getFileName().toString().substring(0, 20));
        List<Long> offsets = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        long off = SegmentHeader.SIZE;
        for (int i = (int) firstSeq - 1; i < records.size(); i++) {
            offsets.add(off);
            lengths.add(records.get(i).length);
            off += RecordFormat.frameSize(records.get(i).length);
        }
        return new Layout(last, firstSeq, offsets, lengths);
    }

    private static List<WalRecord> reopenAndRead(Path dir) throws IOException {
        try (Wal wal = Wal.open(dir, OPTS); WalReader r = wal.reader(wal.firstSequence())) {
            List<WalRecord> out = new ArrayList<>();
            r.forEachRemaining(out::add);
            // the log continues after recovery
            long next = wal.append(2, new byte[] {42}).join();
            assertThat(next).isEqualTo(out.isEmpty() ? wal.firstSequence() : out.get(out.size() - 1).sequence() + 1);
            return out;
        }
    }

    private static boolean allZero(byte[] bytes, long from, long to) {
        for (long i = from; i < to; i++) {
            if (bytes[(int) i] != 0) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 150)
    void aCutAtAnyByteRecoversExactlyTheRecordsWhollyBeforeIt(@ForAll("records") List<byte[]> records,
                                                               @ForAll @IntRange(min = 0, max = 1_000_000) int cutSeed,
                                                               @ForAll boolean truncateFile) throws IOException {
        Path dir = TempDirs.create("wal-cut");
        try {
            Layout l = write(dir, records);
            long used = l.offsets().isEmpty() ? SegmentHeader.SIZE
                    : l.offsets().get(l.offsets().size() - 1) + RecordFormat.frameSize(l.lengths().get(l.lengths().size() - 1));
            long cut = SegmentHeader.SIZE + cutSeed % (used - SegmentHeader.SIZE + 1);
            byte[] before = Files.readAllBytes(l.lastSegment());
            try (RandomAccessFile f = new RandomAccessFile(l.lastSegment().toFile(), "rw")) {
                if (truncateFile) {
                    f.setLength(cut); // the file ends mid-record
                } else {
                    f.seek(cut); // the pages after the cut never reached the disk
                    f.write(new byte[(int) (f.length() - cut)]);
                }
            }
            int whole = 0;
            for (int i = 0; i < l.offsets().size(); i++) {
                long end = l.offsets().get(i) + RecordFormat.HEADER_SIZE + l.lengths().get(i);
                // zeroing bytes that were zero already (reserved header bytes, a payload ending in zeros) leaves
                // the record intact: it was not torn
                if (end > cut && (truncateFile || !allZero(before, cut, end))) {
                    break;
                }
                whole++;
            }
            long expectedCount = l.firstSeqOfLast() - 1 + whole;
            List<WalRecord> got = reopenAndRead(dir);
            assertThat(got).hasSize((int) expectedCount);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).sequence()).isEqualTo(i + 1L);
                assertThat(got.get(i).payload()).isEqualTo(records.get(i));
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Property(tries = 150)
    void aFlippedByteFollowedByValidRecordsIsCorruptionAtThatRecord(
            @ForAll("records") List<byte[]> records, @ForAll @IntRange(min = 0, max = 1_000_000) int which,
            @ForAll @IntRange(min = 0, max = 1_000_000) int byteSeed) throws IOException {
        Path dir = TempDirs.create("wal-flip");
        try {
            Layout l = write(dir, records);
            if (l.offsets().isEmpty()) {
                return; // the last segment holds no record to damage
            }
            int idx = which % l.offsets().size();
            long off = l.offsets().get(idx);
            long at = off + byteSeed % (RecordFormat.HEADER_SIZE + l.lengths().get(idx));
            try (RandomAccessFile f = new RandomAccessFile(l.lastSegment().toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x5a);
            }
            boolean last = idx == l.offsets().size() - 1;
            if (last) {
                // nothing valid after it: a torn tail, cut off
                assertThat(reopenAndRead(dir)).hasSize(records.size() - 1);
                return;
            }
            String segment = l.lastSegment().getFileName().toString();
            assertThatThrownBy(() -> Wal.open(dir, OPTS).close())
                    .isInstanceOfSatisfying(WalCorruptionException.class, e -> {
                        assertThat(e.segment()).isEqualTo(segment);
                        assertThat(e.offset()).isEqualTo(off);
                        assertThat(e.getMessage()).contains("metasnap wal verify");
                    });
            WalInspection ins = Wal.inspect(dir, null);
            assertThat(ins.problems()).extracting(WalProblem::offset).contains(off);
            assertThat(ins.recoverable()).isFalse();
            assertThat(ins.records()).isEqualTo(records.size() - 1); // inspection goes on past the problem
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Property(tries = 60)
    void aFlippedByteInAnEarlierSegmentIsAlwaysCorruption(@ForAll("records") List<byte[]> records,
                                                        @ForAll @IntRange(min = 0, max = 1_000_000) int byteSeed)
            throws IOException {
        Path dir = TempDirs.create("wal-early");
        try {
            List<byte[]> many = new ArrayList<>(records);
            while (many.size() < 60) {
                many.add(new byte[100]); // at least two segments of 2 KiB
            }
            write(dir, many);
            Path first;
            try (Stream<Path> s = Files.list(dir)) {
                first = s.filter(p -> p.toString().endsWith(".wal")).sorted().findFirst().orElseThrow();
            }
            // damage the first segment's last record: invalid with nothing valid after it in that segment
            long off = SegmentHeader.SIZE;
            long lastOff = off;
            int lastLen = 0;
            for (byte[] r : many) {
                if (off + RecordFormat.frameSize(r.length) > 2048) {
                    break;
                }
                lastOff = off;
                lastLen = r.length;
                off += RecordFormat.frameSize(r.length);
            }
            long at = lastOff + byteSeed % (RecordFormat.HEADER_SIZE + lastLen);
            try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0xff);
            }
            long expectedOffset = lastOff;
            assertThatThrownBy(() -> Wal.open(dir, OPTS).close())
                    .isInstanceOfSatisfying(WalCorruptionException.class,
                            e -> assertThat(e.offset()).isEqualTo(expectedOffset));
        } finally {
            TempDirs.delete(dir);
        }
    }
}
