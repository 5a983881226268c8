package org.audioprune.prune;

/**
 * {@code gmean}, the authors' "GM" code: G = geometric mean of |W| over the whole layer,
 * F_i = geometric mean of |W[i]|, score (G − F_i)²; the smallest is pruned first. A zero weight
 * makes a geometric mean 0 (log 0 = −∞, exp(−∞) = 0), as scipy's gmean gives.
 */
public final class GeometricMeanGap extends ScoreCriterion {
    public GeometricMeanGap() {
        super("gmean", false);
    }

    @Override
    protected double[] scores(ConvWeights weights) {
        int n = weights.filters();
        int len = weights.filterLength();
        double[] data = weights.data();
        double[] logSum = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int p = i * len; p < (i + 1) * len; p++) {
                sum += Math.log(Math.abs(data[p]));
            }
            logSum[i] = sum;
            total += sum;
        }
        double layer = Math.exp(total / data.length);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double gap = layer - Math.exp(logSum[i] / len);
            scores[i] = gap * gap;
        }
        return scores;
    }
}
