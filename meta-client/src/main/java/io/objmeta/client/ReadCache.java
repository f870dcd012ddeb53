package io.objmeta.client;

import io.objmeta.api.Errors;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.Watch;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.Change;
import io.objmeta.api.proto.ChangeType;
import io.objmeta.api.proto.Consistency;
import io.objmeta.api.proto.GetObjectRequest;
import io.objmeta.api.proto.ObjectVersion;
import io.objmeta.api.proto.WatchRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An optional read cache of {@link MetaClient} (off by default): the latest version of recently read keys, bounded
 * (LRU) and with a TTL, kept fresh by a watch of every bucket. A cached entry is served while it is younger than the
 * TTL and the watch is connected; the client's own writes and every change the watch reports drop the entries
 * they touch. When the cluster cannot be reached, a cached entry of any age is served instead of the error, marked
 * stale with the revision of the version it holds ({@link CachedRead#stale()}).
 *
 * <p>Cached reads are not linearizable: they may trail the cluster by the watch's delay (milliseconds). Reads
 * with a versionId, {@code consistency=STALE} or a {@code minRevision} always go to the cluster.
 */
public final class ReadCache implements AutoCloseable {
    /** One read: the version, its revision, and whether it came from the cache because the cluster was away. */
    public record CachedRead(ObjectVersion version, long revision, boolean stale) {
    }

    /** Counts since the client started; {@code size} and {@code watching} now. */
    public record Stats(long hits, long misses, long staleServed, int size, boolean watching) {
    }

    /**
     * A cached version, or a tombstone ({@code version == null}) remembering the revision of the last change; loaded
     * while watch number {@code epoch} was running (only entries of the running watch are fresh).
     */
    private record Entry(ObjectVersion version, long revision, long loadedNanos, long epoch) {
    }

    private final int maxEntries;
    private final long ttlNanos;
    private final LinkedHashMap<String, Entry> entries;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong staleServed = new AtomicLong();
    private final MetaClient client;
    private volatile boolean watching;
    private volatile long epoch; // bumped whenever the watch broke: changes may have been missed since
    private volatile Watch watch;
    private volatile boolean closed;

    ReadCache(MetaClient client, int maxEntries, Duration ttl) {
        this.client = client;
        this.maxEntries = maxEntries;
        this.ttlNanos = ttl.toNanos();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > ReadCache.this.maxEntries;
            }
        };
        startWatch();
    }

    private static String id(String bucket, String key) {
        return bucket + '\u0000' + key;
    }

    private void startWatch() {
        if (closed) {
            return;
        }
        watch = client.watch(WatchRequest.getDefaultInstance(), new WatchListener() {
            @Override
            public void onChanges(List<Change> changes) {
                watching = true;
                changes.forEach(ReadCache.this::apply);
            }

            @Override
            public void onProgress(long revision) {
                watching = true;
            }

            @Override
            public void onError(Throwable error) {
                // gave up (cluster away too long, or the feed was compacted under us): changes may have been missed,
                // so nothing cached is fresh any more (a new epoch), but it may still be served stale. Start over.
                watching = false;
                epoch++;
                if (!closed) {
                    startWatch();
                }
            }
        });
    }

    private void apply(Change c) {
        if (c.getType() == ChangeType.BUCKET_DELETED) {
            synchronized (this) {
                entries.keySet().removeIf(k -> k.startsWith(c.getBucket() + '\u0000'));
            }
        } else if (!c.getKey().isEmpty()) {
            invalidate(c.getBucket(), c.getKey(), c.getRevision());
        }
    }

    /** Drops a key's entry and remembers that it changed at {@code revision} (older loads are not cached). */
    synchronized void invalidate(String bucket, String key, long revision) {
        String id = id(bucket, key);
        Entry e = entries.get(id);
        if (e == null || e.revision() < revision) {
            entries.put(id, new Entry(null, revision, System.nanoTime(), epoch));
        }
    }

    static boolean cacheable(GetObjectRequest r) {
        return r.getVersionId().isEmpty() && r.getConsistency() == Consistency.LINEARIZABLE && !r.hasMinRevision();
    }

    CompletableFuture<CachedRead> get(GetObjectRequest r, Supplier<CompletableFuture<ObjectVersion>> load) {
        if (!cacheable(r)) {
            return load.get().thenApply(v -> new CachedRead(v, v.getRevision(), false));
        }
        String id = id(r.getBucket(), r.getKey());
        Entry e;
        synchronized (this) {
            e = entries.get(id);
        }
        if (e != null && e.version() != null && watching && e.epoch() == epoch
                && System.nanoTime() - e.loadedNanos() < ttlNanos) {
            hits.incrementAndGet();
            return CompletableFuture.completedFuture(new CachedRead(e.version(), e.revision(), false));
        }
        misses.incrementAndGet();
        Entry cached = e;
        return load.get().handle((v, err) -> {
            if (err == null) {
                synchronized (this) {
                    Entry now = entries.get(id);
                    if (now == null || now.revision() <= v.getRevision()) {
                        entries.put(id, new Entry(v, v.getRevision(), System.nanoTime(), epoch));
                    }
                }
                return new CachedRead(v, v.getRevision(), false);
            }
            Throwable t = Errors.unwrap(err);
            if (t instanceof UnavailableException && cached != null && cached.version() != null) {
                staleServed.incrementAndGet();
                return new CachedRead(cached.version(), cached.revision(), true);
            }
            throw t instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(t);
        });
    }

    public Stats stats() {
        int size;
        synchronized (this) {
            size = (int) entries.values().stream().filter(x -> x.version() != null).count();
        }
        return new Stats(hits.get(), misses.get(), staleServed.get(), size, watching);
    }

    @Override
    public void close() {
        closed = true;
        Watch w = watch;
        if (w != null) {
            w.cancel();
        }
    }
}
