package io.objmeta.wal.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Segment naming: {@code <first sequence, 20 decimal digits>.wal}, so names sort in sequence order. A segment
 * being preallocated is {@code next.wal.tmp} until it is renamed into place; leftovers are deleted at open.
 */
public final class SegmentFiles {
    public static final String SUFFIX = ".wal";
    public static final String PREALLOCATED_NAME = "next.wal.tmp";

    private SegmentFiles() {
    }

    public static String name(long firstSequence) {
        return String.format("%020d%s", firstSequence, SUFFIX);
    }

    /** The first sequence a segment file name claims, or empty when the name is not a segment's. */
    public static Optional<Long> parse(String fileName) {
        if (fileName.length() != 20 + SUFFIX.length() || !fileName.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        for (int i = 0; i < 20; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(fileName.substring(0, 20)));
    }

    /** Segment files of a directory in sequence order. */
    public static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                if (parse(p.getFileName().toString()).isPresent()) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** fsync a directory, so a created, renamed or deleted entry survives a crash. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
