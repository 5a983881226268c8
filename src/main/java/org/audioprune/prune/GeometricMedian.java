package org.audioprune.prune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * {@code fpgm} (He et al. 2019): Σ_j ‖W[i] − W[j]‖₂; the smallest (closest to the geometric median)
 * is pruned first. Distances come from one Gram matrix product (‖a−b‖² = ‖a‖² + ‖b‖² − 2a·b,
 * clamped at 0 against rounding) because the direct pairwise loop costs the same flops without
 * EJML's blocking and threads. The layer is scaled by a power of two first and the sums scaled back
 * ({@link BinaryScale}), so the squared norms of huge or tiny weights neither overflow nor underflow.
 */
public final class GeometricMedian extends ScoreCriterion {
    public GeometricMedian() {
        super("fpgm", false);
    }

    @Override
    protected double[] scores(ConvWeights weights) {
        int n = weights.filters();
        int len = weights.filterLength();
        int e = BinaryScale.exponent(weights.data(), 0, n * len);
        double[] scaled = new double[n * len];
        BinaryScale.scaleDown(weights.data(), 0, n * len, e, scaled);
        DMatrixRMaj w = DMatrixRMaj.wrap(n, len, scaled);
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        CommonOps_MT_DDRM.multTransB(w, w, gram);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double sq = gram.get(i, i) + gram.get(j, j) - 2 * gram.get(i, j);
                    sum += Math.sqrt(Math.max(0, sq));
                }
            }
            scores[i] = Math.scalb(sum, e);
        }
        return scores;
    }
}
