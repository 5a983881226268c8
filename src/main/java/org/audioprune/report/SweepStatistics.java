package org.audioprune.report;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.descriptive.DescriptiveStatistics;
import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;
import org.hipparchus.stat.inference.TTest;

/**
 * The statistics of a sweep, all in this one place (Hipparchus does the distributions): a mean
 * with its 95 % confidence interval over seeds, and the paired comparison of two criteria on the
 * same baselines, seeds and test clips. The verdict is significant only when both kinds of noise
 * are beaten at α = 0.05: the seed-to-seed spread (paired t-test over the per-run differences)
 * and the finite test set (exact McNemar test on the clips one run got right and the other wrong,
 * pooled over the paired runs). With one run per cell the seed spread is unknown: not resolvable.
 */
public final class SweepStatistics {
    /** Two-sided level of every test and interval. */
    public static final double ALPHA = 0.05;

    private SweepStatistics() {
    }

    /**
     * A mean over runs with its 95 % t-interval ({@code low}, {@code high} NaN for one run).
     *
     * @param n runs
     */
    public record Interval(double mean, double low, double high, int n) {
        /** Half the interval's width (NaN for one run). */
        public double halfWidth() {
            return (high - low) / 2;
        }
    }

    /** What a paired comparison concludes. */
    public enum Verdict {
        BETTER("significantly better"),
        WORSE("significantly worse"),
        UNRESOLVED("not resolvable at this sample size");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** As the claim check writes it. */
        public String text() {
            return text;
        }
    }

    /**
     * A's metric minus B's over paired runs.
     *
     * @param difference    mean difference with its 95 % interval
     * @param seedP         two-sided p of the paired t-test over runs; NaN for one run, or when every
     *                      run differs by the same amount (no seed spread to test against)
     * @param onlyA         clips A got right and B wrong, summed over the paired runs (−1 without per-clip data)
     * @param onlyB         clips B got right and A wrong
     * @param clipP         two-sided p of the exact McNemar test on those counts; NaN without per-clip data
     */
    public record Paired(Interval difference, double seedP, int onlyA, int onlyB, double clipP, Verdict verdict) {
    }

    /** Mean and 95 % t-interval of {@code values}. */
    public static Interval mean95(double[] values) {
        DescriptiveStatistics s = new DescriptiveStatistics(values);
        int n = values.length;
        if (n < 2) {
            return new Interval(n == 1 ? values[0] : Double.NaN, Double.NaN, Double.NaN, n);
        }
        double half = new TDistribution(n - 1).inverseCumulativeProbability(1 - ALPHA / 2)
                * s.getStandardDeviation() / Math.sqrt(n);
        return new Interval(s.getMean(), s.getMean() - half, s.getMean() + half, n);
    }

    /**
     * Compares A with B over runs paired by baseline and seed.
     *
     * @param a        A's metric per run
     * @param b        B's metric per run, same order
     * @param correctA per run, per test clip: A right? ({@code null} for multi-label data)
     * @param correctB the same for B
     */
    public static Paired compare(double[] a, double[] b, boolean[][] correctA, boolean[][] correctB) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        Interval diff = mean95(d);
        double seedP = Double.NaN;
        if (d.length >= 2 && Arrays.stream(d).anyMatch(x -> x != d[0])) {
            seedP = new TTest().pairedTTest(a, b);
        }
        int onlyA = -1;
        int onlyB = -1;
        double clipP = Double.NaN;
        if (correctA != null && correctB != null) {
            onlyA = 0;
            onlyB = 0;
            for (int r = 0; r < correctA.length; r++) {
                for (int c = 0; c < correctA[r].length; c++) {
                    onlyA += correctA[r][c] && !correctB[r][c] ? 1 : 0;
                    onlyB += correctB[r][c] && !correctA[r][c] ? 1 : 0;
                }
            }
            clipP = onlyA + onlyB == 0 ? 1.0
                    : new BinomialTest().binomialTest(onlyA + onlyB, onlyA, 0.5, AlternativeHypothesis.TWO_SIDED);
        }
        // seeds: need a spread to test against, unless every run differs alike (then only the clips vary)
        boolean seedsSignificant = d.length >= 2 && (Double.isNaN(seedP) ? Arrays.stream(d).allMatch(x -> x == d[0])
                && d[0] != 0 && !Double.isNaN(clipP) : seedP < ALPHA);
        boolean clipsSignificant = Double.isNaN(clipP) || clipP < ALPHA;
        Verdict v = seedsSignificant && clipsSignificant && diff.mean() != 0
                ? (diff.mean() > 0 ? Verdict.BETTER : Verdict.WORSE) : Verdict.UNRESOLVED;
        return new Paired(diff, seedP, onlyA, onlyB, clipP, v);
    }
}
