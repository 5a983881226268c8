package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.audioprune.CliRun;
import org.audioprune.io.AtomicFiles;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick up *Bench): the wall time of the tests' tiny sweep
 * ({@link SweepCase} with {@code -Dbench.clips} clips, {@code -Dbench.seeds} fine-tuning seeds of
 * {@code -Dbench.epochs} epochs: 1 baseline and 4 × seeds run units)
 * as the whole {@code sweep} command, in this process on 1 and 2 threads, and with
 * {@code --engine spark} on a standalone cluster of 1 and of 2 workers (1 core each). Spark runs
 * include what a user waits for: the SparkContext, the executors' JVMs and their loading of the
 * PyTorch natives. Features are cached before the clock starts. Runs alternate, the best counts.
 * Run from spark/ with
 * {@code ../mvnw -B -o test -Dtest=SweepSpeedupBench -Dbench.clips=16 -Dbench.seeds=4 -Dbench.epochs=2}; the
 * table goes to stdout and {@code target/bench/sweep-speedup.md}.
 */
class SweepSpeedupBench {
    @Test
    void measure() throws Exception {
        int perClass = Integer.getInteger("bench.clips", 16) / 2;
        int seeds = Integer.getInteger("bench.seeds", 4);
        int epochs = Integer.getInteger("bench.epochs", 2);
        int repeats = Integer.getInteger("bench.repeats", 2);
        Path dir = Files.createTempDirectory("sweep-bench");
        try {
            SweepCase sweep = SweepCase.create(dir.resolve("data"), perClass, seeds, epochs);
            assertEquals(0, CliRun.of(sweep.args(dir.resolve("warm-up"))).code()); // caches the features
            String loadBefore = SpeedupTable.loadAverage();
            SpeedupTable.Row local1 = new SpeedupTable.Row("in-process, --threads 1");
            SpeedupTable.Row local2 = new SpeedupTable.Row("in-process, --threads 2");
            SpeedupTable.Row one = new SpeedupTable.Row("standalone, 1 worker x 1 core");
            SpeedupTable.Row two = new SpeedupTable.Row("standalone, 2 workers x 1 core");
            int[] n = {0};
            try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
                for (int r = 0; r < repeats; r++) {
                    for (SpeedupTable.Row row : List.of(local1, local2)) {
                        Path out = dir.resolve("out-" + n[0]++);
                        String threads = row == local1 ? "1" : "2";
                        row.runs().add(SpeedupTable.time(() -> run(sweep.args(out), threads), () -> 0));
                        AtomicFiles.deleteRecursively(out);
                    }
                    for (SpeedupTable.Row row : List.of(one, two)) {
                        int cores = row == one ? 1 : 2;
                        Path out = dir.resolve("out-" + n[0]++);
                        ExecutorCpu cpu = new ExecutorCpu(cluster);
                        row.runs().add(SpeedupTable.time(() -> {
                            try {
                                SweepCase.withSparkProperties(cluster.conf("bench-" + cores, cores), () -> {
                                    run(sweep.args(out, "--engine", "spark", "--master", cluster.masterUrl()), "1");
                                    return null;
                                });
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }, cpu));
                        cpu.stop();
                        AtomicFiles.deleteRecursively(out);
                    }
                }
            }
            SpeedupTable.publish("sweep-speedup.md", SpeedupTable.markdown(String.format(Locale.ROOT,
                    "sweep command: %d tone clips of 0.2 s, dcase21, 1 baseline of 1 epoch + %d run units (l1, bc x "
                    + "paper, uniform-25 x %d seeds, %d fine-tuning epochs, batch 4); best of %d runs; %d cores; load "
                    + "average before: %s, after: %s", 2 * perClass, 4 * seeds, seeds, epochs, repeats,
                    Runtime.getRuntime().availableProcessors(),
                    loadBefore, SpeedupTable.loadAverage()), List.of(local1, local2, one, two), one));
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }

    /** Runs the command with {@code --threads} replaced, and checks that it succeeded. */
    private static void run(String[] args, String threads) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--threads")) {
                args[i + 1] = threads;
            }
        }
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
    }

    /**
     * The CPU time of the cluster's executors, which exit with the command: sampled every 100 ms
     * while the command runs (the last sample of each executor counts).
     */
    private static final class ExecutorCpu implements LongSupplier {
        private final Map<Long, Long> last = new ConcurrentHashMap<>();
        private final Thread sampler;
        private volatile boolean running = true;

        ExecutorCpu(StandaloneCluster cluster) {
            sampler = new Thread(() -> {
                while (running) {
                    cluster.executors().forEach(p -> p.info().totalCpuDuration()
                            .ifPresent(d -> last.put(p.pid(), d.toNanos())));
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "executor-cpu");
            sampler.setDaemon(true);
            sampler.start();
        }

        @Override
        public long getAsLong() {
            return last.values().stream().mapToLong(Long::longValue).sum();
        }

        void stop() throws InterruptedException {
            running = false;
            sampler.join();
        }
    }
}
