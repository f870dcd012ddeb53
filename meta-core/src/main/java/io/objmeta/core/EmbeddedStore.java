package io.objmeta.core;

import static java.util.Objects.requireNonNull;

import io.objmeta.api.Errors;
import io.objmeta.api.InvalidArgumentException;
import io.objmeta.api.MetadataStore;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.Validation;
import io.objmeta.api.Watch;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.*;
import io.objmeta.core.internal.embedded.ChangeNotifier;
import io.objmeta.core.internal.embedded.EmbeddedWatch;
import io.objmeta.core.internal.embedded.Snapshots;
import io.objmeta.core.internal.embedded.WritePipeline;
import io.objmeta.wal.SyncMode;
import io.objmeta.wal.Wal;
import io.objmeta.wal.WalOptions;
import io.objmeta.wal.WalReader;
import io.objmeta.wal.WalRecord;
import io.objmeta.wal.WalCorruptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * objmeta embedded in a frontend's JVM: {@link MetaCore} over its own WAL, checkpoints and snapshots, durable on
 * local disk, no network. A write is acknowledged once its WAL record is fsynced (group commit) and applied to
 * LMDB, so it is durable and visible. Reads run in LMDB read transactions on the caller's thread, concurrently
 * with writes.
 *
 * <pre>{@code
 * try (EmbeddedStore store = EmbeddedStore.builder().dataDir(Path.of("meta")).build()) {
 *     BlockingMetadataStore s = store.blocking();
 *     s.createBucket(CreateBucketRequest.newBuilder().setBucket("photos").build());
 * }
 * }</pre>
 *
 * Data directory: {@code lmdb/} (the state), {@code wal/} (the log since the last checkpoint),
 * {@code snapshots/} (periodic snapshots, if enabled).
 */
public final class EmbeddedStore implements MetadataStore {
    private static final System.Logger LOG = System.getLogger(EmbeddedStore.class.getName());
    private static final int REPLAY_COMMANDS_PER_APPLY = 10_000;

    /** Default of {@link Builder#lmdbCommitIntervalMillis(long)}. */
    public static final long DEFAULT_LMDB_COMMIT_INTERVAL_MILLIS = 100;

    private final Options options;
    private final MetaCore core;
    private final Wal wal;
    private final WritePipeline writes;
    private final ChangeNotifier notifier;
    private final ScheduledExecutorService background;
    private final List<EmbeddedWatch> watches = new ArrayList<>();
    private volatile boolean closed;

