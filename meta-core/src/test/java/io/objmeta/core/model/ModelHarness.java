package io.objmeta.core.model;

import io.objmeta.api.BucketAlreadyExistsException;
import io.objmeta.api.BucketNotEmptyException;
import io.objmeta.api.ConflictException;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.MetadataException;
import io.objmeta.api.NoSuchBucketException;
import io.objmeta.api.NoSuchKeyException;
import io.objmeta.api.NoSuchUploadException;
import io.objmeta.api.NoSuchVersionException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import io.objmeta.core.testing.CoreFixture;
import io.objmeta.wal.testing.TempDirs;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Drives one scenario: turns each {@link Step} into a request against the state reached so far, applies it to
 * meta-core (through {@link CoreFixture}: validate, stamp, apply) and to the {@link ReferenceModel} with the same
 * timestamp, and insists on the same outcome. {@link StoreAgreement} then compares everything readable.
 */
final class ModelHarness implements AutoCloseable {
    static final List<String> BUCKETS = List.of("bkt-a", "bkt-b", "bkt.c");

    /**
     * Keys that stress ordering and roll-up: a key that prefixes others, '/' and 'b' as delimiters, a space, '%',
     * U+0000 and U+0001 (the store escapes 0x00), two-byte 'é', U+E000 (3 bytes in UTF-8, after every surrogate in
     * UTF-16) and U+1F600 (4 bytes, a surrogate pair in UTF-16), so UTF-16 order and UTF-8 order disagree.
     */
    static final List<String> KEYS = List.of("a", "a/", "a/b", "a/b/c", "a/c", "ab", "a b", "a%2Fb", "a\u0000",
            "a\u0000b", "a\u0001", "b", "b/a", "é", "é/x", "\uE000", "\uD83D\uDE00", "\uD83D\uDE00/x", " ", "%");

    static final long MIN_PART_SIZE_BYTES = 5;

    /** A result or the failure that replaced it; failures compare by type and fields, not by message. */
    record Outcome(Object value, ErrorView error) {
        static Outcome of(Supplier<?> s) {
            try {
                return new Outcome(s.get(), null);
            } catch (MetadataException e) {
                return new Outcome(null, ErrorView.of(e));
            }
        }

        @Override
        public String toString() {
            if (error != null) {
                return error.toString();
            }
            return value instanceof MessageOrBuilder m ? TextFormat.printer().printToString(m)
                    : String.valueOf(value);
        }
    }

    /** What a caller can act on in a failure: its type and typed fields (messages are free text). */
    record ErrorView(String type, String detail) {
        static ErrorView of(MetadataException e) {
            String detail;
            if (e instanceof ConflictException x) {
                detail = "currentRevision=" + x.currentRevision() + " failedOpIndex=" + x.failedOpIndex();
            } else if (e instanceof NoSuchKeyException x) {
                detail = x.bucket() + "/" + x.key() + " deleteMarker=" + x.isDeleteMarker() + " " + x.versionId();
            } else if (e instanceof NoSuchVersionException x) {
                detail = x.bucket() + "/" + x.key() + " " + x.versionId();
            } else if (e instanceof NoSuchUploadException x) {
                detail = x.bucket() + " " + x.uploadId();
            } else if (e instanceof NoSuchBucketException x) {
                detail = x.bucket();
            } else if (e instanceof BucketNotEmptyException x) {
                detail = x.bucket();
            } else if (e instanceof BucketAlreadyExistsException x) {
                detail = x.bucket();
            } else if (e instanceof QuotaExceededException x) {
                detail = x.bucket() + " " + x.quotaField() + "=" + x.limit();
            } else if (e instanceof InvalidArgumentException x) {
                detail = x.field();
            } else {
                detail = e.code() + " " + e.getMessage();
            }
            return new ErrorView(e.getClass().getSimpleName(), detail);
        }

        @Override
        public String toString() {
            return type + "(" + detail + ")";
        }
    }

