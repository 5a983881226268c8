package org.audioprune.prune;

import java.util.function.DoubleUnaryOperator;

/**
 * Betweenness centrality on the filter graph (spec §1.5), the highest pruned first.
 * {@code bc} uses the signed similarity itself as the path length, as the reference code does
 * (negative lengths included, with networkx's Dijkstra semantics, see {@link DenseBetweenness});
 * {@code bc-dist} uses the distance 1 − S and {@code bc-absdist} 1 − |S|.
 */
public final class Betweenness extends GraphCriterion {

    /** How an edge's similarity becomes its length. */
    public enum Length {
        SIMILARITY("bc", s -> s),
        ONE_MINUS_SIMILARITY("bc-dist", s -> 1 - s),
        ONE_MINUS_ABS_SIMILARITY("bc-absdist", s -> 1 - Math.abs(s));

        private final String criterion;
        private final DoubleUnaryOperator fromSimilarity;

        Length(String criterion, DoubleUnaryOperator fromSimilarity) {
            this.criterion = criterion;
            this.fromSimilarity = fromSimilarity;
        }
    }

    private final Length length;
    private final int threads;

    public Betweenness(Length length, int threads) {
        super(length.criterion);
        this.length = length;
        this.threads = threads;
    }

    @Override
    protected double[] centrality(FilterGraph graph) {
        return DenseBetweenness.compute(graph.transformed(length.fromSimilarity), graph.size(), threads);
    }
}
