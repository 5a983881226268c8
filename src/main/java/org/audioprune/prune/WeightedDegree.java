package org.audioprune.prune;

/**
 * {@code wdc}: weighted degree Σ_{j≠i} S_ij on the signed similarity (spec §1.5); {@code wdc-abs}:
 * Σ_{j≠i} |S_ij|. The highest is pruned first.
 */
public final class WeightedDegree extends GraphCriterion {
    private final boolean absolute;

    public WeightedDegree(boolean absolute) {
        super(absolute ? "wdc-abs" : "wdc");
        this.absolute = absolute;
    }

    @Override
    protected double[] centrality(FilterGraph graph) {
        int m = graph.size();
        double[] s = graph.similarity();
        double[] degree = new double[m];
        for (int a = 0; a < m; a++) {
            double sum = 0; // ascending j, like the reference's sum over neighbours
            for (int b = 0; b < m; b++) {
                if (b != a) {
                    sum += absolute ? Math.abs(s[a * m + b]) : s[a * m + b];
                }
            }
            degree[a] = sum;
        }
        return degree;
    }
}
