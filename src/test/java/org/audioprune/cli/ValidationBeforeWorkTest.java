package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.Trees;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.Split;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 2: every option, the dataset, the criteria and the presets are validated before any
 * work or write. On main, {@code prune --latency-threads 0} replaced the checkpoint before it
 * rejected the option, and {@code demo --criteria bogus} rendered and trained first.
 */
class ValidationBeforeWorkTest {
    @TempDir
    Path tmp;
    String dataset;
    Path base;
    Path out;

    @BeforeEach
    void inputs() throws IOException {
        // clips of 0.2 s: their own features entry, 40 x 10 for dcase21
        dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 4);
        ArchitectureSpec spec = Architectures.create("dcase21", 2, 40, 10);
        base = tmp.resolve("base.ckpt");
        new Checkpoint(spec, List.of("high", "low"), null, null, InferenceLatency.randomWeights(spec, 1), Map.of())
                .save(base);
        out = tmp.resolve("out.ckpt");
        Checkpoint.load(base).withMetadata("existing", true).save(out);
    }

    private static void assertUserError(CliRun r, String expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("audioprune: error: ") && r.err().contains(expected), r.err());
    }

    /** True if the features of the tone dataset were computed (work done). */
    private boolean featuresComputed() {
        FeatureCache cache = new FeatureCache(DatasetOptions.defaultCacheRoot());
        return Files.exists(cache.location(Datasets.open(dataset, DatasetOptions.defaults()), Split.TRAIN,
                FrontEnds.byName("dcase21"), 10));
    }

    @Test
    void badOptionsFailBeforeAnythingIsWrittenOrComputed() throws IOException {
        Map<String, String> before = Trees.snapshot(tmp);
        String o = out.toString();
        String b = base.toString();
        assertUserError(CliRun.of("prune", "--checkpoint", b, "--preset", "paper", "--out", o, "--latency-threads",
                "0"), "--latency-threads");
        assertUserError(CliRun.of("prune", "--checkpoint", b, "--preset", "paper", "--out", o, "--dataset", dataset,
                "--finetune-epochs", "1", "--batch-size", "1", "--no-progress"), "--batch-size");
        assertUserError(CliRun.of("prune", "--checkpoint", b, "--preset", "paper", "--out", o, "--dataset", dataset,
                "--finetune-epochs", "1", "--lr", "-1", "--no-progress"), "--lr");
        assertUserError(CliRun.of("finetune", "--checkpoint", b, "--dataset", dataset, "--out", o, "--epochs", "0",
                "--no-progress"), "--epochs");
        assertUserError(CliRun.of("train", "--dataset", dataset, "--out", o, "--frames", "2", "--no-progress"),
                "frames");
        assertUserError(CliRun.of("train", "--dataset", dataset, "--out", o, "--model", "cnn6", "--no-progress"),
                "single-label but the cnn6 network is multi-label");
        assertUserError(CliRun.of("train", "--dataset", dataset, "--out", o, "--model", "vgg", "--no-progress"),
                "unknown model");
        assertEquals(before, Trees.snapshot(tmp));
        assertFalse(featuresComputed(), "no features are computed for a run that cannot succeed");
    }

    @Test
    void aDatasetThatDoesNotFitTheCheckpointFailsBeforeItsFeaturesAreComputed() throws IOException {
        Path other = tmp.resolve("three.ckpt");
        ArchitectureSpec spec = Architectures.create("dcase21", 3, 40, 10);
        new Checkpoint(spec, List.of("a", "b", "c"), null, null, InferenceLatency.randomWeights(spec, 1), Map.of())
                .save(other);
        Map<String, String> before = Trees.snapshot(tmp);
        assertUserError(CliRun.of("finetune", "--checkpoint", other.toString(), "--dataset", dataset, "--out",
                out.toString(), "--no-progress"), "differ from the network's");
        assertUserError(CliRun.of("evaluate", "--checkpoint", other.toString(), "--dataset", dataset),
                "differ from the network's");
        assertUserError(CliRun.of("prune", "--checkpoint", other.toString(), "--dataset", dataset, "--preset",
                "paper", "--out", out.toString(), "--no-progress", "--no-latency"), "differ from the network's");
        assertEquals(before, Trees.snapshot(tmp));
        assertFalse(featuresComputed());
    }

    @Test
    void theDemoChecksCriteriaAndPresetsBeforeRenderingOrTraining() {
        Path demo = tmp.resolve("demo");
        // the last field of each case: what the one-line error must say
        for (String[] args : List.of(new String[] {"--criteria", "wdc,bogus", "unknown criterion 'bogus'"},
                new String[] {"--configs", "paper,c6", "--configs"}, new String[] {"--criteria", "l1,l1", "--criteria"},
                new String[] {"--latency-threads", "0", "--latency-threads"})) {
            long start = System.nanoTime();
            List<String> all = new java.util.ArrayList<>(List.of("demo", "--quick", "--no-progress", "--out",
                    demo.toString(), "--cache", tmp.resolve("cache").toString()));
            all.addAll(List.of(args).subList(0, 2));
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertUserError(r, args[2]);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(demo), "nothing written");
            assertFalse(Files.exists(tmp.resolve("cache")), "nothing rendered");
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "failed at once");
        }
    }
}
