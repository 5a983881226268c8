package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, item 4: where a criterion's ranking does not depend on the weights' scale by definition
 * (cosine criteria, norms and distances), the computed one does not either. On main, weights
 * ×1e200 made the squared norms overflow: NaN or all-equal scores for 10 of 13 criteria.
 */
class ScaleInvarianceTest {
    /** Criteria whose scores do not change with the scale (they see only the rank-1 directions). */
    static final List<String> COSINE = List.of("wdc", "wdc-abs", "bc", "bc-dist", "bc-absdist", "pairwise",
            "eigenvector", "closeness", "pagerank");
    /** Criteria whose scores scale with the weights (norms, sums of distances). */
    static final List<String> NORMS = List.of("l1", "l2", "fpgm");

    static ConvWeights random(int filters, int channels, long seed, double scale) {
        Random r = new Random(seed);
        double[] w = new double[filters * channels * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian() * scale;
        }
        return new ConvWeights(filters, channels, 3, 3, w);
    }

    static FilterRanking rank(String criterion, ConvWeights w) {
        return RankingTests.rank(criterion, 0, w);
    }

    @Test
    void hugeAndTinyWeightsRankLikeOrdinaryOnes() {
        for (int channels : new int[] {1, 4}) {
            ConvWeights unit = random(12, channels, 3, 1);
            for (double scale : new double[] {1e200, 1e-200, 3e300, 1e-300}) {
                ConvWeights scaled = random(12, channels, 3, scale);
                for (String c : COSINE) {
                    FilterRanking a = rank(c, unit);
                    FilterRanking b = rank(c, scaled);
                    assertArrayEquals(a.pruneOrder(), b.pruneOrder(), c + " ×" + scale);
                    assertArrayEquals(a.scores(), b.scores(), 1e-9, c + " ×" + scale);
                }
                for (String c : NORMS) {
                    FilterRanking a = rank(c, unit);
                    FilterRanking b = rank(c, scaled);
                    assertArrayEquals(a.pruneOrder(), b.pruneOrder(), c + " ×" + scale);
                    for (int i = 0; i < a.scores().length; i++) {
                        assertEquals(1, b.scores()[i] / (a.scores()[i] * scale), 1e-9, c + " ×" + scale);
                    }
                }
            }
        }
    }

    /** A power of two changes only exponents: the scores are exactly the same (cosine) or exactly scaled (norms). */
    @Test
    void powersOfTwoGiveBitIdenticalScores() {
        ConvWeights unit = random(10, 3, 5, 1);
        for (int k : new int[] {-900, -40, 40, 900}) {
            ConvWeights scaled = random(10, 3, 5, Math.scalb(1.0, k));
            for (String c : COSINE) {
                assertArrayEquals(rank(c, unit).scores(), rank(c, scaled).scores(), 0.0, c + " ×2^" + k);
            }
            for (String c : NORMS) {
                double[] a = rank(c, unit).scores();
                double[] b = rank(c, scaled).scores();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(Math.scalb(a[i], k), b[i], 0.0, c + " ×2^" + k);
                }
            }
        }
    }

    /** gmean squares weight magnitudes: its ranking is scale-free while those squares fit a double (|w| < 1e154). */
    @Test
    void gmeanIsScaleFreeWithinTheRangeOfItsSquares() {
        ConvWeights unit = random(12, 4, 9, 1);
        for (double scale : new double[] {1e100, 1e-100}) {
            assertArrayEquals(rank("gmean", unit).pruneOrder(), rank("gmean", random(12, 4, 9, scale)).pruneOrder());
        }
    }

    /** networkx 2.8: eigenvector_centrality of one node is {0: 1.0}, of three unconnected nodes 1/√3 each. */
    @Test
    void eigenvectorCentralityOfALayerWithoutEdges() {
        ConvWeights one = random(1, 2, 1, 1);
        assertArrayEquals(new double[] {1.0}, rank("eigenvector", one).scores(), 0.0);
        assertArrayEquals(new double[] {1.0}, rank("pagerank", one).scores(), 0.0);
        // three mutually orthogonal 1×3 filters: every similarity 0, so no edge
        ConvWeights orthogonal = new ConvWeights(3, 1, 1, 3, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
        assertArrayEquals(new double[] {0.5773502691896258, 0.5773502691896258, 0.5773502691896258},
                rank("eigenvector", orthogonal).scores(), 1e-15);
        for (String c : RankingTests.passive()) {
            for (double s : rank(c, one).scores()) {
                assertFalse(Double.isNaN(s), c + " on one filter");
            }
        }
    }

    @Test
    void aNaNScoreIsADefectNeverARank() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Rankings.byScore(new double[] {1, Double.NaN}, true));
        assertTrue(e.getMessage().contains("filter 1"), e.getMessage());
    }
}
