package org.audioprune.prune;

import java.util.Arrays;
import java.util.Comparator;

/** Turning scores into a prune order. */
public final class Rankings {
    private Rankings() {
    }

    /**
     * All indices sorted by score, highest first or lowest first; equal scores keep the lower index
     * first in both directions (a stable sort, like Python's {@code sorted(..., reverse=True)}).
     * A NaN score is a defect, never a rank: ±∞ (maximally or minimally prunable) is the most a score
     * may be.
     *
     * @throws IllegalStateException naming the first filter whose score is NaN
     */
    public static int[] byScore(double[] scores, boolean highestFirst) {
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalStateException("the score of filter " + i + " is NaN");
            }
        }
        Comparator<Integer> byScore = (a, b) -> Double.compare(scores[a], scores[b]);
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, highestFirst ? byScore.reversed() : byScore);
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
