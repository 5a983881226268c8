package org.audioprune.prune;

/**
 * The result of scoring one layer.
 *
 * @param pruneOrder all filter indices, the first to prune first (ties keep the lower index first)
 * @param scores     {@code scores[i]} is filter i's score under the criterion
 * @param rule       how the prune order follows from the scores, which fixes what reversing means
 */
public record FilterRanking(int[] pruneOrder, double[] scores, Rule rule) {

    /** How a prune order relates to its scores. */
    public enum Rule {
        /** The scores sorted, highest first (graph criteria). */
        HIGHEST_FIRST,
        /** The scores sorted, lowest first (norms, active criteria, random). */
        LOWEST_FIRST,
        /** An order the scores do not determine (pairwise's greedy pairing). */
        GIVEN
    }

    /** A ranking whose order is not a sort of its scores. */
    public FilterRanking(int[] pruneOrder, double[] scores) {
        this(pruneOrder, scores, Rule.GIVEN);
    }

    /** The scores sorted in one direction; equal scores keep the lower index first. */
    public static FilterRanking byScore(double[] scores, boolean highestFirst) {
        return new FilterRanking(Rankings.byScore(scores, highestFirst), scores,
                highestFirst ? Rule.HIGHEST_FIRST : Rule.LOWEST_FIRST);
    }

    /**
     * The ablation (spec §1.6), the one reversal rule for every criterion: the same scores sorted the
     * other way, equal scores still lower index first; an order the scores do not determine is
     * reversed as it stands.
     */
    public FilterRanking reversed() {
        return switch (rule) {
            case HIGHEST_FIRST -> byScore(scores, false);
            case LOWEST_FIRST -> byScore(scores, true);
            case GIVEN -> {
                int[] out = new int[pruneOrder.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = pruneOrder[pruneOrder.length - 1 - i];
                }
                yield new FilterRanking(out, scores, Rule.GIVEN);
            }
        };
    }
}
