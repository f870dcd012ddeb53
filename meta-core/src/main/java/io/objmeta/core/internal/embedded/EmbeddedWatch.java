package io.objmeta.core.internal.embedded;

import io.objmeta.api.Watch;
import io.objmeta.api.WatchListener;
import io.objmeta.api.proto.Change;
import io.objmeta.core.MetaCore;
import java.util.List;

/**
 * One watch: a thread that reads the change feed from LMDB in pages and hands them to the listener in revision
 * order. Back-pressure is natural: the listener runs on this thread, so a slow listener only falls behind in
 * the feed (nothing is buffered); if it falls out of the retention window it gets "compacted".
 */
public final class EmbeddedWatch implements Watch {
    private static final int PAGE = 512;
    private final MetaCore core;
    private final ChangeNotifier notifier;
    private final WatchListener listener;
    private final String bucket;
    private final String prefix;
    private final Thread thread;
    private volatile boolean cancelled;
    private volatile boolean done;
    private long next; // next revision to deliver

    public EmbeddedWatch(MetaCore core, ChangeNotifier notifier, long fromRevision, String bucket, String prefix,
                         WatchListener listener) {
        this.core = core;
        this.notifier = notifier;
        this.listener = listener;
        this.bucket = bucket;
        this.prefix = prefix;
        this.next = fromRevision <= 0 ? core.revision() + 1 : fromRevision; // 0: from now on, as etcd
        this.thread = new Thread(this::run, "objmeta-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (!cancelled) {
                long upTo = notifier.revision();
                if (next > upTo) {
                    notifier.awaitAbove(next - 1, 1_000);
                    continue;
                }
                List<Change> page = core.changes(next, PAGE, bucket, prefix);
                if (!page.isEmpty()) {
                    listener.onChanges(page);
                    next = page.get(page.size() - 1).getRevision() + 1;
                }
                if (page.isEmpty() || page.get(page.size() - 1).getRevision() >= upTo) {
                    next = Math.max(next, upTo + 1); // filtered-out revisions are delivered as progress
                    listener.onProgress(upTo);
                }
            }
            listener.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(e);
        } finally {
            done = true;
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        notifier.wakeAll();
    }

    @Override
    public boolean isDone() {
        return done;
    }

    /** Waits for the watch thread to finish after a cancel. */
    public void join() throws InterruptedException {
        thread.join();
    }
}
