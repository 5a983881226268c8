package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every deterministic criterion (or every graph criterion) must have, on random layers. */
class GraphPropertiesTest {
    static final int N = 14;
    static final int C = 5;
    static final int K = 9;

    static ConvWeights randomLayer(long seed) {
        return randomLayer(seed, 3, 3);
    }

    static ConvWeights randomLayer(long seed, int kh, int kw) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] d = new double[N * C * kh * kw];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextDouble(-1, 1);
        }
        return new ConvWeights(N, C, kh, kw, d);
    }

    static ConvWeights permuted(ConvWeights w, int[] perm) {
        int len = w.filterLength();
        double[] d = new double[w.data().length];
        for (int k = 0; k < perm.length; k++) {
            System.arraycopy(w.data(), perm[k] * len, d, k * len, len);
        }
        return new ConvWeights(w.filters(), w.channels(), w.kernelHeight(), w.kernelWidth(), d);
    }

    static List<String> deterministic() {
        return RankingTests.passive().stream().filter(n -> !n.equals("random")).toList();
    }

    static List<String> graphCriteria() {
        return List.of("wdc", "wdc-abs", "bc", "bc-dist", "bc-absdist", "eigenvector", "closeness", "pagerank");
    }

    /** Criteria whose scores are symmetric in the nodes; networkx's betweenness is not, see below. */
    static List<String> symmetricGraphCriteria() {
        return List.of("wdc", "wdc-abs", "eigenvector", "closeness", "pagerank");
    }

    @ParameterizedTest
    @MethodSource("deterministic")
    void permutingFiltersPermutesScoresAndOrder(String name) {
        // 1×3 kernels: representatives on a sphere, where many shortest paths are indirect
        ConvWeights w = randomLayer(11, 1, 3);
        int[] perm = {3, 7, 0, 13, 9, 1, 12, 5, 2, 11, 4, 8, 10, 6}; // new filter k = old filter perm[k]
        int[] inverse = new int[N];
        for (int k = 0; k < N; k++) {
            inverse[perm[k]] = k;
        }
        FilterRanking a = RankingTests.rank(name, 0, w);
        FilterRanking b = RankingTests.rank(name, 0, permuted(w, perm));
        for (int k = 0; k < N; k++) {
            assertEquals(a.scores()[perm[k]], b.scores()[k], 1e-9, name);
        }
        // equal scores are ordered by index, which a permutation changes: compare the tie-free ranks
        // (pairwise's greedy pass also breaks distance ties by index, so only its scores are compared)
        if (name.equals("pairwise")) {
            return;
        }
        int unique = 0;
        for (int r = 0; r < N; r++) {
            int f = a.pruneOrder()[r];
            boolean tied = false;
            for (int g = 0; g < N; g++) {
                tied |= g != f && Math.abs(a.scores()[g] - a.scores()[f]) < 1e-9;
            }
            if (!tied) {
                assertEquals(inverse[f], b.pruneOrder()[r], name + " rank " + r);
                unique++;
            }
        }
        assertTrue(unique >= 3, name + ": too few distinct scores to test");
    }

    @ParameterizedTest
    @MethodSource("graphCriteria")
    void scalingAFilterByAPositiveConstantChangesNothing(String name) {
        ConvWeights w = randomLayer(12);
        double[] d = w.data().clone();
        for (int p = 4 * C * K; p < 5 * C * K; p++) {
            d[p] *= 37.5;
        }
        for (int p = 9 * C * K; p < 10 * C * K; p++) {
            d[p] *= 0.02;
        }
        FilterRanking a = RankingTests.rank(name, 0, w);
        FilterRanking b = RankingTests.rank(name, 0, new ConvWeights(N, C, 3, 3, d));
        assertArrayEquals(a.pruneOrder(), b.pruneOrder(), name);
        assertArrayEquals(a.scores(), b.scores(), 1e-9, name);
    }

    @ParameterizedTest
    @MethodSource("symmetricGraphCriteria")
    void aFilterAndItsExactCopyScoreEqually(String name) {
        ConvWeights w = randomLayer(13);
        double[] d = w.data().clone();
        System.arraycopy(d, 2 * C * K, d, 7 * C * K, C * K);
        FilterRanking r = RankingTests.rank(name, 0, new ConvWeights(N, C, 3, 3, d));
        assertEquals(r.scores()[2], r.scores()[7], 1e-9, name);
    }

    @ParameterizedTest
    @MethodSource("deterministic")
    void sameInputSameResult(String name) {
        FilterRanking a = RankingTests.rank(name, 0, randomLayer(14));
        FilterRanking b = RankingTests.rank(name, 0, randomLayer(14));
        assertArrayEquals(a.pruneOrder(), b.pruneOrder());
        assertArrayEquals(a.scores(), b.scores(), 0);
    }

    @org.junit.jupiter.api.Test
    void parallelBetweennessEqualsSequentialBitForBit() {
        SplittableRandom rnd = new SplittableRandom(15);
        int n = 40;
        double[] len = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                len[i * n + j] = len[j * n + i] = rnd.nextDouble(-1, 1);
            }
        }
        assertArrayEquals(DenseBetweenness.compute(len, n, 1), DenseBetweenness.compute(len, n, 3), 0);
    }

    @org.junit.jupiter.api.Test
    void distanceBetweennessAgreesWithJGraphTWhereItsSemanticsApply() {
        // with strictly positive lengths (no zero-length edges) networkx and textbook Brandes agree;
        // networkx normalises the sum over ordered pairs by 1/((n−1)(n−2)), JGraphT the sum over
        // unordered pairs, hence the factor 2
        int n = 12;
        SplittableRandom rnd = new SplittableRandom(16);
        double[] len = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                len[i * n + j] = len[j * n + i] = rnd.nextDouble(0.1, 2);
            }
        }
        var g = completeGraph(n, len);
        double[] ours = DenseBetweenness.compute(len, n, 2);
        var theirs = new org.jgrapht.alg.scoring.BetweennessCentrality<>(g, true).getScores();
        for (int i = 0; i < n; i++) {
            assertEquals(2 * theirs.get(i), ours[i], 1e-12);
        }
    }

    @org.junit.jupiter.api.Test
    void closenessAgreesWithJGraphT() {
        ConvWeights w = randomLayer(17);
        FilterGraph graph = FilterGraph.of(Representatives.of(w));
        var g = completeGraph(N, graph.transformed(s -> 1 - Math.abs(s)));
        var theirs = new org.jgrapht.alg.scoring.ClosenessCentrality<>(g, false, true).getScores();
        double[] ours = RankingTests.rank("closeness", 0, w).scores();
        for (int i = 0; i < N; i++) {
            assertEquals(theirs.get(i), ours[i], 1e-12);
        }
    }

    /** JGraphT's complete graph with edge weights {@code weight[i·n + j]}, i < j. */
    static org.jgrapht.graph.SimpleWeightedGraph<Integer, org.jgrapht.graph.DefaultWeightedEdge> completeGraph(
            int n, double[] weight) {
        var g = new org.jgrapht.graph.SimpleWeightedGraph<Integer, org.jgrapht.graph.DefaultWeightedEdge>(
                org.jgrapht.graph.DefaultWeightedEdge.class);
        for (int i = 0; i < n; i++) {
            g.addVertex(i);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                g.setEdgeWeight(g.addEdge(i, j), weight[i * n + j]);
            }
        }
        return g;
    }
}
