package org.audioprune.prune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Rank-1 filter representatives (spec §1.2): A_i = W[i] reshaped to (C, kH·kW) and transposed;
 * r_i = first column of u₁v₁ᵀ, normalised = sign(v₁[0])·u₁, a unit vector of length kH·kW.
 * The sign follows input channel 0 (spec §5), as in the reference code.
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
        double[] data = w.data();
        if (c == 1) {
            // spec: for C = 1 the representative is the normalised filter itself
            for (int i = 0; i < n; i++) {
                double norm = 0;
                for (int p = 0; p < k; p++) {
                    norm += data[i * k + p] * data[i * k + p];
                }
                norm = Math.sqrt(norm);
                degenerate[i] = norm == 0;
                for (int p = 0; p < k && norm > 0; p++) {
                    vectors[i * k + p] = data[i * k + p] / norm;
                }
            }
            return new Representatives(n, k, vectors, degenerate);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(k, c, true, true, true);
        DMatrixRMaj a = new DMatrixRMaj(k, c);
        int len = c * k;
        for (int i = 0; i < n; i++) {
            int base = i * len;
            boolean allZero = true;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < k; p++) {
                    double v = data[base + ch * k + p];
                    a.unsafe_set(p, ch, v);
                    allZero &= v == 0;
                }
            }
            if (allZero) {
                degenerate[i] = true;
                continue;
            }
            if (!svd.decompose(a)) {
                throw new IllegalStateException("SVD did not converge for filter " + i);
            }
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj v = svd.getV(null, false);
            SingularOps_DDRM.descendingOrder(u, false, svd.getSingularValues(), svd.numberOfSingularValues(),
                    v, false);
            double v10 = v.get(0, 0);
            if (Math.abs(v10) <= CHANNEL0_TOLERANCE) {
                degenerate[i] = true;
                continue;
            }
            double sign = Math.signum(v10);
            double norm = 0;
            for (int p = 0; p < k; p++) {
                norm += u.get(p, 0) * u.get(p, 0);
            }
            norm = Math.sqrt(norm); // u₁ is unit up to rounding; renormalise as the reference does
            for (int p = 0; p < k; p++) {
                vectors[i * k + p] = sign * u.get(p, 0) / norm;
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
