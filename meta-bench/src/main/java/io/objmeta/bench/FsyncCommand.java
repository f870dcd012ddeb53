package io.objmeta.bench;

import io.objmeta.bench.load.LoadResult;
import io.objmeta.bench.load.Op;
import io.objmeta.bench.load.Report;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The physical limit a WAL works against: one fdatasync per appended block, one writer. */
@Command(name = "fsync",
        usageHelpWidth = 100,
        sortOptions = false,
        header = "The disk's limit: one writer, one fdatasync per appended block.",
        description = "One thread appends a block to a preallocated, zero-filled file and calls fdatasync"
            + " (FileChannel.force(false)) after each append, as a WAL does. Nothing but data changes, so each"
            + " sync is one data flush. A group-committing WAL cannot make a single writer faster than this;"
            + " it can only share each sync among many writers.",
        footer = {"", "Example:", "  metabench fsync --seconds 10 --json"})
final class FsyncCommand extends WorkloadCommand {

    private static final int ZERO_CHUNK_BYTES = 1 << 20;

    @Mixin
    DirOptions dirOptions;

    @Option(names = "--block-bytes", defaultValue = "4096", paramLabel = "N",
            description = "Bytes appended before each fdatasync (default: ${DEFAULT-VALUE}).")
    int blockBytes;

    @Option(names = "--file-bytes", defaultValue = "67108864", paramLabel = "N",
            description = "Size of the preallocated file; appends wrap to its start at the end"
                + " (default: ${DEFAULT-VALUE}, 64 MiB).")
    long fileBytes;

    @Override
    protected Report measure() throws Exception {
        if (blockBytes < 1 || blockBytes > 64 << 20) {
            throw usage("--block-bytes: " + blockBytes + " (expected: 1..67108864)");
        }
        if (fileBytes < blockBytes) {
            throw usage("--file-bytes: " + fileBytes + " (expected: >= --block-bytes " + blockBytes + ")");
        }
        try (ScratchDir scratch = ScratchDir.create(dirOptions.dir, "fsync");
             FileChannel file = FileChannel.open(scratch.path().resolve("fsync.dat"),
                     StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            checkDisk(scratch);
            preallocate(file);
            AtomicLong fsyncs = new AtomicLong();
            LoadResult result = run(runner().threads(1).counter("fsyncs", fsyncs::get).build(),
                    worker -> appender(file, fsyncs));
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("fsyncs", result.counter("fsyncs"));
            extra.put("blockBytes", blockBytes);
            extra.put("fileSystem", scratch.fileSystemType());
            return Report.of("fsync", "file", result, extra);
        }
    }

    /** Writes zeros over the whole file and syncs it, so later syncs find its size and blocks settled. */
    private void preallocate(FileChannel file) throws IOException {
        progress("preallocating %d bytes", fileBytes);
        ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
        for (long position = 0; position < fileBytes; ) {
            zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, fileBytes - position));
            while (zeros.hasRemaining()) {
                position += file.write(zeros, position);
            }
        }
        file.force(true);
    }

    private Op appender(FileChannel file, AtomicLong fsyncs) {
        ByteBuffer block = ByteBuffer.allocateDirect(blockBytes);
        while (block.hasRemaining()) {
            block.put((byte) 0xA5); // not zeros, so every append really changes the page
        }
        long lastStart = fileBytes - blockBytes;
        long[] position = {0};
        return () -> {
            block.clear();
            long at = position[0];
            while (block.hasRemaining()) {
                at += file.write(block, at);
            }
            file.force(false);
            fsyncs.incrementAndGet();
            position[0] = at > lastStart ? 0 : at;
        };
    }
}
