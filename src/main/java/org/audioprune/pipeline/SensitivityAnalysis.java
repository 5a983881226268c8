package org.audioprune.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.Checkpoint;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Sensitivity;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;

/**
 * Layer sensitivity: each layer pruned alone at each ratio of a grid, by each criterion, then
 * (optionally after a short fine-tuning) measured. Rankings are computed once per criterion on the
 * unpruned network, as a real pruning run computes them.
 */
public final class SensitivityAnalysis {
    private SensitivityAnalysis() {
    }

    /**
     * @param onTest   measure on the test split instead of validation (choosing ratios on the test
     *                 split leaks it into the results those ratios produce)
     * @param finetune short fine-tuning after each cut, or {@code null} for none
     */
    public static List<Sensitivity> measure(Checkpoint base, Splits data, List<CriterionChoice> criteria,
                                            List<String> layers, List<Double> ratios, boolean onTest,
                                            TrainingConfig finetune) {
        FeatureSet split = onTest ? data.test() : data.validation();
        if (split == null || split.size() == 0) {
            throw new AudioPruneException("the " + (onTest ? "test" : "validation") + " split is empty: measure on the "
                    + (onTest ? "validation" : "test") + " split (--split) or keep a --validation-fraction above 0");
        }
        double baseline = PruningPipeline.metric(base, split);
        List<Sensitivity> out = new ArrayList<>();
        try (ProgressBar bar = Progress.bar("sensitivity", (long) criteria.size() * layers.size() * ratios.size())) {
            for (CriterionChoice c : criteria) {
                Map<String, FilterRanking> rankings = LayerRanker.rank(base, layers, c, data.train());
                List<Sensitivity.Curve> curves = new ArrayList<>();
                for (String layer : layers) {
                    List<Double> metrics = new ArrayList<>();
                    for (double p : ratios) {
                        Checkpoint pruned = PruningPipeline.cut(base, new PruningPlan(Map.of(layer, p)), rankings,
                                c.label()).checkpoint();
                        if (finetune != null) {
                            pruned = Trainer.train(pruned, data.train(), data.validation(), finetune).checkpoint();
                        }
                        metrics.add(PruningPipeline.metric(pruned, split));
                        bar.step();
                    }
                    curves.add(new Sensitivity.Curve(layer, ratios, metrics));
                }
                out.add(new Sensitivity(c.label(), baseline, curves));
            }
        }
        return out;
    }
}
