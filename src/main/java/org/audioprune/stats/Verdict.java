package org.audioprune.stats;

/** What a comparison of A with B lets one claim; never just the sign of a difference. */
public enum Verdict {
    SIGNIFICANTLY_BETTER("significantly better"),
    SIGNIFICANTLY_WORSE("significantly worse"),
    NOT_RESOLVABLE("not resolvable at this sample size");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /** A is better or worse than B when the (adjusted) p-value is below {@code alpha}; otherwise not resolvable. */
    public static Verdict of(double difference, double pValue, double alpha) {
        if (!(pValue < alpha) || difference == 0 || Double.isNaN(difference)) {
            return NOT_RESOLVABLE;
        }
        return difference > 0 ? SIGNIFICANTLY_BETTER : SIGNIFICANTLY_WORSE;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
