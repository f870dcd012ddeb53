package io.objmeta.snapshot;

import static io.objmeta.core.testing.Requests.createBucket;
import static io.objmeta.core.testing.Requests.createUpload;
import static io.objmeta.core.testing.Requests.delete;
import static io.objmeta.core.testing.Requests.put;
import static io.objmeta.core.testing.Requests.uploadPart;

import io.objmeta.api.BlockingMetadataStore;
import io.objmeta.api.proto.Versioning;
import io.objmeta.core.EmbeddedStore;
import io.objmeta.core.SnapshotManifest;
import io.objmeta.wal.SyncMode;
import io.objmeta.wal.WalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A real store built once per test class: a versioned bucket ({@code photos}: versions, overwrites, delete
 * markers, open multipart uploads with parts), an unversioned one ({@code logs}: puts and deletes) and a small
 * one with awkward keys ({@code odd}: quotes, control characters, NUL, a 900-byte key that takes the overflow
 * path). Two snapshots ({@code snap1} after the first wave, {@code snap2} at the end) and the stopped data
 * directory ({@code data}) are left in {@code root}.
 */
final class SampleStore {
    static final int PHOTOS = 1500;
    static final int LOGS = 1500;
    static final String LONG_KEY = "long/" + "x".repeat(900);
    static final List<String> ODD_KEYS = List.of("quote\"key", "new\nline", "nul\u0000key", "tab\tkey", "ünï/cödé",
            LONG_KEY);

    final Path root;
    final Path data;
    final Path snap1;
    final Path snap2;
    final SnapshotManifest manifest1;
    final SnapshotManifest manifest2;

    private SampleStore(Path root, SnapshotManifest m1, SnapshotManifest m2) {
        this.root = root;
        this.data = root.resolve("data");
        this.snap1 = root.resolve("snap1");
        this.snap2 = root.resolve("snap2");
        this.manifest1 = m1;
        this.manifest2 = m2;
    }

    static SampleStore build(Path root) throws IOException {
        try (EmbeddedStore store = EmbeddedStore.builder().dataDir(root.resolve("data")).walOptions(WalOptions.builder()
                .syncMode(SyncMode.NONE).segmentSizeBytes(1 << 20).build()).build()) {
            BlockingMetadataStore s = store.blocking();
            s.createBucket(createBucket("photos", Versioning.ENABLED).build());
            s.createBucket(createBucket("logs", Versioning.UNVERSIONED).build());
            s.createBucket(createBucket("odd", Versioning.ENABLED).build());
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (int i = 0; i < PHOTOS; i++) {
                pending.add(store.putObject(put("photos", photo(i), "e" + i, size(i)).build()));
            }
            for (int i = 0; i < LOGS; i++) {
                pending.add(store.putObject(put("logs", log(i), "l" + i, size(i * 7)).build()));
            }
            for (String k : ODD_KEYS) {
                pending.add(store.putObject(put("odd", k, "o", 3).build()));
            }
            join(pending);
            SnapshotManifest m1 = store.snapshot(root.resolve("snap1"));
            for (int i = 0; i < 300; i++) { // second versions
                pending.add(store.putObject(put("photos", photo(i), "v2-" + i, size(i) + 1).build()));
            }
            for (int i = 300; i < 400; i++) { // delete markers
                pending.add(store.deleteObject(delete("photos", photo(i)).build()));
            }
            for (int i = 0; i < 100; i++) { // real deletes
                pending.add(store.deleteObject(delete("logs", log(i)).build()));
            }
            for (int i = LOGS; i < LOGS + 50; i++) {
                pending.add(store.putObject(put("logs", log(i), "l" + i, size(i)).build()));
            }
            join(pending);
            for (int u = 0; u < 5; u++) {
                String id = s.createMultipartUpload(createUpload("photos", "big/upload-" + u).build()).getUploadId();
                for (int part = 1; part <= u; part++) {
                    s.uploadPart(uploadPart("photos", id, part, 5 + part, "p" + part).build());
                }
            }
            SnapshotManifest m2 = store.snapshot(root.resolve("snap2"));
            return new SampleStore(root, m1, m2);
        }
    }

    static String photo(int i) {
        return String.format("%04d/img-%05d.jpg", 2000 + i % 25, i);
    }

    static String log(int i) {
        return String.format("app/%02d/log-%05d", i % 10, i);
    }

    /** Sizes spread over several powers of two. */
    static long size(int i) {
        return (long) (i % 17) << (i % 20);
    }

    private static void join(List<CompletableFuture<?>> pending) {
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        pending.clear();
    }
}
