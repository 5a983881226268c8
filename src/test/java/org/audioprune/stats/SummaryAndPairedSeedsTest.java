package org.audioprune.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * Oracles: Student's sleep data (Cushny & Peebles via Student 1908; R's {@code sleep}) with R's
 * published {@code t.test(extra ~ group, data = sleep, paired = TRUE)} output, the t table, and
 * hand-enumerated exact Wilcoxon distributions.
 */
class SummaryAndPairedSeedsTest {
    /** Extra hours of sleep, drug 1 and drug 2, patients 1..10. */
    static final double[] DRUG1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    static final double[] DRUG2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

    @Test
    void meanAndStudentIntervalMatchTheTTable() {
        // mean 3, s = √2.5; t(0.975, 4) = 2.776 (table): half-width 2.776 · 1.5811 / √5 = 1.963
        Summary s = Summary.of(1, 2, 3, 4, 5);
        assertEquals(5, s.n());
        assertEquals(3, s.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), s.standardDeviation(), 1e-12);
        assertEquals(3 - 1.963, s.interval().lower(), 5e-4);
        assertEquals(3 + 1.963, s.interval().upper(), 5e-4);
        assertEquals(0.95, s.interval().level());
        // 99 %: t(0.995, 4) = 4.604 (table)
        Summary s99 = Summary.atLevel(0.99, new double[] {1, 2, 3, 4, 5});
        assertEquals(4.604 * Math.sqrt(2.5) / Math.sqrt(5), s99.interval().upper() - 3, 5e-4);
    }

    @Test
    void oneValueHasNoInterval() {
        Summary s = Summary.of(0.7);
        assertEquals(0.7, s.mean());
        assertTrue(Double.isNaN(s.standardDeviation()));
        assertFalse(s.interval().defined());
        assertThrows(IllegalArgumentException.class, () -> Summary.of());
    }

    @Test
    void pairedTOnTheSleepDataMatchesR() {
        // R: t = 4.0621, df = 9, p-value = 0.002833, 95 % CI 0.7001142 2.4598858, mean difference 1.58
        PairedSeeds p = PairedSeeds.of(DRUG2, DRUG1);
        assertEquals(10, p.n());
        assertEquals(1.58, p.meanDifference(), 1e-12);
        assertEquals(0.002833, p.tPValue(), 5e-7);
        assertEquals(0.7001142, p.interval().lower(), 1e-6);
        assertEquals(2.4598858, p.interval().upper(), 1e-6);
        PairedSeeds reversed = PairedSeeds.of(DRUG1, DRUG2);
        assertEquals(-1.58, reversed.meanDifference(), 1e-12);
        assertEquals(p.tPValue(), reversed.tPValue(), 1e-15);
    }

    @Test
    void exactWilcoxonMatchesHandEnumeration() {
        // d = 1, 2, 3, −4, 5, 6: W− = 4; subsets of {1..6} with sum ≤ 4: {}, {1}, {2}, {3}, {1,2}, {4}, {1,3}
        // → P(W− ≤ 4) = 7/64, two-sided 14/64
        double[] a = {1, 2, 3, -4, 5, 6};
        double[] zero = new double[6];
        assertEquals(14.0 / 64, PairedSeeds.of(a, zero).wilcoxonPValue(), 1e-12);
        // five positive differences: the most extreme outcome, 2 / 2⁵ — the smallest p five seeds can give
        assertEquals(2.0 / 32, PairedSeeds.of(new double[] {0.3, 0.1, 0.2, 0.5, 0.4}, new double[5]).wilcoxonPValue(),
                1e-12);
        // zero differences are dropped: (1, 2, 3, 0) is three positive differences, 2 / 2³
        assertEquals(2.0 / 8, PairedSeeds.of(new double[] {1, 2, 3, 5}, new double[] {0, 0, 0, 5}).wilcoxonPValue(),
                1e-12);
    }

    @Test
    void degenerateDifferences() {
        PairedSeeds same = PairedSeeds.of(new double[] {0.8, 0.7, 0.9}, new double[] {0.8, 0.7, 0.9});
        assertEquals(0, same.meanDifference());
        assertEquals(1, same.tPValue());
        assertEquals(1, same.wilcoxonPValue());
        PairedSeeds shifted = PairedSeeds.of(new double[] {0.81, 0.71, 0.91}, new double[] {0.80, 0.70, 0.90});
        assertEquals(0.01, shifted.meanDifference(), 1e-12);
        PairedSeeds one = PairedSeeds.of(new double[] {0.8}, new double[] {0.7});
        assertTrue(Double.isNaN(one.tPValue()));
        assertFalse(one.interval().defined());
        assertThrows(IllegalArgumentException.class, () -> PairedSeeds.of(new double[2], new double[3]));
    }
}
