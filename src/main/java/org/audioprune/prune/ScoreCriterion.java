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

    @Override
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
    public final FilterRanking rank(ConvWeights weights) {
        double[] s = scores(weights);
        return new FilterRanking(Rankings.byScore(s, prunesHighestFirst()), s);
    }

    /** The ablation: the same scores, the other end pruned first (ties still lower index first). */
    final FilterRanking rankReversed(ConvWeights weights) {
        double[] s = scores(weights);
        return new FilterRanking(Rankings.byScore(s, !prunesHighestFirst()), s);
    }
}
