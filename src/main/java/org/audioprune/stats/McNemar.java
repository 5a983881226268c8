package org.audioprune.stats;

import org.hipparchus.stat.inference.AlternativeHypothesis;
import org.hipparchus.stat.inference.BinomialTest;

/**
 * Exact McNemar test of two classifiers on the same clips: under "equally accurate" every clip
 * that exactly one of them gets right is equally likely to favour either, so the count favouring
 * A among the discordant clips is Binomial(discordant, ½); two-sided p-value.
 *
 * @param clips      clips compared
 * @param onlyA      clips A classifies correctly and B does not
 * @param onlyB      clips B classifies correctly and A does not
 * @param difference accuracy of A minus accuracy of B, (onlyA − onlyB) / clips
 * @param pValue     exact two-sided p-value (1 without discordant clips)
 */
public record McNemar(int clips, int onlyA, int onlyB, double difference, double pValue) {
    public static McNemar of(boolean[] correctA, boolean[] correctB) {
        if (correctA.length != correctB.length || correctA.length == 0) {
            throw new IllegalArgumentException("McNemar needs per-clip results of the same, non-zero length: "
                    + correctA.length + " vs " + correctB.length);
        }
        int onlyA = 0;
        int onlyB = 0;
        for (int i = 0; i < correctA.length; i++) {
            onlyA += correctA[i] && !correctB[i] ? 1 : 0;
            onlyB += correctB[i] && !correctA[i] ? 1 : 0;
        }
        double p = Math.min(1, new BinomialTest().binomialTest(onlyA + onlyB, onlyA, 0.5,
                AlternativeHypothesis.TWO_SIDED));
        return new McNemar(correctA.length, onlyA, onlyB, (double) (onlyA - onlyB) / correctA.length, p);
    }
}
