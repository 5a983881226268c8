package org.audioprune.report;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.report.SweepStatistics.Interval;
import org.audioprune.report.SweepStatistics.Paired;
import org.audioprune.report.SweepStatistics.Verdict;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked statistics: t quantiles from tables (t₀.₉₇₅ with 2 df = 4.302653, with 4 df = 2.776445),
 * McNemar exact p from the binomial sums.
 */
class SweepStatisticsTest {
    @Test
    void theIntervalOfOneTwoThreeIsTwoPlusMinusTDividedByRootThree() {
        Interval i = SweepStatistics.mean95(new double[] {1, 2, 3});
        assertEquals(2.0, i.mean(), 1e-12);
        assertEquals(4.302653 / Math.sqrt(3), i.halfWidth(), 1e-6); // sd = 1
        assertEquals(3, i.n());
        Interval one = SweepStatistics.mean95(new double[] {0.7});
        assertEquals(0.7, one.mean());
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.high()));
    }

    @Test
    void mcnemarIsTheExactBinomialOnTheDiscordantClips() {
        // 1 vs 9 discordant: p = 2 · (C(10,0) + C(10,1)) / 2^10 = 22 / 1024
        boolean[][] a = {{true, false, false, false, false, false, false, false, false, false, true}};
        boolean[][] b = {{false, true, true, true, true, true, true, true, true, true, true}};
        Paired p = SweepStatistics.compare(new double[] {0.2}, new double[] {0.9}, a, b);
        assertEquals(1, p.onlyA());
        assertEquals(9, p.onlyB());
        assertEquals(22.0 / 1024, p.clipP(), 1e-12);
        assertEquals(Verdict.UNRESOLVED, p.verdict(), "one run: the seed spread is unknown");
    }

    @Test
    void aPairedTTestOnFiveRunsAgreesWithTheHandComputation() {
        double[] a = {80, 82, 81, 83, 84};
        double[] b = {79, 80, 80, 81, 81};
        // d = 1, 2, 1, 2, 3: mean 1.8, sd √0.7, t = 1.8 / (√0.7 / √5) = 4.8107, 4 df: two-sided p = 0.008588
        Paired p = SweepStatistics.compare(a, b, null, null);
        assertEquals(1.8, p.difference().mean(), 1e-12);
        assertEquals(2.776445 * Math.sqrt(0.7) / Math.sqrt(5), p.difference().halfWidth(), 1e-6);
        assertEquals(0.008588, p.seedP(), 1e-5);
        assertEquals(Verdict.BETTER, p.verdict(), "multi-label data: the seed test alone decides");
        assertEquals(Verdict.WORSE, SweepStatistics.compare(b, a, null, null).verdict());
    }

    @Test
    void significantOverSeedsButNotOverClipsIsNotResolvable() {
        double[] a = {0.810, 0.811, 0.812};
        double[] b = {0.80, 0.80, 0.80};
        boolean[][] ca = new boolean[3][100];
        boolean[][] cb = new boolean[3][100];
        ca[0][0] = true; // 1 clip vs 0 clips: McNemar p = 1
        Paired p = SweepStatistics.compare(a, b, ca, cb);
        assertTrue(p.seedP() < 0.05, "seed test " + p.seedP());
        assertEquals(1.0, p.clipP(), 1e-12);
        assertEquals(Verdict.UNRESOLVED, p.verdict());
    }
}
