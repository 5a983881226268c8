package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RepresentativesTest {

    /**
     * A rank-1 filter A = a bᵀ (positions × channels) stored in PyTorch layout W[ch][pos] = a[pos]·b[ch].
     */
    static double[] rankOne(double[] a, double[] b) {
        double[] w = new double[a.length * b.length];
        for (int ch = 0; ch < b.length; ch++) {
            for (int p = 0; p < a.length; p++) {
                w[ch * a.length + p] = a[p] * b[ch];
            }
        }
        return w;
    }

    static ConvWeights oneFilter(double[] w, int channels, int kh, int kw) {
        return new ConvWeights(1, channels, kh, kw, w);
    }

    @Test
    void representativeIsTheUnitLeftVectorSignedByChannelZero() {
        // A = a bᵀ with a = (1, 2, 2) (|a| = 3) over 3 positions, b = (4, -1) over 2 channels:
        // u₁ = ±a/3, v₁ = ±b/√17; u₁v₁ᵀ's first column ∝ a·b[0] → r = a/3 (not σ₁u₁, not v₁)
        double[] a = {1, 2, 2};
        Representatives r = Representatives.of(oneFilter(rankOne(a, new double[] {4, -1}), 2, 1, 3));
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 2.0 / 3}, r.vectors(), 1e-12);
        // channel 0 negative flips it (spec §5: the sign follows channel 0)
        Representatives flipped = Representatives.of(oneFilter(rankOne(a, new double[] {-4, -1}), 2, 1, 3));
        assertArrayEquals(new double[] {-1.0 / 3, -2.0 / 3, -2.0 / 3}, flipped.vectors(), 1e-12);
    }

    @Test
    void representativeOfAFullRankFilterIsTheDominantDirection() {
        // A = 3·e1·(1,0)ᵀ + 1·e2·(0,1)ᵀ over 2 positions × 2 channels: σ₁ = 3 with u₁ = e1, v₁ = (1, 0)
        // → r = e1; swapping which channel is dominant gives u₁ = e2 but v₁[0] = 0 → degenerate
        double[] w = {3, 0, 0, 1}; // W[ch0] = (3, 0), W[ch1] = (0, 1)
        Representatives r = Representatives.of(oneFilter(w, 2, 1, 2));
        assertArrayEquals(new double[] {1, 0}, r.vectors(), 1e-12);
        Representatives d = Representatives.of(oneFilter(new double[] {1, 0, 0, 3}, 2, 1, 2));
        assertTrue(d.degenerate()[0]);
    }

    @Test
    void singleChannelRepresentativeIsTheNormalisedFilter() {
        Representatives r = Representatives.of(oneFilter(new double[] {3, 0, -4, 0}, 1, 2, 2));
        assertArrayEquals(new double[] {0.6, 0, -0.8, 0}, r.vectors(), 1e-15);
    }

    @Test
    void zeroFilterAndZeroChannelZeroAreDegenerateAndScoredMaximallyPrunable() {
        // filter 0: all zero; filter 1: channel 0 zero (v₁[0] = 0); filters 2, 3: ordinary
        double[] data = new double[4 * 2 * 2];
        double[] f1 = rankOne(new double[] {1, 1}, new double[] {0, 1});
        double[] f2 = rankOne(new double[] {1, 0}, new double[] {1, 1});
        double[] f3 = rankOne(new double[] {1, 1}, new double[] {1, -1});
        System.arraycopy(f1, 0, data, 4, 4);
        System.arraycopy(f2, 0, data, 8, 4);
        System.arraycopy(f3, 0, data, 12, 4);
        ConvWeights w = new ConvWeights(4, 2, 1, 2, data);
        Representatives r = Representatives.of(w);
        assertArrayEquals(new boolean[] {true, true, false, false}, r.degenerate());
        java.io.StringWriter err = new java.io.StringWriter();
        org.audioprune.Progress.configure(new java.io.PrintWriter(err));
        try {
            for (String name : RankingTests.passive()) {
                FilterRanking ranking = RankingTests.rank(name, 0, w);
                for (double s : ranking.scores()) {
                    assertFalse(Double.isNaN(s), name + " emitted NaN");
                }
                if (!name.equals("random") && !name.equals("l1") && !name.equals("l2")
                        && !name.equals("fpgm") && !name.equals("gmean")) {
                    assertArrayEquals(new int[] {0, 1}, java.util.Arrays.copyOf(ranking.pruneOrder(), 2), name);
                }
            }
        } finally {
            org.audioprune.Progress.configure(null);
        }
        assertTrue(err.toString().contains("wdc: filter 0 has no rank-1 representative"), err.toString());
        assertTrue(err.toString().contains("bc: filter 1 has no rank-1 representative"), err.toString());
    }

    @Test
    void similarityIsTheSignedCosineOfRepresentatives() {
        ConvWeights w = HandWorkedRankingsTest.layer(new double[] {1, 0}, new double[] {1, 1}, new double[] {0, -2});
        FilterGraph g = FilterGraph.of(Representatives.of(w));
        double h = Math.sqrt(0.5);
        assertEquals(h, g.similarity(0, 1), 1e-15);
        assertEquals(0, g.similarity(0, 2), 1e-15);
        assertEquals(-h, g.similarity(1, 2), 1e-15);
        assertEquals(g.similarity(2, 1), g.similarity(1, 2));
    }
}
