package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class FeatureMapSpectrumTest {
    // 2 samples × 3 channels of 2×3 maps.
    // channel 0: rank 2 (diag(3, 4)), rank 1 ((1,1,1) outer (1,2)) → mean rank 1.5; nuclear 7 and √3·√5
    // channel 1: zero maps → rank 0, nuclear 0
    // channel 2: rank 2 both ([[1,0,0],[0,1,0]] and its double) → mean rank 2; nuclear 2 and 4
    static final double[] DATA = {
        3, 0, 0, 0, 4, 0, /**/ 0, 0, 0, 0, 0, 0, /**/ 1, 0, 0, 0, 1, 0,
        1, 1, 1, 2, 2, 2, /**/ 0, 0, 0, 0, 0, 0, /**/ 2, 0, 0, 0, 2, 0};

    @Test
    void hrankIsTheMeanMatrixRank() {
        FeatureMaps maps = new FeatureMaps(2, 3, 2, 3, DATA, FeatureMaps.FLOAT64_EPSILON);
        FilterRanking r = FeatureMapSpectrum.hrank().rank(new LayerEvidence(null, maps));
        assertArrayEquals(new double[] {1.5, 0, 2}, r.scores(), 0);
        assertArrayEquals(new int[] {1, 0, 2}, r.pruneOrder());
    }

    @Test
    void hrankToleranceFollowsNumpyForTheMapsPrecision() {
        // diag(1, 1e-7) in a 2×2 map: σ₂/σ₁ = 1e-7 is above float64's 2·2^-52 but below float32's 2·2^-23 ≈ 2.4e-7
        double[] d = {1, 0, 0, 1e-7};
        assertArrayEquals(new double[] {2}, FeatureMapSpectrum.hrank()
                .rank(new LayerEvidence(null, new FeatureMaps(1, 1, 2, 2, d, FeatureMaps.FLOAT64_EPSILON))).scores(), 0);
        assertArrayEquals(new double[] {1}, FeatureMapSpectrum.hrank()
                .rank(new LayerEvidence(null, new FeatureMaps(1, 1, 2, 2, d, FeatureMaps.FLOAT32_EPSILON))).scores(), 0);
    }

    @Test
    void energyIsTheMeanNuclearNorm() {
        FeatureMaps maps = new FeatureMaps(2, 3, 2, 3, DATA, FeatureMaps.FLOAT32_EPSILON);
        FilterRanking r = FeatureMapSpectrum.energy().rank(new LayerEvidence(null, maps));
        assertArrayEquals(new double[] {(7 + Math.sqrt(15)) / 2, 0, 3}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 2, 0}, r.pruneOrder());
    }
}
