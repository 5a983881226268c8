package org.audioprune.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.Checkpoint;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.PruningPlan;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;

/**
 * The unit of work: one criterion at one configuration on one baseline. Prune (every planned layer
 * scored on the unpruned weights, all cut together), measure, optionally fine-tune and measure again.
 * {@code prune} and every unit of a sweep (the demo is one) run exactly this; latency is measured
 * apart, over many networks at once ({@link PruningPipeline#compare}, {@link PruningPipeline#latencies}).
 *
 * @param configuration the name reports give the plan (a preset's name, or the plan itself)
 * @param finetune      fine-tuning settings, or {@code null} for none
 */
public record PruningRun(CriterionChoice criterion, String configuration, PruningPlan plan, TrainingConfig finetune) {
    /** Checkpoint metadata key of a recorded run. */
    static final String RECORD = "run";

    /**
     * What a run produced.
     *
     * @param keptFilters    per pruned layer, the kept filter indices of the unpruned layer, ascending
     * @param prunedMetric   test metric right after surgery (NaN without data)
     * @param network        the network the run ends with: fine-tuned, or pruned without fine-tuning
     * @param finetunedMetric test metric after fine-tuning (NaN without)
     * @param resumedAfter   fine-tuning epochs taken over from an interrupted run's saved state (0: none)
     */
    public record Result(String criterion, String configuration, Map<String, List<Integer>> keptFilters,
                         double prunedMetric, Checkpoint network, boolean finetuned, double finetunedMetric,
                         int resumedAfter) {
    }

    /** The part of a result stored in its checkpoint, with the key it was made under. */
    record Recorded(String key, String criterion, String configuration, Map<String, List<Integer>> keptFilters,
                    double prunedMetric, boolean finetuned, double finetunedMetric) {
    }

    /**
     * Runs the unit.
     *
     * @param data splits to sample (active criteria), measure and fine-tune on; {@code null} for none:
     *             then metrics are NaN, and fine-tuning or an active criterion is a user error
     */
    public Result run(Checkpoint baseline, Splits data) {
        return run(baseline, data, null);
    }

    /**
     * Runs the unit, its fine-tuning resumable ({@code null}: not): the caller deletes the state once
     * the result is saved ({@link Resumable#finish()}).
     */
    public Result run(Checkpoint baseline, Splits data, Resumable resumable) {
        if (data == null && (finetune != null || criterion.criterion().needsFeatureMaps())) {
            throw new AudioPruneException((finetune != null ? "fine-tuning" : "criterion " + criterion.label())
                    + " needs data: give --dataset");
        }
        PruningPipeline.Pruned pruned = PruningPipeline.prune(baseline, plan, criterion,
                data == null ? null : data.train());
        double prunedMetric = data == null ? Double.NaN : PruningPipeline.metric(pruned.checkpoint(), data.test());
        if (finetune == null) {
            return new Result(criterion.label(), configuration, pruned.keptFilters(), prunedMetric,
                    pruned.checkpoint(), false, Double.NaN, 0);
        }
        Trainer.Result trained = Trainer.train(pruned.checkpoint(), data.train(), data.validation(), finetune,
                resumable);
        Checkpoint tuned = trained.checkpoint();
        return new Result(criterion.label(), configuration, pruned.keptFilters(), prunedMetric, tuned, true,
                PruningPipeline.metric(tuned, data.test()), trained.resumedAfter());
    }

    /**
     * The run's final network with the run recorded in its metadata ({@value #RECORD}: the key, the
     * plan's kept filters and the metrics), so that a saved unit's checkpoint tells what made it.
     *
     * @param context identifies what the run depends on besides its own settings: the baseline and
     *                the data (it becomes part of the key)
     */
    public Checkpoint recorded(Result result, String context) {
        return result.network().withMetadata(RECORD, new Recorded(context + "|" + key(), result.criterion(),
                result.configuration(), result.keptFilters(), result.prunedMetric(), result.finetuned(),
                result.finetunedMetric()));
    }

    /** The run's own settings, as a string that changes whenever its result could. */
    public String key() {
        String ft = finetune == null ? "none" : String.format(Locale.ROOT,
                "epochs=%d,batch=%d,lr=%s,seed=%d,specAugment=%b,mixup=%b", finetune.epochs(), finetune.batchSize(),
                finetune.learningRate(), finetune.seed(), finetune.specAugment(), finetune.mixup());
        return "v2:criterion=" + criterion.criterion().label() + ",seed=" + criterion.seed() + ",reversed="
                + criterion.reversed() + "|plan=" + plan + "|finetune=" + ft;
    }
}
