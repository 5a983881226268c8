package org.audioprune.cli;

import java.util.Map;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.model.Checkpoint;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.Option;

/** Fine-tuning settings shared by {@code prune} and {@code finetune}. */
public final class FinetuneOptions {
    @Option(names = "--batch-size", defaultValue = "32", description = "Clips per Adam step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--threads", paramLabel = "N", description = "Intra-op threads of the PyTorch engine (default: all cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    TrainingConfig config(int epochs, long seed) {
        return new TrainingConfig(epochs, batchSize, learningRate, seed, false, false, !noProgress);
    }

    /** The dataset's splits as the checkpoint's network sees them (its front end and frame count). */
    static Map<Split, FeatureSet> features(DatasetOptionsMixin dataset, Checkpoint checkpoint) {
        return new FeatureCache(dataset.options().cacheRoot()).allSplits(dataset.open(),
                FrontEnds.byName(checkpoint.frontEnd()), checkpoint.spec().input().frames());
    }
}
