package org.audioprune.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Paired bootstrap of a metric difference over clips: clips are resampled with replacement, the
 * same resample for both networks, and the metric (e.g. mAP, which has no per-clip form) recomputed
 * on each. The interval is the percentile interval of the resampled differences; the two-sided
 * p-value compares the observed difference with the resampled differences centred on it,
 * (1 + #{|d*ᵦ − d̂| ≥ |d̂|}) / (B + 1). Written here because no maintained Java library bootstraps an
 * arbitrary statistic of paired samples; the generator is seeded, so the result is reproducible.
 *
 * @param observed  the metric of A minus the metric of B on all clips
 * @param interval  percentile interval of the resampled differences
 * @param pValue    two-sided bootstrap p-value
 * @param resamples number of bootstrap resamples B
 */
public record PairedBootstrap(double observed, Interval interval, double pValue, int resamples) {
    public static final int DEFAULT_RESAMPLES = 2000;

    /** A metric computed on a multiset of clips, given by their indices (repeats allowed). */
    @FunctionalInterface
    public interface ClipMetric {
        double on(int[] clips);
    }

    public static PairedBootstrap of(int clips, ClipMetric a, ClipMetric b, int resamples, long seed) {
        return of(clips, a, b, resamples, seed, Summary.LEVEL);
    }

    public static PairedBootstrap of(int clips, ClipMetric a, ClipMetric b, int resamples, long seed, double level) {
        if (clips < 1 || resamples < 1) {
            throw new IllegalArgumentException("bootstrap needs clips and resamples, got " + clips + ", " + resamples);
        }
        int[] all = new int[clips];
        Arrays.setAll(all, i -> i);
        double observed = a.on(all) - b.on(all);
        SplittableRandom random = new SplittableRandom(seed);
        double[] d = new double[resamples];
        int[] sample = new int[clips];
        int extreme = 0;
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < clips; i++) {
                sample[i] = random.nextInt(clips);
            }
            d[r] = a.on(sample) - b.on(sample);
            extreme += Math.abs(d[r] - observed) >= Math.abs(observed) ? 1 : 0;
        }
        // R's type 7 quantile (numpy's default): linear between order statistics
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(d);
        double tail = (1 - level) / 2;
        Interval interval = new Interval(percentile.evaluate(100 * tail), percentile.evaluate(100 * (1 - tail)), level);
        return new PairedBootstrap(observed, interval, (1.0 + extreme) / (resamples + 1.0), resamples);
    }
}
