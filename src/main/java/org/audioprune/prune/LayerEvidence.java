package org.audioprune.prune;

import org.audioprune.AudioPruneException;

/**
 * What a criterion may look at for one conv layer: its weights and, for active criteria, its output
 * feature maps over a data sample. Either may be absent ({@code null}) when the criterion does not
 * read it; reading an absent one is a user error (one line).
 */
public record LayerEvidence(ConvWeights weights, FeatureMaps featureMaps) {

    /** Evidence for passive criteria. */
    public static LayerEvidence ofWeights(ConvWeights weights) {
        return new LayerEvidence(weights, null);
    }

    @Override
    public ConvWeights weights() {
        if (weights == null) {
            throw new AudioPruneException("this criterion reads the layer's weights, which were not given");
        }
        return weights;
    }

    @Override
    public FeatureMaps featureMaps() {
        if (featureMaps == null) {
            throw new AudioPruneException("this criterion scores feature maps and needs a network and data");
        }
        return featureMaps;
    }
}
