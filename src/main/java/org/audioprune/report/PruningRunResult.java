package org.audioprune.report;

import java.util.List;
import java.util.Map;

/**
 * One criterion applied with one pruning configuration.
 *
 * @param criterion     criterion name ({@code wdc}, {@code l1}, ...)
 * @param configuration preset or ratio description ({@code paper}, {@code C1=0.5,C2=0.5})
 * @param keptFilters   per pruned layer, the kept filter indices of the unpruned layer, ascending
 * @param pruned        right after surgery
 * @param finetuned     after fine-tuning, or {@code null} when no fine-tuning was run
 */
public record PruningRunResult(String criterion, String configuration, Map<String, List<Integer>> keptFilters,
                               StageResult pruned, StageResult finetuned) {

    /** The stage that the comparison uses: fine-tuned when available. */
    public StageResult last() {
        return finetuned != null ? finetuned : pruned;
    }
}
