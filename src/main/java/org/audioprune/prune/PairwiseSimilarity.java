package org.audioprune.prune;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code pairwise} (Singh & Plumbley, Interspeech 2022), spec §2: cosine distance D = 1 − S between
 * representatives; each filter's nearest neighbour (ties: lower index); filters sorted by that
 * distance (stable); greedily, each filter not yet marked redundant is kept and marks its nearest
 * neighbour redundant. Prune order: filters without a representative, then the redundant ones in
 * the order they were marked (closest pair first), then (Decision, so that any ratio works) the kept
 * ones by nearest-neighbour distance, closest first. {@code scores[i]} is that distance (−∞ for a
 * filter without a representative). The reference rounds D to 5 decimals; the spec does not, and
 * neither does this.
 */
public final class PairwiseSimilarity implements FilterImportance {
    @Override
    public FilterRanking rank(LayerEvidence layer) {
        ConvWeights weights = layer.weights();
        Representatives reps = Representatives.of(weights);
        FilterGraph graph = FilterGraph.of(reps);
        int m = graph.size();
        double[] scores = new double[weights.filters()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (reps.degenerate()[i]) {
                scores[i] = Double.NEGATIVE_INFINITY;
                order.add(i);
                PruneWarnings.noRepresentative("pairwise", i);
            }
        }
        int[] nearest = new int[m];
        double[] nearestDistance = new double[m];
        for (int a = 0; a < m; a++) {
            nearest[a] = -1;
            nearestDistance[a] = Double.POSITIVE_INFINITY;
            for (int b = 0; b < m; b++) {
                double d = 1 - graph.similarity(a, b);
                if (b != a && d < nearestDistance[a]) {
                    nearest[a] = b;
                    nearestDistance[a] = d;
                }
            }
            scores[graph.filter(a)] = nearestDistance[a];
        }
        int[] byDistance = Rankings.byScore(nearestDistance, false);
        Set<Integer> redundant = new LinkedHashSet<>();
        List<Integer> kept = new ArrayList<>();
        for (int a : byDistance) {
            if (!redundant.contains(a)) {
                kept.add(a);
                if (nearest[a] >= 0) {
                    redundant.add(nearest[a]);
                }
            }
        }
        for (int a : redundant) {
            if (!kept.contains(a)) {
                order.add(graph.filter(a));
            }
        }
        for (int a : kept) {
            order.add(graph.filter(a));
        }
        return new FilterRanking(order.stream().mapToInt(Integer::intValue).toArray(), scores);
    }
}
