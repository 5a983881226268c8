package org.audioprune.prune;

/**
 * A centrality on the filter graph. Filters without a representative (all zero, or v₁[0] = 0) are
 * not nodes; they score as maximally prunable (±∞, never NaN) and a warning names them.
 */
public abstract class GraphCriterion extends ScoreCriterion {

    /** Graph criteria prune the most central filters first: they can be replaced by others (spec §1.6). */
    protected GraphCriterion(String name) {
        super(name, true);
    }

    /** Centrality of each node of {@code graph}, indexed by node. */
    protected abstract double[] centrality(FilterGraph graph);

    @Override
    protected final double[] scores(ConvWeights weights) {
        Representatives reps = Representatives.of(weights);
        FilterGraph graph = FilterGraph.of(reps);
        double[] c = centrality(graph);
        double[] scores = new double[weights.filters()];
        double prunable = prunesHighestFirst() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            if (reps.degenerate()[i]) {
                scores[i] = prunable;
                PruneWarnings.noRepresentative(name(), i);
            }
        }
        for (int a = 0; a < graph.size(); a++) {
            scores[graph.filter(a)] = c[a];
        }
        return scores;
    }
}
