package io.objmeta.server.internal;

import io.objmeta.api.MetadataException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.proto.Command;
import io.objmeta.api.proto.CommandBatch;
import io.objmeta.api.proto.CommandBatchResult;
import io.objmeta.api.proto.CommandResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Coalesces this node's concurrent writes into Raft entries. Per-entry cost in Raft (append, replicate, fsync,
 * apply, reply) dominates small writes, so a new entry is formed as soon as fewer than
 * {@code maxOutstanding} entries are in flight, carrying everything queued meanwhile (bounded in commands and
 * bytes). One client under no load gets an entry of its own at once; 256 clients share a few large entries.
 */
final class WriteBatcher {
    private final Function<Message, CompletableFuture<RaftClientReply>> send;
    private final int maxCommands;
    private final int maxBytes;
    private final int maxOutstanding;
    private final int maxQueued;
    private final long timeoutMillis;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private int outstanding; // entries handed to Ratis and not answered; guarded by this
    private boolean closed;  // guarded by this
    final AtomicLong entriesSent = new AtomicLong();
    final AtomicLong commandsSent = new AtomicLong();

    private record Item(Command command, int bytes, CompletableFuture<CommandResult> result) {
    }

    WriteBatcher(Function<Message, CompletableFuture<RaftClientReply>> send, int maxCommands, int maxBytes,
                 int maxOutstanding, int maxQueued, long timeoutMillis) {
        this.send = send;
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
        this.maxOutstanding = maxOutstanding;
        this.maxQueued = maxQueued;
        this.timeoutMillis = timeoutMillis;
    }

    /** Queues a validated command; the future completes with its result once applied on the leader. */
    CompletableFuture<CommandResult> submit(Command command) {
        CompletableFuture<CommandResult> f = new CompletableFuture<>();
        List<List<Item>> ready;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new UnavailableException("the node is shutting down"));
            }
            if (queue.size() >= maxQueued) {
                return CompletableFuture.failedFuture(new MetadataException(MetadataException.Code.RESOURCE_EXHAUSTED,
                        "write queue full: " + queue.size() + " writes waiting (expected: < maxQueuedCommands "
                                + maxQueued + "); retry later"));
            }
            queue.add(new Item(command, command.getSerializedSize(), f));
            ready = takeBatches();
        }
        ready.forEach(this::send);
        return f;
    }

    /** Forms entries while Ratis has room for them; caller holds the lock. */
    private List<List<Item>> takeBatches() {
        List<List<Item>> out = List.of();
        while (outstanding < maxOutstanding && !queue.isEmpty()) {
            List<Item> batch = new ArrayList<>(Math.min(queue.size(), maxCommands));
            int bytes = 0;
            while (!queue.isEmpty() && batch.size() < maxCommands
                    && (batch.isEmpty() || bytes + queue.peek().bytes() <= maxBytes)) {
                Item i = queue.poll();
                bytes += i.bytes();
                batch.add(i);
            }
            if (out.isEmpty()) {
                out = new ArrayList<>(2);
            }
            out.add(batch);
            outstanding++;
        }
        return out;
    }

    private void send(List<Item> batch) {
        CommandBatch.Builder b = CommandBatch.newBuilder();
        batch.forEach(i -> b.addCommands(i.command()));
        entriesSent.incrementAndGet();
        commandsSent.addAndGet(batch.size());
        CompletableFuture<RaftClientReply> reply;
        try {
            reply = send.apply(Message.valueOf(UnsafeByteOperations.unsafeWrap(b.build().toByteArray())));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            List<List<Item>> ready;
            synchronized (this) {
                outstanding--;
                ready = takeBatches();
            }
            ready.forEach(this::send);
            complete(batch, r, e);
        });
    }

    private static void complete(List<Item> batch, RaftClientReply r, Throwable e) {
        if (e == null && r.isSuccess()) {
            try {
                // in process (this node leads): the state machine's own object; from a remote leader: its bytes
                List<CommandResult> res = r.getMessage() instanceof BatchReply local ? local.results()
                        : CommandBatchResult.parseFrom(r.getMessage().getContent().asReadOnlyByteBuffer())
                                .getResultsList();
                if (res.size() == batch.size()) {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(res.get(i));
                    }
                    return;
                }
                e = new IllegalStateException("reply holds " + res.size() + " results (expected: "
                        + batch.size() + ")");
            } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                e = x;
            }
        } else if (e == null) {
            e = r.getException();
        }
        UnavailableException u = new UnavailableException("write outcome unknown (" + describe(e)
                + "); retry with the same requestId to apply it at most once");
        batch.forEach(i -> i.result().completeExceptionally(u));
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof java.util.concurrent.TimeoutException) {
            return "no reply within the request timeout";
        }
        return t == null ? "no reply" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Fails queued writes; entries already in Ratis complete normally. */
    void close() {
        List<Item> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(queue);
            queue.clear();
        }
        UnavailableException u = new UnavailableException("the node is shutting down");
        left.forEach(i -> i.result().completeExceptionally(u));
    }
}
