package org.audioprune;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars for long work, one style everywhere, on stderr so that stdout stays parseable.
 * Commands with {@code --no-progress} switch them off for the whole process.
 */
public final class Progress {
    private static volatile boolean enabled = true;

    private Progress() {
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** A bar for {@code max} steps of {@code task}; a silent one when progress is off. */
    public static ProgressBar bar(String task, long max) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250);
        return b.setConsumer(enabled ? new ConsoleProgressBarConsumer(System.err)
                : new DelegatingProgressBarConsumer(line -> { })).build();
    }
}
