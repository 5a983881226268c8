package org.audioprune.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Holm's step-down adjustment for a family of tests (family-wise error rate): the k-th smallest
 * of m p-values becomes max over j ≤ k of (m − j + 1) · p₍ⱼ₎, capped at 1 (R's
 * {@code p.adjust(method = "holm")}). A few lines of bookkeeping, not a distribution, so written here.
 */
public final class Holm {
    private Holm() {
    }

    /** Adjusted p-values in the input order; NaN entries stay NaN and do not count towards m. */
    public static double[] adjust(double... p) {
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] adjusted = new double[p.length];
        Arrays.fill(adjusted, Double.NaN);
        int m = order.length;
        double running = 0;
        for (int k = 0; k < m; k++) {
            running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
