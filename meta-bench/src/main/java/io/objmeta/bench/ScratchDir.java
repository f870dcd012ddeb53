package io.objmeta.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** A fresh directory for one run, deleted with everything in it on {@link #close()}. */
final class ScratchDir implements AutoCloseable {

    /** Set by bin/metabench to the checkout's meta-bench/target/bench-tmp, so the default is the project's disk. */
    static final String BASE_PROPERTY = "objmeta.bench.tmpDir";

    private static final List<String> MEMORY_FILE_SYSTEMS = List.of("tmpfs", "ramfs");

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** Creates {@code <parent>/<prefix>-<random>}; never touches anything else in {@code parent}. */
    static ScratchDir create(@Nullable Path parent, String prefix) throws IOException {
        requireNonNull(prefix, "prefix");
        Path base = parent != null ? parent : Path.of(System.getProperty(BASE_PROPERTY, "target/bench-tmp"));
        Files.createDirectories(base);
        return new ScratchDir(Files.createTempDirectory(base, prefix + "-").toAbsolutePath());
    }

    Path path() {
        return path;
    }

    /** The file system type, e.g. ext4 or xfs; reported because fsync cost depends on it. */
    String fileSystemType() throws IOException {
        return Files.getFileStore(path).type();
    }

    /** True where fsync is free, so numbers measured there say nothing about a disk. */
    boolean inMemory() throws IOException {
        return MEMORY_FILE_SYSTEMS.contains(fileSystemType());
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) { // children before parents
                Files.delete(p);
            }
        }
    }
}
