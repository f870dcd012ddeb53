package io.objmeta.bench;

import io.objmeta.api.proto.CreateBucketRequest;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.wal.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The child JVM of {@code metabench reopen}, killed with SIGKILL by its parent. Builds an embedded store with
 * {@code objects} objects (async puts), checkpoints it, copies the checkpointed LMDB file aside, then puts
 * {@code tailPuts} more objects without a checkpoint (background checkpoints are off), reports, and waits to be
 * killed. Arguments: {@code dataDir checkpointCopyDir objects tailPuts tailInFlight}. Protocol on stdout, one line
 * each: {@code checkpoint <appliedIndex> <revision> <putsPerSec>}, then {@code tail <appliedIndex> <revision>
 * <putsPerSec>}; progress on stderr.
 */
public final class ReopenChild {

    static final int KEY_CHARS = 4 + 16; // PutCommand.key: obj/ + 16 hex digits
    static final int RECORD_BYTES = 256;

    private ReopenChild() {
    }

    /** The store as the child and the parent open it: defaults, WAL SYNC, no background checkpoints. */
    static EmbeddedStore open(Path dataDir) throws Exception {
        return EmbeddedStore.builder().dataDir(dataDir).syncMode(SyncMode.SYNC).checkpointIntervalMillis(0).build();
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path copyDir = Path.of(args[1]);
        long objects = Long.parseLong(args[2]);
        long tailPuts = Long.parseLong(args[3]);
        int tailInFlight = Integer.parseInt(args[4]);
        ObjectRecords records = new ObjectRecords(RECORD_BYTES, KEY_CHARS);
        EmbeddedStore store = open(dataDir); // never closed: the parent kills this JVM
        store.blocking().createBucket(CreateBucketRequest.newBuilder().setBucket(ObjectRecords.BUCKET)
                .setVersioning(Versioning.UNVERSIONED).build());

        System.err.printf("building %d objects (async puts, %d in flight)%n", objects,
                EmbeddedTarget.PRELOAD_IN_FLIGHT);
        long start = System.nanoTime();
        EmbeddedTarget.putAll(store, objects, n -> records.put(PutCommand.key(n), n, 0).getPutObject(),
                EmbeddedTarget.PRELOAD_IN_FLIGHT, System.err::println);
        double preloadRate = objects / ((System.nanoTime() - start) / 1e9);
        store.checkpoint();
        // the store is idle and LMDB synced: this copy is the state a reopen finds if LMDB lost every commit since
        Files.createDirectories(copyDir);
        Files.copy(dataDir.resolve("lmdb").resolve("data.mdb"), copyDir.resolve("data.mdb"),
                StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "checkpoint %d %d %.1f%n", store.core().appliedIndex(), store.revision(),
                preloadRate);
        System.out.flush();

        System.err.printf("writing %d puts after the checkpoint (%d in flight), no checkpoint%n", tailPuts,
                tailInFlight);
        start = System.nanoTime();
        EmbeddedTarget.putAll(store, tailPuts, n -> records.put(PutCommand.key(objects + n), objects + n, 0)
                .getPutObject(), tailInFlight, System.err::println);
        double tailRate = tailPuts / ((System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "tail %d %d %.1f%n", store.core().appliedIndex(), store.revision(), tailRate);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // every put acknowledged; wait for SIGKILL
    }
}
