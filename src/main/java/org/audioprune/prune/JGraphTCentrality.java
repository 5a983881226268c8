package org.audioprune.prune;

import java.util.Map;
import java.util.function.Function;
import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.VertexScoringAlgorithm;
import org.jgrapht.alg.scoring.EigenvectorCentrality;
import org.jgrapht.alg.scoring.PageRank;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * Extras beyond the paper (spec §1.5, optional): {@code eigenvector} centrality and {@code pagerank}
 * from JGraphT on the complete graph with edge weight |S_ij| (sign-free, so independent of the
 * representative's channel-0 sign). Edges of weight 0 are left out: they carry no score in either
 * algorithm, and JGraphT's weighted PageRank divides by a node's total edge weight, so a node whose
 * edges all weigh 0 must be a dangling node instead (PageRank spreads those uniformly). The highest
 * is pruned first.
 */
public final class JGraphTCentrality extends GraphCriterion {

    /** Which JGraphT scoring algorithm. */
    public enum Kind {
        EIGENVECTOR("eigenvector", g -> new EigenvectorCentrality<>(g, 1000, 1e-12)),
        PAGERANK("pagerank", g -> new PageRank<>(g, PageRank.DAMPING_FACTOR_DEFAULT, 1000, 1e-12));

        private final String criterion;
        private final Function<Graph<Integer, DefaultWeightedEdge>, VertexScoringAlgorithm<Integer, Double>> algorithm;

        Kind(String criterion,
             Function<Graph<Integer, DefaultWeightedEdge>, VertexScoringAlgorithm<Integer, Double>> algorithm) {
            this.criterion = criterion;
            this.algorithm = algorithm;
        }
    }

    private final Kind kind;

    public JGraphTCentrality(Kind kind) {
        super(kind.criterion);
        this.kind = kind;
    }

    @Override
    protected double[] centrality(FilterGraph graph) {
        int m = graph.size();
        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (int a = 0; a < m; a++) {
            g.addVertex(a);
        }
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double weight = Math.abs(graph.similarity(a, b));
                if (weight > 0) {
                    g.setEdgeWeight(g.addEdge(a, b), weight);
                }
            }
        }
        if (g.edgeSet().isEmpty()) {
            // no edge (one filter, or all mutually orthogonal): JGraphT's eigenvector normalisation divides
            // 0 by 0; networkx's power iteration on A + I gives every node 1/√m there, PageRank 1/m
            double uniform = kind == Kind.EIGENVECTOR ? 1 / Math.sqrt(m) : 1.0 / m;
            double[] out = new double[m];
            java.util.Arrays.fill(out, uniform);
            return out;
        }
        Map<Integer, Double> scores = kind.algorithm.apply(g).getScores();
        double[] out = new double[m];
        for (int a = 0; a < m; a++) {
            out[a] = scores.get(a);
        }
        return out;
    }
}
