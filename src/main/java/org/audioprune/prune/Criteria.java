package org.audioprune.prune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.audioprune.AudioPruneException;

/** The one registry of passive criteria: {@code byName} for the CLI and the pipeline. */
public final class Criteria {
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final Map<String, LongFunction<FilterImportance>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("wdc", seed -> new WeightedDegree(false));
        REGISTRY.put("wdc-abs", seed -> new WeightedDegree(true));
        REGISTRY.put("bc", seed -> new Betweenness(Betweenness.Length.SIMILARITY, THREADS));
        REGISTRY.put("bc-dist", seed -> new Betweenness(Betweenness.Length.ONE_MINUS_SIMILARITY, THREADS));
        REGISTRY.put("bc-absdist", seed -> new Betweenness(Betweenness.Length.ONE_MINUS_ABS_SIMILARITY, THREADS));
        REGISTRY.put("l1", seed -> new NormCriterion(true));
        REGISTRY.put("l2", seed -> new NormCriterion(false));
        REGISTRY.put("fpgm", seed -> new GeometricMedian());
        REGISTRY.put("gmean", seed -> new GeometricMeanGap());
        REGISTRY.put("pairwise", seed -> new PairwiseSimilarity());
        REGISTRY.put("random", RandomOrder::new);
        // extras beyond the paper
        REGISTRY.put("eigenvector", seed -> new JGraphTCentrality(JGraphTCentrality.Kind.EIGENVECTOR));
        REGISTRY.put("closeness", seed -> new Closeness());
        REGISTRY.put("pagerank", seed -> new JGraphTCentrality(JGraphTCentrality.Kind.PAGERANK));
    }

    private Criteria() {
    }

    /** All criterion names, paper criteria first, then the extras. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The criterion called {@code name}; {@code seed} matters only for {@code random}. */
    public static FilterImportance byName(String name, long seed) {
        LongFunction<FilterImportance> factory = REGISTRY.get(name);
        if (factory == null) {
            throw new AudioPruneException("unknown criterion '" + name + "' (valid: "
                    + String.join(", ", names()) + ")");
        }
        return factory.apply(seed);
    }

    /**
     * The ablation of {@code criterion} (spec §1.6): prune the other end first. Score criteria re-sort
     * their scores the other way (ties still lower index first); order-only ones (pairwise) reverse
     * the order.
     */
    public static FilterImportance reversed(FilterImportance criterion) {
        return new FilterImportance() {
            @Override
            public String name() {
                return criterion.name();
            }

            @Override
            public FilterRanking rank(ConvWeights weights) {
                if (criterion instanceof ScoreCriterion scored) {
                    return scored.rankReversed(weights);
                }
                FilterRanking r = criterion.rank(weights);
                return new FilterRanking(Rankings.reverse(r.pruneOrder()), r.scores());
            }
        };
    }
}
