package org.audioprune.pipeline;

import java.nio.file.Path;
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

    /** The metric reports show: mAP for multi-label data, accuracy otherwise. */
    public String metricName() {
        return train.multiLabel() ? "mAP" : "accuracy";
    }
}
