package io.objmeta.bench;

import io.objmeta.api.Errors;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MetaCore} fed the way a store feeds it, minus the log: batches of validated, stamped commands at
 * consecutive log indexes. {@link #apply} from one thread at a time; reads through {@link #core()} from any.
 */
final class CoreTarget implements AutoCloseable {

    private final Path dir;
    private final MetaCore core;
    private long logIndex;

    private CoreTarget(Path dir, MetaCore core) {
        this.dir = dir;
        this.core = core;
        this.logIndex = core.appliedIndex();
    }

    /** Opens a new store in {@code dir} with the default options, as the embedded store would. */
    static CoreTarget open(Path dir) throws IOException {
        return open(dir, CoreOptions.defaults().commitIntervalMillis());
    }

    /** As {@link #open(Path)}, with LMDB commits in the background every {@code commitIntervalMillis} (0: none). */
    static CoreTarget open(Path dir, long commitIntervalMillis) throws IOException {
        return new CoreTarget(dir, MetaCore.open(dir, CoreOptions.builder().commitIntervalMillis(commitIntervalMillis)
                .build()));
    }

    MetaCore core() {
        return core;
    }

    /** Creates the unversioned bucket the workloads write to. */
    void createBucket(String name) {
        Command create = Command.newBuilder()
                .setCreateBucket(CreateBucketRequest.newBuilder().setBucket(name).setVersioning(Versioning.UNVERSIONED))
                .setTimestampMillis(System.currentTimeMillis())
                .build();
        Validation.validate(create);
        requireSuccess(apply(List.of(create)), 1, new AtomicLong());
    }

    /** Applies one batch at the next log index. */
    List<CommandResult> apply(List<Command> batch) {
        return core.apply(++logIndex, batch);
    }

    /**
     * Checks that {@code results} holds {@code expected} successes. Failed commands are added to {@code failed};
     * the first one's typed exception (ConflictException, ...) is thrown, so the call counts as an error.
     */
    static void requireSuccess(List<CommandResult> results, int expected, AtomicLong failed) {
        if (results.size() != expected) {
            throw new IllegalStateException("results: " + results.size() + " (expected: " + expected
                    + ", one per command)");
        }
        RuntimeException first = null;
        long failures = 0;
        for (CommandResult r : results) {
            if (r.hasError()) {
                failures++;
                if (first == null) {
                    first = Errors.fromProto(r.getError());
                }
            }
        }
        if (first != null) {
            failed.addAndGet(failures);
            throw first;
        }
    }

    /** Bytes of the LMDB data file. */
    long dataBytes() throws IOException {
        return Files.size(dir.resolve("data.mdb"));
    }

    @Override
    public void close() {
        core.close();
    }
}
