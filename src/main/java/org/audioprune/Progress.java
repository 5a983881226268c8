package org.audioprune;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The sink for what long work reports besides its result: progress bars, one style everywhere, and
 * warnings that do not stop the work. Library code never prints; the command line points this at
 * its stderr (so that stdout stays parseable) and switches bars off for {@code --no-progress}.
 * Until then everything is discarded.
 */
public final class Progress {
    /** Width of a rendered bar: progressbar cannot ask the terminal through a Writer. */
    private static final int WIDTH = 100;
    private static volatile PrintWriter sink;
    private static volatile boolean enabled = true;
    /** True while a bar has drawn a line without ending it, so the next message must start a new one. */
    private static boolean lineOpen;

    private Progress() {
    }

    /** Sends bars and warnings to {@code err} (null: discard them), bars switched on. */
    public static void configure(PrintWriter err) {
        synchronized (Progress.class) {
            sink = err;
            enabled = true;
            lineOpen = false;
        }
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /**
     * Runs {@code work} with the bars it starts silent (bars already drawing go on): for the inner
     * steps of a unit of work whose own bar, over all units, is the one to watch.
     */
    public static <T> T silently(java.util.function.Supplier<T> work) {
        boolean was = enabled;
        enabled = false;
        try {
            return work.get();
        } finally {
            enabled = was;
        }
    }

    /** A bar for {@code max} steps of {@code task}; a silent one when progress is off. */
    public static ProgressBar bar(String task, long max) {
        PrintWriter out = enabled ? sink : null;
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(new Line(out, new AtomicBoolean())).build();
    }

    /** One line {@code audioprune: warning: MESSAGE}, also with bars off. */
    public static void warn(String message) {
        PrintWriter out = sink;
        if (out != null) {
            synchronized (Progress.class) {
                endLine(out);
                out.println("audioprune: warning: " + message);
                out.flush();
            }
        }
    }

    /**
     * Ends a bar's unfinished line on {@code out}, so that a message printed next (an error, after work
     * stopped mid-bar) starts on a line of its own. A no-op when no bar line is open.
     */
    public static void endLine(PrintWriter out) {
        synchronized (Progress.class) {
            if (out != null && lineOpen) {
                out.println();
                out.flush();
            }
            lineOpen = false;
        }
    }

    /**
     * Redraws the bar in place on one line ({@code \r}); null discards. A periodic redraw still running
     * when the bar closes must not draw after the close (the error that follows would share its line).
     */
    private record Line(PrintWriter out, AtomicBoolean closed) implements ProgressBarConsumer {
        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            if (out != null) {
                synchronized (Progress.class) {
                    if (closed.get()) {
                        return;
                    }
                    out.print('\r' + rendered);
                    out.flush();
                    lineOpen = true;
                }
            }
        }

        @Override
        public void close() {
            synchronized (Progress.class) {
                closed.set(true);
                endLine(out);
            }
        }
    }
}
