package org.audioprune.prune;

/**
 * {@code l1} (Σ |W[i]|, Li et al. 2017) and {@code l2} (‖W[i]‖₂): the smallest is pruned first.
 */
public final class NormCriterion extends ScoreCriterion {
    private final boolean l1;

    public NormCriterion(boolean l1) {
        super(l1 ? "l1" : "l2", false);
        this.l1 = l1;
    }

    @Override
    protected double[] scores(ConvWeights weights) {
        int len = weights.filterLength();
        double[] data = weights.data();
        double[] scores = new double[weights.filters()];
        for (int i = 0; i < scores.length; i++) {
            double sum = 0;
            for (int p = i * len; p < (i + 1) * len; p++) {
                sum += l1 ? Math.abs(data[p]) : data[p] * data[p];
            }
            scores[i] = l1 ? sum : Math.sqrt(sum);
        }
        return scores;
    }
}
