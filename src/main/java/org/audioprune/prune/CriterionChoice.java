package org.audioprune.prune;

/**
 * A criterion with its settings, as a user chose it: what ranks layers everywhere (the {@code rank}
 * command, pruning, the demo). Build one with {@link Criterion#builder()}.
 *
 * @param seed     seed of {@code random} (ignored by the others)
 * @param reversed the ablation: {@link FilterRanking#reversed()} of the criterion's ranking
 */
public record CriterionChoice(Criterion criterion, long seed, boolean reversed) implements FilterImportance {
    @Override
    public FilterRanking rank(LayerEvidence layer) {
        FilterRanking r = criterion.create(seed).rank(layer);
        return reversed ? r.reversed() : r;
    }

    /** {@code wdc}, or {@code wdc (reversed)} for the ablation. */
    public String label() {
        return reversed ? criterion.label() + " (reversed)" : criterion.label();
    }
}
