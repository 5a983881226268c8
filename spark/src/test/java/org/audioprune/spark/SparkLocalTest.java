package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;
import org.audioprune.AudioPruneException;
import org.audioprune.CliRun;
import org.audioprune.FileTrees;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.Split;
import org.audioprune.work.LocalWorkEngine;
import org.audioprune.work.UnitJob;
import org.audioprune.work.UnitStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine in {@code local[2]} mode: driver and two executor threads in this JVM. */
class SparkLocalTest {
    @TempDir
    Path tmp;

    @Test
    void theJvmOptionsOfOurSparkProcessesAreThoseOfSparksOwnLauncher() throws IOException {
        String ours = Files.readString(StandaloneCluster.sparkHome().resolve("conf/java-options")).trim();
        assertEquals(JavaModuleOptions.defaultModuleOptions(), ours);
    }

    @Test
    void aTaskTakesTheCoresOfAnExecutorWhereTheDriverKnowsThem() {
        assertEquals(1, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("local")));
        assertEquals(3, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("local[3]")));
        assertEquals(4, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("local[4,2]")));
        assertEquals(Runtime.getRuntime().availableProcessors(),
                SparkWorkEngine.executorCores(new SparkConf(false).setMaster("local[*]")));
        assertEquals(8, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("spark://h:7077")
                .set("spark.executor.cores", "8")));
        assertEquals(0, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("spark://h:7077")), "unknown");
        assertEquals(0, SparkWorkEngine.executorCores(new SparkConf(false).setMaster("local-cluster[2,1,1024]")), "unknown");
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void featuresWithTheSparkEngineThroughTheCliAreByteForByteTheLocalCache() throws IOException {
        String spec = ToneWav.twoClassFolder(tmp.resolve("data"), 15);
        FrontEnd fe = FrontEnds.byName("dcase21");
        AudioDataset ds = Datasets.open(spec, DatasetOptions.defaults());
        Path local = tmp.resolve("local-cache");
        new FeatureCache(local, 2).allSplits(ds, fe, 12);

        CliRun run = CliRun.of("features", "--dataset", spec, "--engine", "spark", "--master", "local[2]",
                "--shard-clips", "4", "--frames", "12", "--no-progress");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("shards on the spark engine"), run.out());
        Path sparkRoot = DatasetOptions.defaultCacheRoot(); // AUDIOPRUNE_CACHE of the test JVM (pom.xml)
        assertFalse(sparkRoot.startsWith(tmp));
        for (Split split : Split.values()) {
            Path want = new FeatureCache(local).location(ds, split, fe, 12);
            Path got = new FeatureCache(sparkRoot).location(ds, split, fe, 12);
            assertEquals(want.getFileName(), got.getFileName(), "same cache key");
            assertTrue(run.out().contains(got.toString()), run.out());
            FileTrees.assertSame(want, got);
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aJobOfUnitsOnSparkGivesTheInProcessTableRunsEachUnitOnceAndReportsAUnitsUserError() throws IOException {
        List<String> criteria = List.of("wdc", "bc", "l1", "fpgm");
        List<RankingUnits.Rank> units = RankingUnits.units(criteria, 3, 12, 0, tmp.resolve("log-spark"));
        List<RankingUnits.Rank> reference = RankingUnits.units(criteria, 3, 12, 0, tmp.resolve("log-local"));
        Map<String, String> settings = Map.of("job", "rankings");

        UnitJob.Outcome<RankingUnits.Ranked> local = new UnitJob<>("rank", UnitStore.open(tmp.resolve("local"), settings),
                reference, new RankingUnits.Runner(), RankingUnits.Ranked.class).run(new LocalWorkEngine(1));
        try (SparkWorkEngine spark = new SparkWorkEngine(new SparkConf(false).setMaster("local[2]").setAppName("rank")
                .set("spark.ui.enabled", "false"))) {
            SparkConf used = spark.context().getConf();
            assertEquals("2", used.get("spark.task.cpus"), "a task takes the executor's cores");
            assertTrue(used.get("spark.executor.extraJavaOptions").contains("-Dai.djl.offline=true"), used.toDebugString());
            assertEquals("cpu", used.get("spark.executorEnv.PYTORCH_FLAVOR"));
            UnitJob<RankingUnits.Rank, RankingUnits.Ranked> job = new UnitJob<>("rank",
                    UnitStore.open(tmp.resolve("spark"), settings), units, new RankingUnits.Runner(), RankingUnits.Ranked.class);
            UnitJob.Outcome<RankingUnits.Ranked> first = job.run(spark);
            assertEquals(12, first.computed());
            assertEquals(local.results(), first.results());
            assertEquals(Files.readString(tmp.resolve("local/results.json")), Files.readString(tmp.resolve("spark/results.json")));
            assertEquals(12, RankingUnits.starts(tmp.resolve("log-spark")).size());

            UnitJob.Outcome<RankingUnits.Ranked> again = job.run(spark);
            assertEquals(12, again.reused());
            assertEquals(0, again.computed());
            assertEquals(12, RankingUnits.starts(tmp.resolve("log-spark")).size(), "a finished unit is never computed again");

            List<RankingUnits.Rank> bad = List.of(new RankingUnits.Rank("no-such-criterion", 1, 12, 0, tmp.resolve("log-bad").toString()));
            AudioPruneException e = assertThrows(AudioPruneException.class, () -> new UnitJob<>("rank",
                    UnitStore.open(tmp.resolve("bad"), settings), bad, new RankingUnits.Runner(), RankingUnits.Ranked.class).run(spark));
            assertTrue(e.getMessage().startsWith("unknown criterion 'no-such-criterion'"), e.getMessage());
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aSweepOnSparkGivesTheInProcessTablesAndCheckpointsWithTwoUnitsAtATimeInOneExecutor() throws Exception {
        SweepCase sweep = SweepCase.create(tmp.resolve("sweep-data"));
        Path spark = tmp.resolve("sweep-spark");
        // one core per task: two units at a time in this JVM, whose trainings take turns (EngineThreads)
        CliRun onSpark = SweepCase.withSparkProperties(new SparkConf(false).set("spark.task.cpus", "1")
                .set("spark.ui.enabled", "false"), () -> CliRun.of(sweep.args(spark, "--engine", "spark", "--master", "local[2]")));
        assertEquals(0, onSpark.code(), onSpark.err());
        assertTrue(Pattern.compile("==> features on the spark engine\n    [1-9]\\d* shards computed, 0 reused\n")
                .matcher(onSpark.out()).find(), onSpark.out());
        assertTrue(onSpark.out().contains("1 trained, 0 reused"), onSpark.out());
        assertTrue(onSpark.out().contains(SweepCase.RUNS + " computed, 0 reused"), onSpark.out());
        SweepCase.assertRecordedOnce(spark);

        Path local = tmp.resolve("sweep-local");
        sweep.inProcess(local);
        SweepCase.assertSameTables(local, spark);
        SweepCase.assertSameUnits(local, spark);
    }
}
