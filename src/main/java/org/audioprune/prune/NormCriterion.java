package org.audioprune.prune;

/**
 * {@code l1} (Σ |W[i]|, Li et al. 2017) and {@code l2} (‖W[i]‖₂): the smallest is pruned first.
 * Each filter is summed scaled by a power of two and scaled back ({@link BinaryScale}), so the
 * squares of huge or tiny weights neither overflow nor underflow.
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
        double[] filter = new double[len];
        for (int i = 0; i < scores.length; i++) {
            int e = BinaryScale.exponent(data, i * len, (i + 1) * len);
            BinaryScale.scaleDown(data, i * len, (i + 1) * len, e, filter);
            double sum = 0;
            for (double x : filter) {
                sum += l1 ? Math.abs(x) : x * x;
            }
            scores[i] = Math.scalb(l1 ? sum : Math.sqrt(sum), e);
        }
        return scores;
    }
}
