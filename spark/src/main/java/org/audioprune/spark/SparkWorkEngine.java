package org.audioprune.spark;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.work.EngineKind;
import org.audioprune.work.UnitJob;
import org.audioprune.work.UnitRunner;
import org.audioprune.work.UnitStore;
import org.audioprune.work.WorkEngine;
import org.audioprune.work.WorkEngineProvider;
import org.audioprune.work.WorkUnit;

/**
 * Runs a job's units as Spark tasks, one task per unit, so that Spark schedules, places and
 * retries each unit on its own: a task lost with its executor is run again elsewhere (up to
 * {@code spark.task.maxFailures} attempts), and {@link UnitStore#runOnce} makes every attempt
 * idempotent: a unit already recorded is not computed again, and of two racing attempts the
 * first to finish stands. The driver (this process) only sends descriptors and collects the
 * small result rows; executors read the data and write the units' folders on storage that every
 * process sees under the same path.
 *
 * <p>Each task's unit runs with {@code spark.task.cpus} threads (default 1): for units that use
 * several cores (fine-tuning), set it to the executor's cores so that one unit runs per executor.
 */
public final class SparkWorkEngine implements WorkEngine {
    /** The ServiceLoader entry that makes {@code --engine spark} find this engine. */
    public static final class Provider implements WorkEngineProvider {
        @Override
        public EngineKind kind() {
            return EngineKind.SPARK;
        }

        @Override
        public WorkEngine open(String master, String appName) {
            SparkConf conf = new SparkConf(); // spark.* system properties, as spark-submit passes them
            if (master != null) {
                conf.setMaster(master);
            } else if (!conf.contains("spark.master")) {
                conf.setMaster("local[*]");
            }
            if (conf.get("spark.master").startsWith("local")) { // one process: no network needed
                conf.setIfMissing("spark.driver.host", "127.0.0.1");
                conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            }
            if (!conf.contains("spark.app.name")) {
                conf.setAppName("audioprune " + appName);
            }
            return new SparkWorkEngine(conf);
        }
    }

    /** Counts failed task attempts and steps the driver's progress bar. */
    private static final class Attempts extends SparkListener {
        final AtomicInteger failed = new AtomicInteger();
        volatile ProgressBar bar;

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskInfo().successful()) {
                ProgressBar b = bar;
                if (b != null) {
                    b.step();
                }
            } else if (end.taskInfo().failed()) {
                failed.incrementAndGet();
            }
        }
    }

    private final JavaSparkContext spark;
    private final Attempts attempts = new Attempts();

    /** Starts a Spark context with {@code conf} (its master, executors, ...). */
    public SparkWorkEngine(SparkConf conf) {
        conf.setIfMissing("spark.ui.showConsoleProgress", "false"); // the driver draws AudioPrune's bar
        this.spark = new JavaSparkContext(conf);
        spark.sc().addSparkListener(attempts);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.SPARK;
    }

    /** The running context (for tests and for callers that tune it). */
    public JavaSparkContext context() {
        return spark;
    }

    @Override
    public <U extends WorkUnit, R extends Serializable> Batch<R> execute(UnitJob<U, R> job, List<U> pending) {
        UnitStore store = job.store();
        UnitRunner<U, R> runner = job.runner();
        Class<R> type = job.resultType();
        int failedBefore = attempts.failed.get();
        spark.setJobDescription(job.name() + ": " + pending.size() + " units in " + store.root());
        try (ProgressBar bar = Progress.bar(job.name(), pending.size())) {
            attempts.bar = bar;
            List<R> results = spark.parallelize(pending, pending.size())
                    .map(unit -> store.runOnce(unit, runner, type, TaskContext.get().cpus()))
                    .collect();
            return new Batch<>(results, attempts.failed.get() - failedBefore);
        } catch (Exception e) {
            throw translate(e, job);
        } finally {
            attempts.bar = null;
        }
    }

    /** A failed job as the CLI reports it: the unit's own user error (exit 2), else an internal error. */
    private static RuntimeException translate(Exception e, UnitJob<?, ?> job) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AudioPruneException user) {
                return new AudioPruneException(user.getMessage(), e);
            }
        }
        if (e instanceof SparkException || !(e instanceof RuntimeException)) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new IllegalStateException("Spark job " + job.name() + " failed: " + first, e);
        }
        return (RuntimeException) e;
    }

    @Override
    public void close() {
        spark.stop();
    }
}
