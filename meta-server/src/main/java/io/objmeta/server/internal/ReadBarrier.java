package io.objmeta.server.internal;

import io.objmeta.api.UnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Linearizable reads, coalesced. A read may be served once this node has applied everything committed before
 * the read arrived; Ratis' ReadIndex (with the leader lease) establishes that. One ReadIndex round serves every
 * read that arrived before it started: a read arriving while a round is in flight waits for the next round (the
 * one in flight may predate a write the reader has seen acknowledged).
 */
final class ReadBarrier {
    private final Supplier<CompletableFuture<RaftClientReply>> readIndex;
    private final long timeoutMillis;
    private CompletableFuture<Void> next; // waiters for the round after the one in flight; guarded by this
    private boolean inFlight;              // guarded by this
    final AtomicLong rounds = new AtomicLong();

    ReadBarrier(Supplier<CompletableFuture<RaftClientReply>> readIndex, long timeoutMillis) {
        this.readIndex = readIndex;
        this.timeoutMillis = timeoutMillis;
    }

    /** Completes when a read started now may run against the local state. */
    CompletableFuture<Void> await() {
        CompletableFuture<Void> f;
        boolean fire;
        synchronized (this) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            f = next;
            fire = !inFlight;
            if (fire) {
                inFlight = true;
                next = null;
            }
        }
        if (fire) {
            round(f);
        }
        return f;
    }

    private void round(CompletableFuture<Void> waiters) {
        rounds.incrementAndGet();
        CompletableFuture<RaftClientReply> r;
        try {
            r = readIndex.get();
        } catch (RuntimeException e) {
            r = CompletableFuture.failedFuture(e);
        }
        r.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((reply, e) -> {
            if (e == null && reply.isSuccess()) {
                waiters.complete(null);
            } else {
                Throwable t = e != null ? e : reply.getException();
                waiters.completeExceptionally(new UnavailableException("linearizable read not possible now ("
                        + (t == null ? "no reply" : t.getClass().getSimpleName() + ": " + t.getMessage())
                        + "); retry, or read with consistency=STALE"));
            }
            CompletableFuture<Void> again;
            synchronized (this) {
                again = next;
                next = null;
                inFlight = again != null;
            }
            if (again != null) {
                round(again);
            }
        });
    }
}
