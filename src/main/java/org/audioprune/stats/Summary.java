package org.audioprune.stats;

import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.stat.descriptive.DescriptiveStatistics;

/**
 * One cell's metric over seeds: mean, sample standard deviation and the Student-t confidence
 * interval of the mean, mean ± t(1 − (1 − level)/2, n − 1) · s / √n.
 *
 * @param n                 number of seeds
 * @param standardDeviation sample standard deviation (n − 1 in the denominator); NaN for one value
 * @param interval          undefined (NaN ends) for one value
 */
public record Summary(int n, double mean, double standardDeviation, Interval interval) {
    /** The confidence level used unless another is given. */
    public static final double LEVEL = 0.95;

    /** Mean and 95 % interval of {@code values}. */
    public static Summary of(double... values) {
        return atLevel(LEVEL, values);
    }

    public static Summary atLevel(double level, double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to summarise");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
        }
        DescriptiveStatistics stats = new DescriptiveStatistics(values);
        double mean = stats.getMean();
        if (values.length == 1) {
            return new Summary(1, mean, Double.NaN, Interval.undefined(level));
        }
        double sd = stats.getStandardDeviation();
        double half = tQuantile(level, values.length - 1) * sd / Math.sqrt(values.length);
        return new Summary(values.length, mean, sd, new Interval(mean - half, mean + half, level));
    }

    /** The two-sided Student-t critical value for {@code level} with {@code df} degrees of freedom. */
    static double tQuantile(double level, int df) {
        return new TDistribution(df).inverseCumulativeProbability(1 - (1 - level) / 2);
    }
}
