package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;
import org.audioprune.FileTrees;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.work.EngineKind;
import org.audioprune.work.LocalWorkEngine;
import org.audioprune.work.UnitJob;
import org.audioprune.work.WorkEngine;
import org.audioprune.work.WorkUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureShardsTest {
    @TempDir
    Path tmp;

    private static final FrontEnd DCASE21 = FrontEnds.byName("dcase21");

    /** An engine that runs only the first {@code limit} units, then fails: a run killed part-way. */
    record Interrupted(int limit) implements WorkEngine {
        @Override
        public EngineKind kind() {
            return EngineKind.LOCAL;
        }

        @Override
        public <U extends WorkUnit, R extends Serializable> Batch<R> execute(UnitJob<U, R> job, List<U> pending) {
            List<R> done = new ArrayList<>();
            for (U u : pending.subList(0, limit)) {
                done.add(job.store().runOnce(u, job.runner(), job.resultType(), 1));
            }
            throw new AudioPruneException("killed after " + done.size() + " units");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void shardsAssembleIntoTheEntryALocalRunWritesByteForByteAndAKilledRunContinues() throws IOException {
        String spec = ToneWav.twoClassFolder(tmp.resolve("data"), 9); // 18 clips: train / validation / test
        DatasetOptions local = DatasetOptions.defaults().withCacheRoot(tmp.resolve("local"));
        AudioDataset ds = Datasets.open(spec, local);
        new FeatureCache(local.cacheRoot(), 2).allSplits(ds, DCASE21, 12);

        DatasetRef ref = DatasetRef.of(spec, local.withCacheRoot(tmp.resolve("sharded")));
        assertThrows(AudioPruneException.class, () -> FeatureShards.compute(ref, DCASE21, 12, 2, new Interrupted(3)));
        try (Stream<Path> kept = Files.list(tmp.resolve("sharded/feature-shards"))) {
            Path store = kept.findFirst().orElseThrow();
            try (Stream<Path> units = Files.list(store.resolve("units"))) {
                assertEquals(3, units.count(), "the shards finished before the kill are kept");
            }
        }

        FeatureShards.Report report = FeatureShards.compute(ref, DCASE21, 12, 2, new LocalWorkEngine(2));
        int clips = report.splits().stream().mapToInt(FeatureShards.SplitEntry::clips).sum();
        assertEquals(18, clips);
        int shards = report.splits().stream().mapToInt(e -> (e.clips() + 1) / 2).sum();
        assertEquals(shards, report.shards().results().size());
        assertEquals(3, report.shards().reused(), "finished shards are not computed again");
        assertEquals(shards - 3, report.shards().computed());
        assertTrue(report.splits().stream().allMatch(FeatureShards.SplitEntry::computed));
        try (Stream<Path> left = Files.list(tmp.resolve("sharded/feature-shards"))) {
            assertEquals(0, left.count(), "the shards are removed once assembled");
        }
        FileTrees.assertSame(tmp.resolve("local/features"), tmp.resolve("sharded/features"));

        FeatureShards.Report again = FeatureShards.compute(ref, DCASE21, 12, 2, new LocalWorkEngine(2));
        assertNull(again.shards(), "complete entries: nothing to run");
        assertTrue(again.splits().stream().noneMatch(FeatureShards.SplitEntry::computed));
    }

    @Test
    void aRefNamesTheSameDatasetFromAnyFolderAndPrecomputedFeaturesAreRefused() throws IOException {
        DatasetOptions options = DatasetOptions.defaults().withSeed(7).withTestFraction(0.3)
                .withCacheRoot(Path.of("rel/cache"));
        DatasetRef ref = DatasetRef.of("folder:some/where", options);
        assertEquals("folder:" + Path.of("some/where").toAbsolutePath().normalize(), ref.spec());
        assertEquals(options.withCacheRoot(Path.of("rel/cache").toAbsolutePath().normalize()), ref.datasetOptions());
        assertEquals("npy:" + Path.of("x.npy").toAbsolutePath() + "," + Path.of("/d/y.npy"),
                Datasets.absolute("npy:x.npy,/d/y.npy"));
        assertEquals("builtin:instruments", Datasets.absolute("builtin:instruments"));

        Path x = tmp.resolve("x.npy");
        Path y = tmp.resolve("y.npy");
        org.audioprune.io.NpyArray.ofFloats(new int[] {4, 40, 5}, new float[4 * 40 * 5]).write(x);
        org.audioprune.io.NpyArray.ofFloats(new int[] {4}, new float[] {0, 1, 0, 1}).write(y);
        DatasetRef npy = DatasetRef.of("npy:" + x + "," + y, DatasetOptions.defaults().withCacheRoot(tmp.resolve("c")));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> FeatureShards.compute(npy, DCASE21, 5, 0, new LocalWorkEngine(1)));
        assertTrue(e.getMessage().contains("precomputed features"), e.getMessage());
    }
}
