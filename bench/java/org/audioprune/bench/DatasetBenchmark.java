package org.audioprune.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;

/**
 * Times a fresh render of the default built-in dataset, then computing and re-opening its dcase21
 * features. Usage: bench/run DatasetBenchmark [variant] [clipsPerClass]; works in a fresh temporary
 * cache root, deleted afterwards.
 */
public final class DatasetBenchmark {
    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "instruments";
        int perClass = args.length > 1 ? Integer.parseInt(args[1]) : DatasetOptions.DEFAULT_CLIPS_PER_CLASS;
        Path root = Files.createTempDirectory("audioprune-bench");
        DatasetOptions options = DatasetOptions.defaults().withCacheRoot(root).withClipsPerClass(perClass);
        int cores = Runtime.getRuntime().availableProcessors();

        long t0 = System.nanoTime();
        AudioDataset ds = Datasets.open("builtin:" + variant, options);
        double render = seconds(t0);
        int clips = 0;
        for (Split s : Split.values()) {
            clips += ds.clips(s).size();
        }

        FrontEnd fe = FrontEnds.byName("dcase21");
        int frames = fe.frames((int) Math.round(options.clipSeconds() * fe.sampleRate())) - 1;
        t0 = System.nanoTime();
        Map<Split, FeatureSet> features = new FeatureCache(root).allSplits(ds, fe, frames);
        double compute = seconds(t0);
        t0 = System.nanoTime();
        new FeatureCache(root).allSplits(ds, fe, frames);
        double reopen = seconds(t0);

        System.out.printf("| builtin:%s | %d clips | %d cores | render %.1f s | dcase21 features (%d x %d) %.1f s"
                + " | re-open %.2f s |%n", variant, clips, cores, render, fe.nMels(), frames, compute, reopen);
        System.out.println("train features: " + features.get(Split.TRAIN).size() + " clips");
        org.audioprune.io.AtomicFiles.deleteRecursively(root);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
