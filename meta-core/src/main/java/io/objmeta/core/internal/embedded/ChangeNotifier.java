package io.objmeta.core.internal.embedded;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Lets watchers wait for the revision to move past what they have delivered. */
public final class ChangeNotifier {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long revision;

    public ChangeNotifier(long revision) {
        this.revision = revision;
    }

    public void advanceTo(long rev) {
        lock.lock();
        try {
            if (rev > revision) {
                revision = rev;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public long revision() {
        return revision;
    }

    /** Waits until the revision exceeds {@code seen} or the timeout passes; returns the current revision. */
    public long awaitAbove(long seen, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (revision <= seen && nanos > 0) {
                nanos = advanced.awaitNanos(nanos);
            }
            return revision;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter (on close). */
    public void wakeAll() {
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
