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
     */
    public static int[] byScore(double[] scores, boolean highestFirst) {
        Comparator<Integer> byScore = (a, b) -> Double.compare(scores[a], scores[b]);
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, highestFirst ? byScore.reversed() : byScore);
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
