package org.audioprune.stats;

import org.hipparchus.stat.inference.TTest;
import org.hipparchus.stat.inference.WilcoxonSignedRankTest;

/**
 * Criterion A against criterion B over matched seeds: seed i of both ran on the same baseline, the
 * same fine-tuning seed and the same test set, so the per-seed differences dᵢ = aᵢ − bᵢ are the
 * unit of evidence. The paired t test (two-sided) and the Student-t interval of the mean
 * difference are the verdict's basis; the exact Wilcoxon signed-rank test is reported beside it as
 * a check that does not assume normal differences (its smallest attainable two-sided p-value is
 * 2 / 2ⁿ, so below six seeds it can never reach 0.05).
 *
 * @param n               matched seeds
 * @param meanDifference  mean of aᵢ − bᵢ
 * @param interval        Student-t interval of the mean difference (undefined for n = 1)
 * @param tPValue         two-sided paired t p-value (NaN for n = 1)
 * @param wilcoxonPValue  two-sided exact Wilcoxon signed-rank p-value, zero differences dropped
 *                        (1 when every difference is zero; NaN above 30 seeds, where no exact value
 *                        is computed)
 */
public record PairedSeeds(int n, double meanDifference, Interval interval, double tPValue, double wilcoxonPValue) {
    /** Largest n for which the exact Wilcoxon distribution is enumerated. */
    static final int WILCOXON_EXACT_MAX = 30;

    public static PairedSeeds of(double[] a, double[] b) {
        return of(a, b, Summary.LEVEL);
    }

    public static PairedSeeds of(double[] a, double[] b, double level) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired samples need the same, non-zero length: " + a.length + " vs "
                    + b.length);
        }
        int n = a.length;
        double[] d = new double[n];
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            d[i] = a[i] - b[i];
            nonZero += d[i] != 0 ? 1 : 0;
        }
        Summary s = Summary.atLevel(level, d);
        if (n == 1) {
            return new PairedSeeds(1, s.mean(), s.interval(), Double.NaN, Double.NaN);
        }
        double wilcoxon = nonZero == 0 ? 1 : nonZero > WILCOXON_EXACT_MAX ? Double.NaN
                : Math.min(1, new WilcoxonSignedRankTest().wilcoxonSignedRankTest(a, b, true));
        if (s.standardDeviation() == 0) {
            // identical differences: no spread to test against; any non-zero shift is as certain as it gets
            return new PairedSeeds(n, s.mean(), new Interval(s.mean(), s.mean(), level), s.mean() == 0 ? 1 : 0,
                    wilcoxon);
        }
        return new PairedSeeds(n, s.mean(), s.interval(), new TTest().pairedTTest(a, b), wilcoxon);
    }
}
