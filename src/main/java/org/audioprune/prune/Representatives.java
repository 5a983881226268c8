package org.audioprune.prune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Rank-1 filter representatives (spec §1.2): A_i = W[i] reshaped to (C, kH·kW) and transposed;
 * r_i = first column of u₁v₁ᵀ, normalised = sign(v₁[0])·u₁, a unit vector of length kH·kW.
 * The sign follows input channel 0 (spec §5), as in the reference code. The representative does not
 * depend on the filter's scale, so each filter is first scaled by a power of two to a maximum
 * magnitude in [1, 2) ({@link BinaryScale}: exact, so results are unchanged for ordinary weights,
 * and weights of any magnitude neither overflow nor underflow).
 *
 * @param count      number of filters N
 * @param length     kH·kW, the length of each representative
 * @param vectors    N×length row-major; the row of a degenerate filter is all zero
 * @param degenerate {@code degenerate[i]} when filter i has no representative
 */
public record Representatives(int count, int length, double[] vectors, boolean[] degenerate) {

    /**
     * |v₁[0]| at or below this counts as v₁[0] = 0 (degenerate). v₁ is a unit vector, and a
     * channel-0 component that is zero in exact arithmetic comes out of the SVD as rounding noise
     * of order 1e-16 with an arbitrary sign; 1e-10 sits far above that noise and far below any
     * channel-0 share that float32 weights can express meaningfully next to the other channels.
     */
    public static final double CHANNEL0_TOLERANCE = 1e-10;

    public static Representatives of(ConvWeights w) {
        int n = w.filters();
        int c = w.channels();
        int k = w.kernelHeight() * w.kernelWidth();
        double[] vectors = new double[n * k];
        boolean[] degenerate = new boolean[n];
        double[] weights = w.data();
        int len = c * k;
        double[] data = new double[len]; // one filter, scaled
        if (c == 1) {
            // spec: for C = 1 the representative is the normalised filter itself
            for (int i = 0; i < n; i++) {
                BinaryScale.scaleDown(weights, i * k, (i + 1) * k, BinaryScale.exponent(weights, i * k, (i + 1) * k),
                        data);
                double norm = 0;
                for (int p = 0; p < k; p++) {
                    norm += data[p] * data[p];
                }
                norm = Math.sqrt(norm);
                degenerate[i] = norm == 0;
                for (int p = 0; p < k && norm > 0; p++) {
                    vectors[i * k + p] = data[p] / norm;
                }
            }
            return new Representatives(n, k, vectors, degenerate);
        }
        // u₁ of A (k×C) is the top singular vector of the k×k Gram matrix AAᵀ (EJML SVD of a 9×9 for
        // 3×3 kernels): O(C·k²) per filter with a tiny constant, where a full SVD of the k×C matrix
        // took seconds per 2048-filter layer. The Gram matrix squares the condition number, which
        // hurts small singular vectors, not u₁: its error stays about ε·σ₁²/(σ₁² − σ₂²), the
        // conditioning of u₁ itself. The sign: v₁ = Aᵀu₁/σ₁, so v₁[0] = (a₀·u₁)/σ₁, a₀ = channel 0.
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(k, k, true, false, true);
        DMatrixRMaj gram = new DMatrixRMaj(k, k);
        for (int i = 0; i < n; i++) {
            BinaryScale.scaleDown(weights, i * len, (i + 1) * len, BinaryScale.exponent(weights, i * len, (i + 1) * len),
                    data);
            boolean allZero = true;
            for (int p = 0; p < len; p++) {
                allZero &= data[p] == 0;
            }
            if (allZero) {
                degenerate[i] = true;
                continue;
            }
            double[] g = gram.data;
            java.util.Arrays.fill(g, 0);
            for (int ch = 0; ch < c; ch++) {
                int row = ch * k; // W[i][ch] is column ch of A
                for (int p = 0; p < k; p++) {
                    double ap = data[row + p];
                    for (int q = p; q < k; q++) {
                        g[p * k + q] += ap * data[row + q];
                    }
                }
            }
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < p; q++) {
                    g[p * k + q] = g[q * k + p];
                }
            }
            if (!svd.decompose(gram)) {
                throw new IllegalStateException("SVD did not converge for filter " + i);
            }
            double[] sv = svd.getSingularValues();
            int top = 0;
            for (int j = 1; j < svd.numberOfSingularValues(); j++) {
                top = sv[j] > sv[top] ? j : top;
            }
            DMatrixRMaj u = svd.getU(null, false);
            double norm = 0;
            double channel0 = 0;
            for (int p = 0; p < k; p++) {
                double up = u.get(p, top);
                norm += up * up;
                channel0 += data[p] * up;
            }
            norm = Math.sqrt(norm); // u₁ is unit up to rounding; renormalise as the reference does
            double v10 = channel0 / (Math.sqrt(sv[top]) * norm); // σ₁ = √λ₁(AAᵀ)
            if (Math.abs(v10) <= CHANNEL0_TOLERANCE) {
                degenerate[i] = true;
                continue;
            }
            double sign = Math.signum(v10);
            for (int p = 0; p < k; p++) {
                vectors[i * k + p] = sign * u.get(p, top) / norm;
            }
        }
        return new Representatives(n, k, vectors, degenerate);
    }

    /** Indices of the filters that have a representative, ascending. */
    public int[] definedFilters() {
        int m = 0;
        for (boolean d : degenerate) {
            m += d ? 0 : 1;
        }
        int[] idx = new int[m];
        for (int i = 0, j = 0; i < count; i++) {
            if (!degenerate[i]) {
                idx[j++] = i;
            }
        }
        return idx;
    }
}
