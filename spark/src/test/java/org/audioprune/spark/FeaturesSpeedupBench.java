package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.DatasetRef;
import org.audioprune.data.FeatureShards;
import org.audioprune.io.AtomicFiles;
import org.audioprune.work.LocalWorkEngine;
import org.audioprune.work.WorkEngine;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire does not pick up *Bench): the speed-up of the features job on a standalone
 * cluster of 2 workers over 1 worker (1 core each), with the in-process engine on 1 and 2 threads
 * as same-run references. Run from spark/ with
 * {@code ../mvnw -B -o test -Dtest=FeaturesSpeedupBench -Dbench.clips=400 -Dbench.seconds=10};
 * the table goes to stdout and {@code target/bench/features-speedup.md}. Runs alternate (in-process
 * 1 and 2 threads, 1 worker, 2 workers, then again) so that a change of machine load hits all alike;
 * the best run counts. Beside wall time: the CPU time of the processes doing the work (this JVM,
 * plus the executors for Spark runs) and the share of the machine's CPU time that was idle.
 */
class FeaturesSpeedupBench {
    private record Run(double wall, double cpu, double idle) {
    }

    private record Row(String engine, List<Run> runs) {
        Row(String engine) {
            this(engine, new ArrayList<>());
        }

        Run best() {
            return runs.stream().min((a, b) -> Double.compare(a.wall(), b.wall())).orElseThrow();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Busy and idle jiffies of the whole machine (/proc/stat). */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long all = 0;
            for (int i = 1; i < f.length; i++) {
                all += Long.parseLong(f[i]);
            }
            return new long[] {all - idle, idle};
        } catch (IOException e) {
            return new long[] {0, 0};
        }
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Run timeJob(DatasetRef ref, FrontEnd fe, int frames, int shardClips, WorkEngine engine,
            LongSupplier otherCpuNanos) {
        AtomicFiles.deleteRecursively(ref.datasetOptions().cacheRoot().resolve("features"));
        long[] ticks = machineTicks();
        long cpu0 = ownCpuNanos() + otherCpuNanos.getAsLong();
        long t0 = System.nanoTime();
        FeatureShards.Report r = FeatureShards.compute(ref, fe, frames, shardClips, engine);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (ownCpuNanos() + otherCpuNanos.getAsLong() - cpu0) / 1e9;
        long[] after = machineTicks();
        double busy = after[0] - ticks[0];
        double idle = after[1] - ticks[1];
        assertNotNull(r.shards());
        return new Run(wall, cpu, 100 * idle / Math.max(1, busy + idle));
    }

    @Test
    void measure() throws Exception {
        int perClass = Integer.getInteger("bench.clips", 400) / 2;
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
        int repeats = Integer.getInteger("bench.repeats", 2);
        int shardClips = Integer.getInteger("bench.shardClips", 20);
        Path dir = Files.createTempDirectory("features-bench");
        try {
            String spec = ToneWav.twoClassFolder(dir.resolve("data"), perClass, 22050, seconds);
            FrontEnd fe = FrontEnds.byName("dcase21");
            int frames = (int) Math.round(seconds * 50);
            DatasetRef ref = DatasetRef.of(spec, DatasetOptions.defaults().withCacheRoot(dir.resolve("cache")));
            String loadBefore = loadAverage();
            Row local1 = new Row("in-process, 1 thread");
            Row local2 = new Row("in-process, 2 threads");
            Row one = new Row("standalone, 1 worker x 1 core");
            Row two = new Row("standalone, 2 workers x 1 core");
            try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
                LongSupplier executorsCpu = () -> cluster.executors().stream()
                        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
                for (int r = 0; r < repeats; r++) {
                    local1.runs().add(timeJob(ref, fe, frames, shardClips, new LocalWorkEngine(1), () -> 0));
                    local2.runs().add(timeJob(ref, fe, frames, shardClips, new LocalWorkEngine(2), () -> 0));
                    for (Row row : List.of(one, two)) {
                        int cores = row == one ? 1 : 2;
                        try (SparkWorkEngine spark = new SparkWorkEngine(cluster.conf("bench-" + cores, cores))) {
                            StandaloneCluster.awaitExecutors(spark.context(), cores);
                            row.runs().add(timeJob(ref, fe, frames, shardClips, spark, executorsCpu));
                        }
                    }
                }
            }
            StringBuilder md = new StringBuilder();
            md.append(String.format(Locale.ROOT, "features job: %d clips x %.0f s at 22.05 kHz -> dcase21 (%d frames), "
                    + "%d clips per shard; best of %d runs; %d cores; load average before: %s, after: %s%n%n",
                    2 * perClass, seconds, frames, shardClips, repeats, Runtime.getRuntime().availableProcessors(),
                    loadBefore, loadAverage()));
            md.append("| engine | job wall time, s (each run) | speed-up vs 1 worker | CPU time of driver + executors, s "
                    + "| machine idle during the best run |\n|---|---:|---:|---:|---:|\n");
            for (Row row : List.of(local1, local2, one, two)) {
                Run best = row.best();
                md.append(String.format(Locale.ROOT, "| %s | %.1f (%s) | %.2f | %.1f | %.0f %% |%n", row.engine(), best.wall(),
                        String.join(", ", row.runs().stream().map(x -> String.format(Locale.ROOT, "%.1f", x.wall())).toList()),
                        one.best().wall() / best.wall(), best.cpu(), best.idle()));
            }
            System.out.println(md);
            Path out = Path.of("target/bench/features-speedup.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, md.toString());
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }
}
