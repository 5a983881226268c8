package org.audioprune.prune;

import java.util.SplittableRandom;

/**
 * {@code random}: a seeded uniform random permutation. Each filter draws a uniform score from the
 * seed; the lowest is pruned first, so the same seed gives the same order.
 */
public final class RandomOrder extends ScoreCriterion {
    private final long seed;

    public RandomOrder(long seed) {
        super("random", false);
        this.seed = seed;
    }

    @Override
    protected double[] scores(ConvWeights weights) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] scores = new double[weights.filters()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        return scores;
    }
}
