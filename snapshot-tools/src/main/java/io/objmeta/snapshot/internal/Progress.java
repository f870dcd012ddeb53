package io.objmeta.snapshot.internal;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long runs, shown only when the process has a terminal
 * ({@code System.console() != null}); otherwise every call is a no-op, so piped output and tests stay clean.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar; // null when silent

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** {@code total} is the expected number of steps (an estimate is fine; 0 or less shows a spinner). */
    public static Progress start(String task, long total) {
        if (System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build());
    }

    public void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