    /**
     * Applies stay in the overlay until the harness commits them (the background committer's hour never comes), so
     * every step reads LMDB plus an overlay of whatever the last few steps wrote.
     */
    private final CoreOptions options = CoreOptions.builder().minPartSizeBytes(MIN_PART_SIZE_BYTES)
            .initialMapSizeBytes(16L << 20).commitIntervalMillis(3_600_000).build();
    private final Path dir;
    private final CoreFixture fixture;
    final ReferenceModel model = new ReferenceModel(MIN_PART_SIZE_BYTES);
    final ReferenceListings listings = new ReferenceListings(model);
    final Random random;
    private final StepCommands commands = new StepCommands(model);
    private final List<String> history = new ArrayList<>();
    private final Set<String> touched = new HashSet<>(); // "bucket/key" written by the current step
    private long clockMillis = 1_000;

    ModelHarness(long seed) {
        this.random = new Random(seed);
        this.dir = tempDir();
        try {
            this.fixture = CoreFixture.open(dir, options);
        } catch (RuntimeException e) {
            TempDirs.delete(dir);
            throw e;
        }
    }

    /** tmpfs when there is one: LMDB's fsync per write costs nothing there, and the property runs thousands. */
    private static Path tempDir() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            try {
                return Files.createTempDirectory(shm, "objmeta-model");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return TempDirs.create("model");
    }

    MetaCore core() {
        return fixture.core();
    }

    @Override
    public void close() {
        fixture.close();
        TempDirs.delete(dir);
    }

    // ---- agreement ----

    /** Fails with both sides and the steps so far when they differ. */
    void agree(String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + "\n--- model:\n" + expected + "\n--- meta-core:\n" + actual
                    + "\n--- steps:\n" + String.join("\n", history));
        }
    }

    void note(String line) {
        history.add(line);
    }

    // ---- steps ----

    /** Whether the last step wrote (or tried to write) this key. */
    boolean touched(String bucket, String key) {
        return touched.contains(bucket + "/" + key);
    }

    void run(Step step) {
        note(history.size() + ": " + step);
        touched.clear();
        if (random.nextInt(4) == 0) {
            core().commit();
            note("   (LMDB commit)");
        }
        if (step instanceof Step.Reopen) {
            fixture.reopen(options);
            return;
        }
        if (step instanceof Step.Get g) {
            GetObjectRequest r = commands.get(g);
            Validation.validate(r);
            agree("GetObject " + show(r), Outcome.of(() -> model.getObject(r)),
                    Outcome.of(() -> core().getObject(r)));
            return;
        }
        write(commands.command(step));
    }

    private void write(Command c) {
        try {
            Validation.validate(c);
        } catch (InvalidArgumentException e) {
            throw new AssertionError("the generator made an invalid command: " + show(c), e);
        }
        switch (c.getRequestCase()) {
            case PUT_OBJECT -> touch(c.getPutObject().getBucket(), c.getPutObject().getKey());
            case DELETE_OBJECT -> touch(c.getDeleteObject().getBucket(), c.getDeleteObject().getKey());
            case TXN -> c.getTxn().getOpsList().forEach(op -> {
                if (op.hasPut()) {
                    touch(op.getPut().getBucket(), op.getPut().getKey());
                } else {
                    touch(op.getDelete().getBucket(), op.getDelete().getKey());
                }
            });
            case COMPLETE_MULTIPART_UPLOAD -> model.uploads().stream()
                    .filter(u -> u.getUploadId().equals(c.getCompleteMultipartUpload().getUploadId()))
                    .forEach(u -> touch(u.getBucket(), u.getKey()));
            default -> {
            }
        }
        long ts = clockMillis;
        clockMillis += 1_000;
        Outcome expected = Outcome.of(() -> model.apply(c, ts));
        fixture.clock(ts);
        Outcome actual = Outcome.of(() -> fixture.apply(c));
        note("    " + show(c) + "\n    => " + expected.toString().replace("\n", " "));
        agree("result of " + show(c), expected, actual);
        if (expected.value() instanceof CommandResult r) {
            commands.learn(c, r);
        }
    }

    private void touch(String bucket, String key) {
        touched.add(bucket + "/" + key);
    }

    static String show(MessageOrBuilder m) {
        return TextFormat.printer().emittingSingleLine(true).printToString(m);
    }
}
