package org.audioprune.prune;

/**
 * The result of scoring one layer.
 *
 * @param pruneOrder all filter indices, the first to prune first (ties keep the lower index first)
 * @param scores     {@code scores[i]} is filter i's score under the criterion
 */
public record FilterRanking(int[] pruneOrder, double[] scores) {
}
