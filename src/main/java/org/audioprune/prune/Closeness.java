package org.audioprune.prune;

import java.util.Arrays;

/**
 * {@code closeness}, an extra beyond the paper: (m − 1) / Σ_j dist(i, j) with shortest-path
 * distances under the edge length 1 − |S_ij| (≥ 0, sign-free); the highest is pruned first.
 * Written as an O(m²)-per-source dense Dijkstra because JGraphT's ClosenessCentrality runs a heap
 * Dijkstra over m² edge objects, far too slow on a complete graph of 2048 filters; the tests check
 * it against JGraphT on small graphs. An all-identical layer (every distance 0) scores +∞.
 */
public final class Closeness extends GraphCriterion {
    public Closeness() {
        super("closeness");
    }

    @Override
    protected double[] centrality(FilterGraph graph) {
        int m = graph.size();
        double[] length = graph.transformed(s -> 1 - Math.abs(s));
        double[] out = new double[m];
        double[] dist = new double[m];
        boolean[] done = new boolean[m];
        for (int s = 0; s < m; s++) {
            Arrays.fill(dist, Double.POSITIVE_INFINITY);
            Arrays.fill(done, false);
            dist[s] = 0;
            double total = 0;
            for (int step = 0; step < m; step++) {
                int v = -1;
                for (int w = 0; w < m; w++) {
                    if (!done[w] && (v < 0 || dist[w] < dist[v])) {
                        v = w;
                    }
                }
                done[v] = true;
                total += dist[v];
                for (int w = 0; w < m; w++) {
                    double nd = dist[v] + length[v * m + w];
                    if (!done[w] && nd < dist[w]) {
                        dist[w] = nd;
                    }
                }
            }
            out[s] = m < 2 ? 0 : (m - 1) / total;
        }
        return out;
    }
}
