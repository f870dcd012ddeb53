package io.objmeta.wal.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Zero-fills the next segment in the background (as etcd's file pipeline does), so rolling to a new segment
 * costs a header write and a rename instead of writing a whole segment of zeros in the commit path.
 */
final class Preallocator {
    private final Path tmp;
    private final long size;
    private CompletableFuture<Path> next;

    Preallocator(Path dir, long size) {
        this.tmp = dir.resolve(SegmentFiles.PREALLOCATED_NAME);
        this.size = size;
    }

    /** Starts preparing the next file unless that is already under way. */
    void prepare() {
        if (next != null) {
            return;
        }
        next = CompletableFuture.supplyAsync(() -> {
            try {
                SegmentCreator.preallocate(tmp, size);
                return tmp;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "wal-preallocate");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The prepared file, waiting for it if needed; the caller renames it away. */
    Path take() throws IOException {
        prepare();
        CompletableFuture<Path> f = next;
        next = null;
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    /** Waits for a preparation in flight and deletes its file. */
    void discard() throws IOException {
        if (next != null) {
            try {
                next.join();
            } catch (CompletionException ignored) {
                // the file may be partly written; deleted below either way
            }
            next = null;
        }
        Files.deleteIfExists(tmp);
    }
}
