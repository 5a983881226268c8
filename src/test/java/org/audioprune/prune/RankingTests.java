package org.audioprune.prune;

import java.util.Arrays;
import java.util.List;

/** The registry as the criterion tests use it. */
final class RankingTests {
    private RankingTests() {
    }

    /** Labels of every passive criterion, in registry order. */
    static List<String> passive() {
        return Arrays.stream(Criterion.values()).filter(c -> !c.needsFeatureMaps()).map(Criterion::label).toList();
    }

    /** {@code criterion}'s ranking of {@code w}, not reversed. */
    static FilterRanking rank(String criterion, long seed, ConvWeights w) {
        return Criterion.byLabel(criterion).builder().optSeed(seed).build().rank(w);
    }
}
