package org.audioprune.prune;

/**
 * A criterion with its settings, as a user chose it: what ranks layers everywhere (the {@code rank}
 * command, pruning, the demo). Build one with {@link Criterion#builder()}.
 *
 * @param seed     seed of {@code random} (ignored by the others)
 * @param reversed the ablation: {@link FilterRanking#reversed()} of the criterion's ranking
 * @param group    how a channel group's members' filters combine into one ranking
 */
public record CriterionChoice(Criterion criterion, long seed, boolean reversed, GroupImportance group)
        implements FilterImportance {
    @Override
    public FilterRanking rank(LayerEvidence layer) {
        FilterRanking r = criterion.create(seed).rank(layer);
        return reversed ? r.reversed() : r;
    }

    /** The ranking of a channel group's channels from its members' filters, combined by {@link #group()}. */
    @Override
    public FilterRanking rankGroup(java.util.List<ConvWeights> members) {
        return group.rank(members, w -> rank(LayerEvidence.ofWeights(w)));
    }

    /** {@code wdc}, or {@code wdc (reversed)} for the ablation. */
    public String label() {
        return reversed ? criterion.label() + " (reversed)" : criterion.label();
    }
}
