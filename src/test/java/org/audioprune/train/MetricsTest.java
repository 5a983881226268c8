package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Metrics against hand-worked examples (and sklearn's documented ones). */
class MetricsTest {
    private static final double EPS = 1e-9;

    @Test
    void accuracyConfusionAndPerClass() {
        int[] predicted = {0, 1, 1, 2};
        int[] truth = {0, 1, 2, 2};
        assertEquals(0.75, Metrics.accuracy(predicted, truth), EPS);
        int[][] confusion = Metrics.confusionMatrix(predicted, truth, 3);
        assertArrayEquals(new int[] {1, 0, 0}, confusion[0]);
        assertArrayEquals(new int[] {0, 1, 0}, confusion[1]);
        assertArrayEquals(new int[] {0, 1, 1}, confusion[2]);
        assertArrayEquals(new double[] {1, 1, 0.5}, Metrics.perClassAccuracy(confusion), EPS);
    }

    @Test
    void logLossIsMeanNegativeLogOfTrueClass() {
        double[][] p = {{0.9, 0.1}, {0.2, 0.8}, {0.6, 0.4}};
        // −(ln 0.9 + ln 0.8 + ln 0.4) / 3
        assertEquals((0.105360516 + 0.223143551 + 0.916290732) / 3, Metrics.logLoss(p, new int[] {0, 1, 1}), 1e-8);
        // A certain wrong answer is clipped to −ln(1e−15), not infinite.
        assertEquals(-Math.log(1e-15), Metrics.logLoss(new double[][] {{1, 0}}, new int[] {1}), 1e-6);
    }

    @Test
    void averagePrecisionMatchesSklearnExample() {
        // sklearn docs: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] truth = {false, false, true, true};
        assertEquals(0.5 * 1 + 0.5 * 2.0 / 3, Metrics.averagePrecision(scores, truth), EPS);
        // ... and roc_auc_score on the same data = 0.75 (3 of 4 positive/negative pairs ordered right)
        assertEquals(0.75, Metrics.rocAuc(scores, truth), EPS);
    }

    @Test
    void tiedScoresEnterTogether() {
        double[] scores = {0.5, 0.5, 0.2};
        boolean[] truth = {true, false, true};
        // Threshold 0.5: P = 1/2, R = 1/2; threshold 0.2: P = 2/3, R = 1.
        assertEquals(0.5 * 0.5 + 0.5 * 2.0 / 3, Metrics.averagePrecision(scores, truth), EPS);
        // Pairs (pos, neg): (0.5 vs 0.5) tie = 1/2, (0.2 vs 0.5) lost = 0 → 0.25.
        assertEquals(0.25, Metrics.rocAuc(scores, truth), EPS);
    }

    @Test
    void macroAveragesSkipClassesWithoutPositives() {
        double[][] scores = {{0.9, 0.1, 0.3}, {0.2, 0.8, 0.1}, {0.3, 0.4, 0.2}};
        boolean[][] truth = {{true, false, false}, {false, true, false}, {false, true, false}};
        // class 0: positive ranked first → AP 1, AUC 1; class 1: positives at 0.8, 0.4 above negative 0.1
        // → AP 1, AUC 1; class 2 has no positive (skipped).
        assertEquals(1.0, Metrics.meanAveragePrecision(scores, truth), EPS);
        assertEquals(1.0, Metrics.meanRocAuc(scores, truth), EPS);
        truth[2][0] = true;
        truth[2][1] = false;
        // class 0 now positives {0.9, 0.3}, negative {0.2}: AP 1, AUC 1; class 1 positive {0.8}, negatives
        // {0.1, 0.4}: AP 1, AUC 1; still 1. Swap a score to make class 0 imperfect:
        scores[2][0] = 0.1;
        // class 0: ranking 0.9(+), 0.2(−), 0.1(+): AP = 0.5·1 + 0.5·2/3, AUC = 1/2
        assertEquals(((0.5 + 1.0 / 3) + 1) / 2, Metrics.meanAveragePrecision(scores, truth), EPS);
        assertEquals((0.5 + 1) / 2, Metrics.meanRocAuc(scores, truth), EPS);
    }

    @Test
    void dPrimeIsSqrtTwoTimesProbit() {
        assertEquals(0, Metrics.dPrime(0.5), 1e-9);
        // Φ(1) = 0.8413447460685429 → d′ = √2
        assertEquals(Math.sqrt(2), Metrics.dPrime(0.8413447460685429), 1e-7);
        assertEquals(1.959963984540054, Metrics.inverseNormalCdf(0.975), 1e-7);
        assertEquals(-3.090232306167813, Metrics.inverseNormalCdf(0.001), 1e-7);
        assertTrue(Double.isInfinite(Metrics.dPrime(1.0)));
    }
}
