package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.Split;
import org.audioprune.pipeline.Splits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesDatasetCommandTest {
    @TempDir
    Path tmp;

    @Test
    void fillsTheCacheThatTrainingReadsThenFindsItComplete() throws Exception {
        String spec = ToneWav.twoClassFolder(tmp.resolve("data"), 6);
        AudioDataset ds = Datasets.open(spec, DatasetOptions.defaults());
        FrontEnd fe = FrontEnds.byName("dcase21");
        int frames = Splits.defaultFrames("dcase21", ds);

        CliRun run = CliRun.of("features", "--dataset", spec, "--shard-clips", "2", "--no-progress");
        assertEquals(0, run.code(), run.err());
        for (Split split : Split.values()) {
            Path entry = new FeatureCache(DatasetOptions.defaultCacheRoot()).location(ds, split, fe, frames);
            assertTrue(Files.isRegularFile(entry.resolve("COMPLETE")), split + " entry complete: " + entry);
            String line = String.format("%-10s %6d clips x 40 mel bands x %d frames (dcase21) computed -> %s",
                    split.name().toLowerCase(), ds.clips(split).size(), frames, entry);
            assertTrue(run.out().contains(line), run.out());
        }
        int shards = 0;
        for (Split split : Split.values()) {
            shards += (ds.clips(split).size() + 1) / 2;
        }
        assertTrue(run.out().contains(shards + " shards on the local engine: " + shards + " computed, 0 finished earlier"),
                run.out());

        CliRun again = CliRun.of("features", "--dataset", spec, "--no-progress");
        assertEquals(0, again.code(), again.err());
        assertEquals(3, again.out().split("cached at", -1).length - 1, again.out());
        assertFalse(again.out().contains("shards"), again.out());
    }

    @Test
    void wrongCombinationsAndAMissingSparkModuleAreOneLineUserErrors() throws Exception {
        String spec = ToneWav.twoClassFolder(tmp.resolve("data"), 3);
        CliRun spark = CliRun.of("features", "--dataset", spec, "--engine", "spark", "--no-progress");
        assertEquals(2, spark.code(), spark.err());
        assertTrue(spark.err().contains("the spark engine is not on the class path") && spark.err().contains("audioprune-spark"),
                spark.err());
        assertEquals(1, spark.err().strip().lines().count(), spark.err());

        CliRun master = CliRun.of("features", "--dataset", spec, "--master", "local[2]");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--master local[2] needs --engine spark"), master.err());

        CliRun both = CliRun.of("features", "--dataset", spec, "--input", "x.wav", "--out", tmp.resolve("x.npy").toString());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("either --dataset or --input"), both.err());

        CliRun neither = CliRun.of("features", "--out", tmp.resolve("x.npy").toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("give --input FILE.wav with --out OUT.npy, or --dataset"), neither.err());

        CliRun shards = CliRun.of("features", "--dataset", spec, "--shard-clips", "0");
        assertEquals(2, shards.code());
        assertTrue(shards.err().contains("--shard-clips must be positive"), shards.err());
    }
}
