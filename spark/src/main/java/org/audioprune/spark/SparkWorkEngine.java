package org.audioprune.spark;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * <p>Each task's unit runs with {@code spark.task.cpus} threads, which defaults to the executor's
 * cores here (see the constructor): one unit at a time per executor, on all its cores.
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

    /** {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}. */
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?");

    /** What every executor JVM needs for units that train (DJL) or rank with betweenness (the vector API). */
    static final String EXECUTOR_JAVA_OPTIONS = "-Dai.djl.offline=true --add-modules jdk.incubator.vector";

    /**
     * Starts a Spark context with {@code conf} (its master, executors, ...), after adding what
     * AudioPrune's units need where the user has not set it: a task takes a whole executor
     * ({@code spark.task.cpus} = the executor's cores, so a unit's intra-op threads follow them and a
     * lost executor loses one unit), and executors run DJL offline on the PyTorch CPU natives of the
     * bundled jars ({@link #EXECUTOR_JAVA_OPTIONS}, {@code PYTORCH_FLAVOR=cpu}, passive OpenMP waiting).
     */
    public SparkWorkEngine(SparkConf conf) {
        conf.setIfMissing("spark.ui.showConsoleProgress", "false"); // the driver draws AudioPrune's bar
        int cores = executorCores(conf);
        if (cores > 0) {
            conf.setIfMissing("spark.task.cpus", Integer.toString(cores));
        }
        String options = conf.get("spark.executor.extraJavaOptions", "");
        if (!options.contains("ai.djl.offline")) {
            conf.set("spark.executor.extraJavaOptions", (options + " " + EXECUTOR_JAVA_OPTIONS).trim());
        }
        conf.setIfMissing("spark.executorEnv.PYTORCH_FLAVOR", "cpu");
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        this.spark = new JavaSparkContext(conf);
        spark.sc().addSparkListener(attempts);
    }

    /**
     * The cores of one executor: N of {@code local[N]} (the driver is the executor), else
     * {@code spark.executor.cores}; 0 if unknown (a standalone executor without it takes all of its
     * worker's cores, which the driver does not know in advance).
     */
    static int executorCores(SparkConf conf) {
        String master = conf.get("spark.master", "");
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            String n = local.group(1);
            return n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
        }
        return conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 0) : 0;
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
