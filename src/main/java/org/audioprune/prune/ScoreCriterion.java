package org.audioprune.prune;

/** A criterion whose prune order is its scores sorted in one direction (ties: lower index first). */
public abstract class ScoreCriterion implements FilterImportance {
    private final String name;
    private final boolean prunesHighestFirst;

    /**
     * @param name               name on the command line
     * @param prunesHighestFirst true when the highest score is pruned first (graph criteria),
     *                           false for norm-like ones
     */
    protected ScoreCriterion(String name, boolean prunesHighestFirst) {
        this.name = name;
        this.prunesHighestFirst = prunesHighestFirst;
    }

    /** The name in warnings ({@code wdc}, {@code bc}, ...). */
    public final String name() {
        return name;
    }

    /** {@code scores[i]} is filter i's score. */
    protected abstract double[] scores(ConvWeights weights);

    /** True when the highest score is pruned first (graph criteria), false for norm-like ones. */
    public final boolean prunesHighestFirst() {
        return prunesHighestFirst;
    }

    @Override
    public final FilterRanking rank(LayerEvidence layer) {
        return FilterRanking.byScore(scores(layer.weights()), prunesHighestFirst());
    }
}
