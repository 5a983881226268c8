package org.audioprune.prune;

import java.util.List;
import java.util.Arrays;
import java.util.function.Function;
import org.audioprune.AudioPruneException;

/**
 * How a criterion scores a channel group with several members (docs/criteria.md, "Channel groups"):
 * the convs whose outputs meet at a residual addition, a conv with the depthwise conv that follows
 * its channels. Each member's filters for the group's channel i are one filter i of that member (a
 * depthwise filter has one input channel: the representative the spec gives for C = 1). A group of
 * one member is ranked exactly as that layer alone, whatever the choice.
 */
public enum GroupImportance {
    /**
     * The default: every member is ranked by the criterion on its own, its scores divided by their
     * largest magnitude (so members of any scale weigh alike), and the group's score is the mean;
     * pruned in the criterion's own direction. A criterion whose order its scores do not determine
     * (pairwise) contributes its normalised rank position instead, the lowest pruned first.
     */
    MEAN_NORMALISED("mean-normalised"),
    /**
     * Filter i of every member flattened and concatenated into one vector, ranked once as a layer of
     * single-channel 1 × L filters: norms of the joint weights; for graph criteria one cosine graph
     * over the concatenated (C = 1) representatives.
     */
    CONCATENATED("concatenated");

    private final String label;

    GroupImportance(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static GroupImportance byLabel(String label) {
        for (GroupImportance g : values()) {
            if (g.label.equals(label)) {
                return g;
            }
        }
        throw new AudioPruneException("unknown group importance '" + label + "' (valid: " + labels() + ")");
    }

    @Override
    public String toString() {
        return label;
    }

    /**
     * The ranking of a group's channels.
     *
     * @param members each member's filters, one per channel of the group (same count)
     * @param rank    the criterion on one layer's filters
     */
    public FilterRanking rank(List<ConvWeights> members, Function<ConvWeights, FilterRanking> rank) {
        int n = members.get(0).filters();
        for (ConvWeights m : members) {
            if (m.filters() != n) {
                throw new IllegalArgumentException("group members have " + n + " and " + m.filters() + " filters");
            }
        }
        if (members.size() == 1) {
            return rank.apply(members.get(0));
        }
        return this == CONCATENATED ? rank.apply(concatenated(members, n)) : meanNormalised(members, rank, n);
    }

    private static FilterRanking meanNormalised(List<ConvWeights> members, Function<ConvWeights, FilterRanking> rank,
                                                int n) {
        double[] mean = new double[n];
        Boolean highestFirst = null;
        for (ConvWeights m : members) {
            FilterRanking r = rank.apply(m);
            double[] s = normalised(r);
            for (int i = 0; i < n; i++) {
                mean[i] += s[i] / members.size();
            }
            boolean high = r.rule() == FilterRanking.Rule.HIGHEST_FIRST;
            if (highestFirst != null && highestFirst != high) {
                throw new IllegalStateException("members ranked in different directions");
            }
            highestFirst = high;
        }
        return FilterRanking.byScore(mean, highestFirst);
    }

    /** Scores / max |score| (zeros stay zeros); for an order its scores do not give, position / (n − 1). */
    private static double[] normalised(FilterRanking r) {
        int n = r.pruneOrder().length;
        double[] out = new double[n];
        if (r.rule() == FilterRanking.Rule.GIVEN) {
            for (int p = 0; p < n; p++) {
                out[r.pruneOrder()[p]] = n == 1 ? 0 : (double) p / (n - 1);
            }
            return out;
        }
        double max = 0;
        for (double s : r.scores()) {
            max = Math.max(max, Math.abs(s));
        }
        for (int i = 0; i < n; i++) {
            out[i] = max == 0 ? 0 : r.scores()[i] / max;
        }
        return out;
    }

    private static ConvWeights concatenated(List<ConvWeights> members, int n) {
        int length = 0;
        for (ConvWeights m : members) {
            length += m.data().length / n;
        }
        double[] data = new double[n * length];
        int offset = 0;
        for (ConvWeights m : members) {
            int per = m.data().length / n;
            for (int i = 0; i < n; i++) {
                System.arraycopy(m.data(), i * per, data, i * length + offset, per);
            }
            offset += per;
        }
        return new ConvWeights(n, 1, 1, length, data);
    }

    /** The labels, for messages and help. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(GroupImportance::label).toList());
    }
}