    private EmbeddedStore(Options options) throws IOException {
        this.options = options;
        long started = System.nanoTime();
        Files.createDirectories(options.dataDir());
        this.core = MetaCore.open(options.dataDir().resolve("lmdb"), options.core());
        try {
            this.wal = Wal.open(options.dataDir().resolve("wal"), options.wal().toBuilder()
                    .initialSequence(core.appliedIndex() + 1).build());
        } catch (IOException | RuntimeException e) {
            core.close();
            throw e;
        }
        try {
            long replayed = replay();
            this.notifier = new ChangeNotifier(core.revision());
            this.writes = new WritePipeline(core, wal, options.maxBatchCommands(), options.maxQueuedCommands(),
                    options.queueWaitMillis(), notifier::advanceTo);
            this.background = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "objmeta-checkpoint");
                t.setDaemon(true);
                return t;
            });
            if (options.checkpointIntervalMillis() > 0) {
                background.scheduleWithFixedDelay(this::checkpointQuietly, options.checkpointIntervalMillis(),
                        options.checkpointIntervalMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.log(Level.INFO, "embedded store {0} opened in {1} ms: revision {2}, applied index {3}, {4} WAL "
                    + "record(s) replayed", options.dataDir(), (System.nanoTime() - started) / 1_000_000,
                    core.revision(), core.appliedIndex(), replayed);
        } catch (IOException | RuntimeException e) {
            wal.close();
            core.close();
            throw e;
        }
    }

    /** Re-applies every WAL record after LMDB's applied index (the records were durable, LMDB may lag). */
    private long replay() throws IOException {
        long from = core.appliedIndex() + 1;
        if (wal.firstSequence() > from) {
            throw new WalCorruptionException("(log start)", 0, "the log starts at sequence " + wal.firstSequence()
                    + " but the store needs " + from + " onwards (records are missing)");
        }
        long n = 0;
        List<Long> seqs = new ArrayList<>();
        List<List<Command>> batches = new ArrayList<>();
        int commands = 0;
        try (WalReader r = wal.reader(from)) {
            while (r.hasNext()) {
                WalRecord rec = r.next();
                if (rec.type() != WritePipeline.BATCH_RECORD) {
                    throw new WalCorruptionException("(sequence " + rec.sequence() + ")", 0, "record type "
                            + rec.type() + " (expected: " + WritePipeline.BATCH_RECORD + ")");
                }
                List<Command> batch = CommandBatch.parseFrom(rec.payload()).getCommandsList();
                seqs.add(rec.sequence());
                batches.add(batch);
                commands += batch.size();
                n++;
                if (commands >= REPLAY_COMMANDS_PER_APPLY) { // one apply per ~10k commands, not per record
                    core.applyAll(seqs, batches);
                    seqs.clear();
                    batches.clear();
                    commands = 0;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!batches.isEmpty()) {
            core.applyAll(seqs, batches);
        }
        return n;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- writes ----

    private <T> CompletableFuture<T> write(Supplier<Command> command, Function<CommandResult, T> success) {
        Command c;
        try {
            c = command.get();
            Validation.validate(c);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return writes.submit(c).thenApply(r -> {
            if (r.hasError()) {
                throw Errors.fromProto(r.getError());
            }
            return success.apply(r);
        });
    }

    @Override
    public CompletableFuture<Bucket> createBucket(CreateBucketRequest r) {
        return write(() -> Command.newBuilder().setCreateBucket(r).build(), CommandResult::getCreateBucket);
    }

    @Override
    public CompletableFuture<Bucket> updateBucket(UpdateBucketRequest r) {
        return write(() -> Command.newBuilder().setUpdateBucket(r).build(), CommandResult::getUpdateBucket);
    }

    @Override
    public CompletableFuture<Bucket> deleteBucket(DeleteBucketRequest r) {
        return write(() -> Command.newBuilder().setDeleteBucket(r).build(), CommandResult::getDeleteBucket);
    }

    @Override
    public CompletableFuture<PutObjectResponse> putObject(PutObjectRequest r) {
        return write(() -> Command.newBuilder().setPutObject(r).build(), CommandResult::getPutObject);
    }

    @Override
    public CompletableFuture<DeleteObjectResponse> deleteObject(DeleteObjectRequest r) {
        return write(() -> Command.newBuilder().setDeleteObject(r).build(), CommandResult::getDeleteObject);
    }

    @Override
    public CompletableFuture<CreateMultipartUploadResponse> createMultipartUpload(CreateMultipartUploadRequest r) {
        return write(() -> Command.newBuilder().setCreateMultipartUpload(r).build(),
                CommandResult::getCreateMultipartUpload);
    }

    @Override
    public CompletableFuture<UploadPartResponse> uploadPart(UploadPartRequest r) {
        return write(() -> Command.newBuilder().setUploadPart(r).build(), CommandResult::getUploadPart);
    }

    @Override
    public CompletableFuture<ObjectVersion> completeMultipartUpload(CompleteMultipartUploadRequest r) {
        return write(() -> Command.newBuilder().setCompleteMultipartUpload(r).build(),
                CommandResult::getCompleteMultipartUpload);
    }

    @Override
    public CompletableFuture<AbortMultipartUploadResponse> abortMultipartUpload(AbortMultipartUploadRequest r) {
        return write(() -> Command.newBuilder().setAbortMultipartUpload(r).build(),
                CommandResult::getAbortMultipartUpload);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest r) {
        return write(() -> Command.newBuilder().setTxn(r).build(), CommandResult::getTxn);
    }

    @Override
    public CompletableFuture<AckGarbageResponse> ackGarbage(AckGarbageRequest r) {
        return write(() -> Command.newBuilder().setAckGarbage(r).build(), CommandResult::getAckGarbage);
    }

    // ---- reads: on the caller's thread, in an LMDB read transaction ----

    private <T> CompletableFuture<T> read(Runnable validate, long minRevision, Supplier<T> body) {
        try {
            validate.run();
            if (closed) {
                throw new UnavailableException("the store is closed");
            }
            if (minRevision > core.revision()) {
                throw new UnavailableException("minRevision: " + minRevision + " (expected: <= the store's revision "
                        + core.revision() + ")");
            }
            return CompletableFuture.completedFuture(body.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Bucket> getBucket(GetBucketRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.getBucket(r.getBucket()));
    }

    @Override
    public CompletableFuture<ListBucketsResponse> listBuckets(ListBucketsRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listBuckets(r));
    }

    @Override
    public CompletableFuture<ObjectVersion> getObject(GetObjectRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.getObject(r));
    }

    @Override
    public CompletableFuture<ListObjectsResponse> listObjects(ListObjectsRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listObjects(r));
    }

    @Override
    public CompletableFuture<ListObjectVersionsResponse> listObjectVersions(ListObjectVersionsRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listObjectVersions(r));
    }

    @Override
    public CompletableFuture<ListMultipartUploadsResponse> listMultipartUploads(ListMultipartUploadsRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listMultipartUploads(r));
    }

    @Override
    public CompletableFuture<ListPartsResponse> listParts(ListPartsRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listParts(r));
    }

    @Override
    public CompletableFuture<ListGarbageResponse> listGarbage(ListGarbageRequest r) {
        return read(() -> Validation.validate(r), r.getMinRevision(), () -> core.listGarbage(r));
    }

    /**
     * Streams changes with revision {@code >= fromRevision} (0: from now on) in revision order. A start older than
     * the retention window ends the watch with {@code CompactedException} through {@code onError}.
     */
    @Override
    public Watch watch(WatchRequest r, WatchListener listener) {
        requireNonNull(listener, "listener");
        Validation.validate(r);
        if (closed) {
            throw new UnavailableException("the store is closed");
        }
        EmbeddedWatch w = new EmbeddedWatch(core, notifier, r.getFromRevision(), r.getBucket(), r.getPrefix(),
                listener);
        synchronized (watches) {
            watches.add(w);
        }
        return w;
    }

    // ---- operations ----

    /** The last committed revision. */
    public long revision() {
        return core.revision();
    }

    /**
     * Checkpoint: commits what LMDB lags behind, flushes it, then drops the WAL segments wholly at or below the
     * index LMDB now holds on disk. The change feed lives in LMDB, so this never shortens it.
     */
    public void checkpoint() throws IOException {
        long durable = core.checkpoint();
        int dropped = wal.truncatePrefix(durable);
        LOG.log(Level.DEBUG, "checkpoint at applied index {0}: {1} WAL segment(s) dropped", durable, dropped);
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "checkpoint failed; will retry", e);
        }
    }

    /**
     * Writes a snapshot (compact LMDB copy + manifest) to {@code target}, atomically and without blocking writers.
     */
    public SnapshotManifest snapshot(Path target) throws IOException {
        requireNonNull(target, "target");
        return Snapshots.take(core, target);
    }

    /**
     * Prepares {@code newDataDir} (which must not exist or be empty) from a snapshot, after checking its checksum:
     * an embedded store opened there starts at the snapshot's revision, and its log continues after the
     * snapshot's applied index.
     */
    public static SnapshotManifest restore(Path snapshotDir, Path newDataDir) throws IOException {
        SnapshotManifest m = Snapshots.verify(snapshotDir);
        if (Files.exists(newDataDir)) {
            try (var s = Files.list(newDataDir)) {
                if (s.findAny().isPresent()) {
                    throw new IOException("restore target " + newDataDir + " is not empty");
                }
            }
        }
        Path lmdb = newDataDir.resolve("lmdb");
        Files.createDirectories(lmdb);
        Files.copy(snapshotDir.resolve(SnapshotManifest.DATA_FILE), lmdb.resolve(SnapshotManifest.DATA_FILE));
        Snapshots.fsync(lmdb.resolve(SnapshotManifest.DATA_FILE));
        Snapshots.fsyncDir(lmdb);
        try (Wal w = Wal.open(newDataDir.resolve("wal"), WalOptions.builder().segmentSizeBytes(1 << 20)
                .initialSequence(m.appliedIndex() + 1).build())) {
            LOG.log(Level.INFO, "restored snapshot at revision {0} into {1}; log continues at {2}", m.revision(),
                    newDataDir, w.lastSequence() + 1);
        }
        Snapshots.fsyncDir(newDataDir);
        return m;
    }

    /** WAL, LMDB and queue figures for metrics. */
    public record Stats(long revision, long appliedIndex, long walFirstSequence, long walLastSequence, int walSegments,
                        long walFsyncs, int queuedWrites, long lmdbMapSizeBytes) {
    }

    public Stats stats() {
        var w = wal.stats();
        return new Stats(core.revision(), core.appliedIndex(), w.firstSequence(), w.lastSequence(), w.segments(),
                w.fsyncs(), writes.queued(), core.mapSizeBytes());
    }

    /** The state machine, for tools that need counts or dumps. */
    public MetaCore core() {
        return core;
    }

    /**
     * Drains the write queue (every accepted write completes), stops watches and the checkpointer, syncs and
     * closes the WAL and LMDB.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writes.close();
        background.shutdown();
        List<EmbeddedWatch> ws;
        synchronized (watches) {
            ws = new ArrayList<>(watches);
        }
        ws.forEach(EmbeddedWatch::cancel);
        try {
            background.awaitTermination(30, TimeUnit.SECONDS);
            for (EmbeddedWatch w : ws) {
                w.join();
            }
            wal.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            core.checkpoint();
            core.close();
        }
    }

    /**
     * Options of an embedded store.
     *
     * @param dataDir                  where {@code lmdb/}, {@code wal/} and {@code snapshots/} live
     * @param wal                      WAL options (sync mode, segment size...)
     * @param core                     state machine options (map size, change retention, request-id retention...)
     * @param maxBatchCommands         commands per WAL record / LMDB transaction (default 1024)
     * @param maxQueuedCommands        writes queued before back-pressure (default 16384)
     * @param queueWaitMillis          how long a write waits for queue space before UNAVAILABLE (default 5000)
     * @param checkpointIntervalMillis period of background checkpoints (default 30000; 0 = only on demand)
     */
    public record Options(Path dataDir, WalOptions wal, CoreOptions core, int maxBatchCommands, int maxQueuedCommands,
                          long queueWaitMillis, long checkpointIntervalMillis) {
    }

    /** Builder; every option has a default that works on a laptop. */
    public static final class Builder {
        private Path dataDir;
        private WalOptions wal = WalOptions.defaults();
        private CoreOptions core = CoreOptions.defaults();
        private int maxBatchCommands = 1024;
        private int maxQueuedCommands = 16384;
        private long queueWaitMillis = 5_000;
        private long checkpointIntervalMillis = 30_000;
        private long lmdbCommitIntervalMillis = DEFAULT_LMDB_COMMIT_INTERVAL_MILLIS;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = requireNonNull(dataDir, "dataDir");
            return this;
        }

        public Builder walOptions(WalOptions wal) {
            this.wal = requireNonNull(wal, "wal");
            return this;
        }

        /** Shorthand for the WAL's sync mode ({@link SyncMode#SYNC} by default). */
        public Builder syncMode(SyncMode mode) {
            this.wal = wal.toBuilder().syncMode(requireNonNull(mode, "mode")).build();
            return this;
        }

        public Builder coreOptions(CoreOptions core) {
            this.core = requireNonNull(core, "core");
            return this;
        }

        public Builder maxBatchCommands(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxBatchCommands: " + n + " (expected: >= 1)");
            }
            this.maxBatchCommands = n;
            return this;
        }

        public Builder maxQueuedCommands(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxQueuedCommands: " + n + " (expected: >= 1)");
            }
            this.maxQueuedCommands = n;
            return this;
        }

        public Builder queueWaitMillis(long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("queueWaitMillis: " + ms + " (expected: >= 0)");
            }
            this.queueWaitMillis = ms;
            return this;
        }

        public Builder checkpointIntervalMillis(long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("checkpointIntervalMillis: " + ms + " (expected: >= 0)");
            }
            this.checkpointIntervalMillis = ms;
            return this;
        }

        /**
         * How often LMDB commits what was applied (default {@value #DEFAULT_LMDB_COMMIT_INTERVAL_MILLIS}; becomes
         * {@link CoreOptions#commitIntervalMillis()} of {@link Options#core()}). A write is acknowledged once its WAL
         * record is fsynced and it is applied (visible to every read); LMDB catches up in large background commits
         * and the WAL keeps every record LMDB lacks. 0 = LMDB commits every applied batch before its writes are
         * acknowledged.
         */
        public Builder lmdbCommitIntervalMillis(long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("lmdbCommitIntervalMillis: " + ms + " (expected: >= 0)");
            }
            this.lmdbCommitIntervalMillis = ms;
            return this;
        }

        /** Opens the store: recovers the WAL (torn tail cut, corruption refused) and replays it into LMDB. */
        public EmbeddedStore build() throws IOException {
            if (dataDir == null) {
                throw InvalidArgumentException.of("dataDir", null, "a directory for the store");
            }
            return new EmbeddedStore(new Options(dataDir, wal,
                    core.toBuilder().commitIntervalMillis(lmdbCommitIntervalMillis).build(), maxBatchCommands,
                    maxQueuedCommands, queueWaitMillis, checkpointIntervalMillis));
        }
    }
}
