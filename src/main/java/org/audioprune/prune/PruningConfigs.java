package org.audioprune.prune;

import org.audioprune.model.ArchitectureSpec;

/**
 * A pruning configuration as a user writes it, in {@code prune} and in a sweep's {@code --configs}:
 * a preset name ({@code paper}), per-layer ratios ({@code C1=0.5+C2=0.5}; {@code +} or {@code ,}
 * between entries) or a budget ({@code macs<=30M}, {@code params<=128k@C2-C3}, see {@link Budget}).
 */
public final class PruningConfigs {
    private PruningConfigs() {
    }

    /**
     * A configuration turned into a plan for one network.
     *
     * @param name   the configuration as written (reports group by it)
     * @param found  for a budget: the search's result; {@code null} otherwise
     */
    public record Resolved(String name, PruningPlan plan, BudgetSearch.Found found) {
    }

    /**
     * The plan {@code text} names for the unpruned network {@code spec}.
     *
     * @param reference {@code spec} at its reference input, where budgets are counted
     * @param guide     for budgets: a sensitivity to guide the search, or {@code null} for a uniform ratio
     * @throws org.audioprune.AudioPruneException naming the configuration if it is malformed or unreachable
     */
    public static Resolved resolve(String text, ArchitectureSpec spec, ArchitectureSpec reference, Sensitivity guide) {
        String t = text.trim();
        if (Budget.isBudget(t)) {
            Budget budget = Budget.parse(t);
            BudgetSearch.Found found = guide != null ? BudgetSearch.guided(budget, reference, guide)
                    : BudgetSearch.uniform(budget, reference);
            return new Resolved(t, found.plan(), found);
        }
        if (t.contains("=")) {
            return new Resolved(t, PruningPlan.parse(t, spec), null);
        }
        return new Resolved(t, PruningPresets.plan(t, spec), null);
    }
}
