package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.Split;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 7: a job that cannot fit in memory is refused before any work, with the number. On
 * main, {@code train --frames 100000} grew to 6.8 GB before it failed.
 */
class MemoryEstimateTest {
    @TempDir
    Path tmp;

    static final FrontEnd DCASE21 = FrontEnds.byName("dcase21");

    @Test
    void aHugeInputIsRefusedBeforeItsFeaturesAreComputed() throws Exception {
        String dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 3);
        long start = System.nanoTime();
        CliRun r = CliRun.of("train", "--dataset", dataset, "--out", tmp.resolve("x.ckpt").toString(), "--frames",
                "100000", "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().matches("(?s)audioprune: error: training batches of 32 clips of 40 x 100000 need about "
                + "[0-9.]+ GiB of engine memory, more than this machine's [0-9.]+ GiB; lower --batch-size or --frames\\s*"),
                r.err());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
        FeatureCache cache = new FeatureCache(DatasetOptions.defaultCacheRoot());
        assertFalse(Files.exists(cache.location(Datasets.open(dataset, DatasetOptions.defaults()), Split.TRAIN,
                DCASE21, 100000)), "no features computed");
    }

    @Test
    void theEstimateGrowsWithBatchAndFramesAndOrdinaryJobsFit() {
        ArchitectureSpec small = Architectures.create("dcase21", 10, 40, 500);
        ArchitectureSpec longer = Architectures.create("dcase21", 10, 40, 5000);
        long base = (long) MemoryEstimate.ENGINE_BASE_MIB << 20;
        long a = MemoryEstimate.of(small, 64, true, DCASE21, 2).engineBytes() - base;
        long b = MemoryEstimate.of(small, 128, true, DCASE21, 2).engineBytes() - base;
        long c = MemoryEstimate.of(longer, 64, true, DCASE21, 2).engineBytes() - base;
        assertEquals(2.0, (double) b / a, 0.01, "linear in the batch");
        assertEquals(10.0, (double) c / a, 0.2, "about linear in the frames");
        // the paper's protocol: dcase21 on 10 s clips, batch 32, well inside a laptop
        MemoryEstimate paper = MemoryEstimate.of(small, 32, true, DCASE21, 2);
        assertTrue(paper.engineBytes() < 2L << 30 && paper.heapBytes() < 256L << 20, paper.toString());
        paper.requireFits("unused");
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> new MemoryEstimate(0,
                Long.MAX_VALUE, "x").requireFits("lower --frames"));
        assertTrue(e.getMessage().contains("of Java heap") && e.getMessage().contains("AUDIOPRUNE_JAVA_OPTS"),
                e.getMessage());
    }
}
