package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static SpeedupTable.Run timeJob(DatasetRef ref, FrontEnd fe, int frames, int shardClips, WorkEngine engine,
            LongSupplier otherCpuNanos) {
        AtomicFiles.deleteRecursively(ref.datasetOptions().cacheRoot().resolve("features"));
        return SpeedupTable.time(() -> assertNotNull(FeatureShards.compute(ref, fe, frames, shardClips, engine).shards()),
                otherCpuNanos);
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
            String loadBefore = SpeedupTable.loadAverage();
            SpeedupTable.Row local1 = new SpeedupTable.Row("in-process, 1 thread");
            SpeedupTable.Row local2 = new SpeedupTable.Row("in-process, 2 threads");
            SpeedupTable.Row one = new SpeedupTable.Row("standalone, 1 worker x 1 core");
            SpeedupTable.Row two = new SpeedupTable.Row("standalone, 2 workers x 1 core");
            try (StandaloneCluster cluster = StandaloneCluster.start(dir.resolve("cluster"), 2)) {
                LongSupplier executorsCpu = () -> cluster.executors().stream()
                        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
                for (int r = 0; r < repeats; r++) {
                    local1.runs().add(timeJob(ref, fe, frames, shardClips, new LocalWorkEngine(1), () -> 0));
                    local2.runs().add(timeJob(ref, fe, frames, shardClips, new LocalWorkEngine(2), () -> 0));
                    for (SpeedupTable.Row row : List.of(one, two)) {
                        int cores = row == one ? 1 : 2;
                        try (SparkWorkEngine spark = new SparkWorkEngine(cluster.conf("bench-" + cores, cores))) {
                            StandaloneCluster.awaitExecutors(spark.context(), cores);
                            row.runs().add(timeJob(ref, fe, frames, shardClips, spark, executorsCpu));
                        }
                    }
                }
            }
            SpeedupTable.publish("features-speedup.md", SpeedupTable.markdown(String.format(Locale.ROOT,
                    "features job: %d clips x %.0f s at 22.05 kHz -> dcase21 (%d frames), %d clips per shard; best of %d "
                    + "runs; %d cores; load average before: %s, after: %s", 2 * perClass, seconds, frames, shardClips,
                    repeats, Runtime.getRuntime().availableProcessors(), loadBefore, SpeedupTable.loadAverage()),
                    List.of(local1, local2, one, two), one));
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
    }
}
