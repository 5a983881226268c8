package org.audioprune.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnd;
import org.audioprune.data.Clip;
import org.audioprune.data.PrecomputedFeatures;
import org.audioprune.model.Architectures;
import java.util.Map;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.model.Checkpoint;
import org.audioprune.train.Evaluator;

/** A dataset's three splits as features, the way one network sees them. */
public record Splits(FeatureSet train, FeatureSet validation, FeatureSet test) {

    public static Splits of(Map<Split, FeatureSet> splits) {
        return new Splits(splits.get(Split.TRAIN), splits.get(Split.VALIDATION), splits.get(Split.TEST));
    }

    /**
     * The splits as {@code checkpoint}'s network sees them (its front end, its frame count), from the
     * feature cache under {@code cacheRoot}.
     */
    public static Splits load(AudioDataset dataset, Path cacheRoot, Checkpoint checkpoint) {
        Evaluator.requireCompatible(checkpoint.spec(), checkpoint.classNames(), dataset); // before any feature
        return of(new FeatureCache(cacheRoot).allSplits(dataset, FrontEnds.of(checkpoint.frontEnd()),
                checkpoint.spec().input().frames()));
    }

    /**
     * Frames per clip a network {@code model} trained on {@code dataset} takes by default: the
     * features' own for precomputed ones, else the length of the first training clip (dcase21 drops
     * the last centred frame, so 10 s give 500 and 1 s gives 50).
     *
     * @throws AudioPruneException if the training split is empty
     */
    public static int defaultFrames(String model, AudioDataset dataset) {
        if (dataset instanceof PrecomputedFeatures p) {
            return p.frames();
        }
        List<Clip> train = dataset.clips(Split.TRAIN);
        if (train.isEmpty()) {
            throw new AudioPruneException("--dataset " + dataset.spec() + ": the training split is empty");
        }
        FrontEnd frontEnd = FrontEnds.of(Architectures.create(model, Math.max(2, dataset.classNames().size()))
                .frontEnd());
        int all = frontEnd.frames(dataset.loadMono(train.get(0), frontEnd.sampleRate()).length);
        return model.equals("dcase21") ? Math.max(1, all - 1) : all;
    }

    /** The metric reports show: mAP for multi-label data, accuracy otherwise. */
    public String metricName() {
        return train.multiLabel() ? "mAP" : "accuracy";
    }
}
