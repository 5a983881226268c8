package org.audioprune.prune;

/**
 * A filter-importance criterion: scores one conv layer's filters and says which to prune first.
 * Passive criteria read the weights, active ones the layer's feature maps over a data sample
 * ({@link Criterion#needsFeatureMaps()}). One class per criterion, all registered in
 * {@link Criterion}; the pipeline only sees this interface.
 */
@FunctionalInterface
public interface FilterImportance {
    FilterRanking rank(LayerEvidence layer);

    /** Ranks from the weights alone (passive criteria). */
    default FilterRanking rank(ConvWeights weights) {
        return rank(LayerEvidence.ofWeights(weights));
    }

    /**
     * Ranks a channel group's channels from its members' filters (passive; one member: {@link #rank}),
     * combining them by the default {@link GroupImportance}.
     */
    default FilterRanking rankGroup(java.util.List<ConvWeights> members) {
        return GroupImportance.MEAN_NORMALISED.rank(members, this::rank);
    }
}
