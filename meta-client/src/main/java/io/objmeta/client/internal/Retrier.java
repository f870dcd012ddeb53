package io.objmeta.client.internal;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.StatusRuntimeException;
import io.objmeta.api.GrpcErrors;
import io.objmeta.api.MetadataException;
import io.objmeta.api.NotLeaderException;
import io.objmeta.api.QuotaExceededException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.proto.MetadataGrpc;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one RPC with a per-attempt deadline and bounded retries: only for failures that are safe and useful to
 * retry (the node is unavailable or overloaded, no leader, timeout), moving to the next endpoint after a
 * failure, with exponential backoff and full jitter. Writes are safe to retry because every write carries a
 * requestId the cluster de-duplicates.
 */
public final class Retrier {
    private final Endpoints endpoints;
    private final ScheduledExecutorService timer;
    private final long callTimeoutMillis;
    private final int maxAttempts;
    private final long backoffMillis;
    private final long maxBackoffMillis;

    public Retrier(Endpoints endpoints, ScheduledExecutorService timer, long callTimeoutMillis, int maxAttempts,
                   long backoffMillis, long maxBackoffMillis) {
        this.endpoints = endpoints;
        this.timer = timer;
        this.callTimeoutMillis = callTimeoutMillis;
        this.maxAttempts = maxAttempts;
        this.backoffMillis = backoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    /** True for failures worth another attempt (on another node). */
    public static boolean retriable(MetadataException e) {
        return e instanceof UnavailableException || e instanceof NotLeaderException
                || (e.code() == MetadataException.Code.RESOURCE_EXHAUSTED && !(e instanceof QuotaExceededException))
                || e.code() == MetadataException.Code.UNAVAILABLE;
    }

    public <T> CompletableFuture<T> call(Function<MetadataGrpc.MetadataFutureStub, ListenableFuture<T>> rpc) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(rpc, 1, result);
        return result;
    }

    private <T> void attempt(Function<MetadataGrpc.MetadataFutureStub, ListenableFuture<T>> rpc, int n,
                             CompletableFuture<T> result) {
        int node = endpoints.current();
        ListenableFuture<T> f;
        try {
            f = rpc.apply(endpoints.futureStub(node).withDeadlineAfter(callTimeoutMillis, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        Futures.addCallback(f, new FutureCallback<>() {
            @Override
            public void onSuccess(T v) {
                result.complete(v);
            }

            @Override
            public void onFailure(Throwable t) {
                MetadataException e = t instanceof StatusRuntimeException s ? GrpcErrors.fromStatus(s)
                        : new UnavailableException("call failed: " + t, t);
                if (!retriable(e) || n >= maxAttempts) {
                    result.completeExceptionally(e);
                    return;
                }
                endpoints.failed(node);
                timer.schedule(() -> attempt(rpc, n + 1, result), delay(n), TimeUnit.MILLISECONDS);
            }
        }, MoreExecutors.directExecutor());
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(n-1))]. */
    long delay(int n) {
        long cap = Math.min(maxBackoffMillis, backoffMillis << Math.min(20, n - 1));
        return ThreadLocalRandom.current().nextLong(cap + 1);
    }
}
