package io.objmeta.core.testing;

import io.objmeta.api.Errors;
import io.objmeta.api.Validation;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandResult;
import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.DeleteObjectRequest;
import io.objmeta.api.proto.DeleteObjectResponse;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ListObjectsRequest;
import io.objmeta.api.proto.ListObjectsResponse;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.PutObjectRequest;
import io.objmeta.api.proto.PutObjectResponse;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.CoreOptions;
import io.objmeta.core.MetaCore;
import io.objmeta.wal.testing.TempDirs;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MetaCore} in a temp directory driven the way the stores drive it: validate (bad input never reaches
 * apply), stamp a timestamp, apply at the next log index, and turn an error result into its typed exception.
 * The clock is a counter (1000, 2000, ...) unless set, so runs are reproducible.
 */
public final class CoreFixture implements AutoCloseable {
    private final Path dir;
    private final boolean ownsDir;
    private MetaCore core;
    private long logIndex;
    private long clockMillis = 1_000;

    private CoreFixture(Path dir, boolean ownsDir, CoreOptions options) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        try {
            this.core = MetaCore.open(dir, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.logIndex = core.appliedIndex();
    }

    public static CoreFixture create() {
        return create(CoreOptions.builder().minPartSizeBytes(5).build());
    }

    /** Small multipart minimum (5 bytes) by default so tests need no 5 MiB parts. */
    public static CoreFixture create(CoreOptions options) {
        return new CoreFixture(TempDirs.create("core"), true, options);
    }

    public static CoreFixture open(Path dir, CoreOptions options) {
        return new CoreFixture(dir, false, options);
    }

    public MetaCore core() {
        return core;
    }

    public Path dir() {
        return dir;
    }

    /** Sets the timestamp the next commands are stamped with. */
    public CoreFixture clock(long millis) {
        this.clockMillis = millis;
        return this;
    }

    /** Validates, stamps and applies one command; returns its result (errors included, never thrown). */
    public CommandResult applyRaw(Command c) {
        return applyAll(List.of(c)).get(0);
    }

    /** Validates every command (throwing on the first invalid one, applying none), then applies them as a batch. */
    public List<CommandResult> applyAll(List<Command> commands) {
        List<Command> stamped = new ArrayList<>(commands.size());
        for (Command c : commands) {
            Validation.validate(c);
            stamped.add(c.toBuilder().setTimestampMillis(clockMillis).build());
            clockMillis += 1_000;
        }
        return core.apply(++logIndex, stamped);
    }

    /** Applies one command and returns its result, throwing the typed exception of an error result. */
    public CommandResult apply(Command c) {
        CommandResult r = applyRaw(c);
        if (r.hasError()) {
            throw Errors.fromProto(r.getError());
        }
        return r;
    }

    // ---- conveniences for the common calls ----

    public void createBucket(String name, Versioning versioning) {
        apply(Command.newBuilder().setCreateBucket(CreateBucketRequest.newBuilder().setBucket(name)
                .setVersioning(versioning)).build());
    }

    public PutObjectResponse put(String bucket, String key, String etag, long size) {
        return apply(Command.newBuilder().setPutObject(PutObjectRequest.newBuilder().setBucket(bucket).setKey(key)
                .setEtag(etag).setSize(size).setLocation(ByteString.copyFromUtf8("loc:" + key + ":" + etag)))
                .build()).getPutObject();
    }

    public PutObjectResponse put(PutObjectRequest r) {
        return apply(Command.newBuilder().setPutObject(r).build()).getPutObject();
    }

    public DeleteObjectResponse delete(DeleteObjectRequest r) {
        return apply(Command.newBuilder().setDeleteObject(r).build()).getDeleteObject();
    }

    public DeleteObjectResponse delete(String bucket, String key) {
        return delete(DeleteObjectRequest.newBuilder().setBucket(bucket).setKey(key).build());
    }

    public ObjectVersion get(String bucket, String key) {
        GetObjectRequest r = GetObjectRequest.newBuilder().setBucket(bucket).setKey(key).build();
        Validation.validate(r);
        return core.getObject(r);
    }

    public ListObjectsResponse list(ListObjectsRequest r) {
        Validation.validate(r);
        return core.listObjects(r);
    }

    /** Closes and reopens the core on the same directory (as a restart would). */
    public void reopen(CoreOptions options) {
        core.close();
        try {
            core = MetaCore.open(dir, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        core.close();
        if (ownsDir) {
            TempDirs.delete(dir);
        }
    }
}
