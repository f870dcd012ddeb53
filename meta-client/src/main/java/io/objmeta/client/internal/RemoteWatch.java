package io.objmeta.client.internal;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.objmeta.api.GrpcErrors;
import io.objmeta.api.MetadataException;
import io.objmeta.api.UnavailableException;
import io.objmeta.api.Watch;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.WatchRequest;
import io.objmeta.api.proto.WatchResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A watch over the network that survives node failures: it remembers the last revision delivered (or announced by
 * a progress message) and, when the stream breaks for a retriable reason, subscribes again on the next node from
 * the revision after it, so no event is skipped and none is delivered twice. A start the cluster no longer has
 * ends the watch with {@code CompactedException} through {@code onError}, never with a silent gap.
 */
public final class RemoteWatch implements Watch {
    private final Endpoints endpoints;
    private final ScheduledExecutorService timer;
    private final WatchRequest request;
    private final WatchListener listener;
    private final int maxConsecutiveFailures;
    private volatile long resumeFrom;   // next revision wanted; 0 = "from now" until anything arrived
    private volatile boolean done;
    private volatile ClientCallStreamObserver<WatchRequest> call;
    private int failures;               // consecutive, reset by any message

    public RemoteWatch(Endpoints endpoints, ScheduledExecutorService timer, WatchRequest request,
                       WatchListener listener, int maxConsecutiveFailures) {
        this.endpoints = endpoints;
        this.timer = timer;
        this.request = request;
        this.listener = listener;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.resumeFrom = request.getFromRevision();
    }

    public RemoteWatch start() {
        subscribe();
        return this;
    }

    private void subscribe() {
        if (done) {
            return;
        }
        int node = endpoints.current();
        WatchRequest r = request.toBuilder().setFromRevision(resumeFrom).build();
        endpoints.asyncStub(node).watch(r, new ClientResponseObserver<WatchRequest, WatchResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WatchRequest> requestStream) {
                call = requestStream;
            }

            @Override
            public void onNext(WatchResponse m) {
                failures = 0;
                if (m.getChangesCount() > 0) {
                    listener.onChanges(m.getChangesList());
                    resumeFrom = m.getChanges(m.getChangesCount() - 1).getRevision() + 1;
                } else {
                    if (m.getRevision() + 1 > resumeFrom) {
                        resumeFrom = m.getRevision() + 1;
                    }
                    listener.onProgress(m.getRevision());
                }
            }

            @Override
            public void onError(Throwable t) {
                if (done) {
                    return;
                }
                MetadataException e = t instanceof StatusRuntimeException s ? GrpcErrors.fromStatus(s)
                        : new UnavailableException("watch stream failed: " + t, t);
                if (Retrier.retriable(e) && ++failures <= maxConsecutiveFailures) {
                    endpoints.failed(node);
                    long backoff = Math.min(2_000, 50L << Math.min(6, failures));
                    timer.schedule(RemoteWatch.this::subscribe, backoff, TimeUnit.MILLISECONDS);
                } else {
                    done = true;
                    listener.onError(e);
                }
            }

            @Override
            public void onCompleted() {
                if (!done) {
                    // the server ends a watch only when it shuts down: carry on elsewhere
                    onError(new UnavailableException("watch ended by the server"));
                }
            }
        });
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        ClientCallStreamObserver<WatchRequest> c = call;
        if (c != null) {
            c.cancel("cancelled by the client", null);
        }
        listener.onCompleted();
    }

    @Override
    public boolean isDone() {
        return done;
    }

    /** The revision a resubscription would start from. */
    public long resumeFrom() {
        return resumeFrom;
    }
}
