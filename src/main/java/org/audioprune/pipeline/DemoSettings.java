package org.audioprune.pipeline;

import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.prune.Criterion;

/**
 * What the demo runs. The defaults are shortened from the paper's protocol (1 s clips instead of
 * 10 s, tens of epochs instead of 100) so that the whole comparison fits in minutes on 2 cores;
 * the report says so.
 *
 * @param clipsPerClass  built-in dataset size per instrument family
 * @param clipSeconds    built-in clip length
 * @param baselineEpochs epochs of the baseline training
 * @param finetuneEpochs epochs of each fine-tuning
 * @param criteria       criteria to compare
 * @param configurations pruning configurations to apply (dcase21 presets, ratio lists, budgets)
 * @param seeds          fine-tuning seeds per cell
 * @param seed           seeds data rendering, splits, training and the random criterion
 * @param latency        latency measurement settings
 */
public record DemoSettings(int clipsPerClass, double clipSeconds, int baselineEpochs, int finetuneEpochs,
                           List<Criterion> criteria, List<String> configurations, int seeds, long seed,
                           PruningPipeline.LatencySettings latency) {
    public static final List<Criterion> CRITERIA = List.of(Criterion.WDC, Criterion.BC, Criterion.L1, Criterion.FPGM,
            Criterion.RANDOM);
    public static final List<String> CONFIGURATIONS = List.of("paper", "uniform-50");

    public DemoSettings {
        criteria = List.copyOf(criteria);
        configurations = List.copyOf(configurations);
        if (clipsPerClass < 5) {
            throw new AudioPruneException("--clips-per-class must be at least 5, got " + clipsPerClass);
        }
        if (baselineEpochs < 1 || finetuneEpochs < 0) {
            throw new AudioPruneException("--epochs must be at least 1 and --finetune-epochs at least 0");
        }
        if (criteria.isEmpty() || configurations.isEmpty()) {
            throw new AudioPruneException("--criteria and --configs must not be empty");
        }
    }

    /** The full demo (target: 15 minutes on 2 cores). */
    public static DemoSettings full(long seed, int latencyThreads) {
        return new DemoSettings(200, 1.0, 30, 15, CRITERIA, CONFIGURATIONS, 1, seed,
                PruningPipeline.LatencySettings.standard(latencyThreads));
    }

    /** A smoke run (target: 2 minutes on 2 cores). */
    public static DemoSettings quick(long seed, int latencyThreads) {
        return new DemoSettings(24, 1.0, 3, 1, CRITERIA, CONFIGURATIONS, 1, seed,
                PruningPipeline.LatencySettings.quick(latencyThreads));
    }
}
