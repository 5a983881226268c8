package org.audioprune.stats;

/**
 * A two-sided confidence interval.
 *
 * @param level coverage, e.g. 0.95
 */
public record Interval(double lower, double upper, double level) {
    /** An interval that cannot be computed (e.g. from one value). */
    static Interval undefined(double level) {
        return new Interval(Double.NaN, Double.NaN, level);
    }

    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }

    /** Whether both ends are numbers. */
    public boolean defined() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
}
