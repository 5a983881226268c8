package org.audioprune.prune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The complete undirected filter graph of one layer (spec §1.3–1.4): one node per filter that has a
 * representative, edge (i, j) carrying the signed cosine similarity S_ij = r_iᵀ r_j; no self-loops,
 * no threshold. Filters without a representative are not nodes (their criteria score them as
 * maximally prunable).
 */
public final class FilterGraph {
    private final int[] filters;
    private final double[] similarity;

    private FilterGraph(int[] filters, double[] similarity) {
        this.filters = filters;
        this.similarity = similarity;
    }

    public static FilterGraph of(Representatives reps) {
        int[] nodes = reps.definedFilters();
        int m = nodes.length;
        int k = reps.length();
        DMatrixRMaj r = new DMatrixRMaj(m, k);
        for (int a = 0; a < m; a++) {
            System.arraycopy(reps.vectors(), nodes[a] * k, r.data, a * k, k);
        }
        DMatrixRMaj s = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(r, r, s);
        double[] sim = s.data;
        // one value per undirected edge, as the reference graph stores it
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                sim[b * m + a] = sim[a * m + b];
            }
        }
        return new FilterGraph(nodes, sim);
    }

    /** Number of nodes. */
    public int size() {
        return filters.length;
    }

    /** The filter index of node a. */
    public int filter(int node) {
        return filters[node];
    }

    /** S as a size×size row-major matrix (diagonal ≈ 1, never used as an edge); not a copy. */
    public double[] similarity() {
        return similarity;
    }

    /** S_ab. */
    public double similarity(int a, int b) {
        return similarity[a * filters.length + b];
    }

    /** The matrix f(S_ab) for a ≠ b, diagonal 0. */
    public double[] transformed(java.util.function.DoubleUnaryOperator f) {
        int m = filters.length;
        double[] out = new double[m * m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                out[a * m + b] = a == b ? 0 : f.applyAsDouble(similarity[a * m + b]);
            }
        }
        return out;
    }
}
