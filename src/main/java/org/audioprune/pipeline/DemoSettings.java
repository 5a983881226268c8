package org.audioprune.pipeline;

import java.util.List;
import java.util.Set;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningConfigs;

/**
 * What the demo runs: the {@code builtin:instruments-hard} benchmark (docs/datasets.md), whose
 * baseline sits well below the ceiling and whose test split is large enough to resolve a few
 * points, with several baselines so that every cell has an interval. The defaults are shortened
 * from the paper's protocol (0.5 s clips instead of 10 s, tens of epochs instead of 100) so that
 * the whole comparison fits in minutes on 2 cores; the report says so.
 *
 * @param clipsPerClass  built-in dataset size per instrument class
 * @param clipSeconds    built-in clip length
 * @param baselineEpochs epochs of each baseline's training
 * @param baselineSeeds  baselines (training seeds --seed + k); each cell has baselineSeeds × seeds runs
 * @param finetuneEpochs epochs of each fine-tuning
 * @param criteria       criteria to compare
 * @param configurations pruning configurations to apply (dcase21 presets, ratio lists, budgets)
 * @param seeds          fine-tuning seeds per cell
 * @param seed           seeds data rendering, splits, training and the random criterion
 * @param latency        latency measurement settings, or {@code null} to skip it
 */
public record DemoSettings(int clipsPerClass, double clipSeconds, int baselineEpochs, int baselineSeeds,
                           int finetuneEpochs,
                           List<Criterion> criteria, List<String> configurations, int seeds, long seed,
                           PruningPipeline.LatencySettings latency) {
    public static final List<Criterion> CRITERIA = List.of(Criterion.WDC, Criterion.BC, Criterion.L1, Criterion.FPGM,
            Criterion.RANDOM);
    public static final List<String> CONFIGURATIONS = List.of("paper", "uniform-50");
    /** The built-in benchmark the demo runs on. */
    public static final String DATASET = "builtin:instruments-hard";

    public DemoSettings {
        criteria = List.copyOf(criteria);
        configurations = List.copyOf(configurations);
        if (clipsPerClass < 5) {
            throw new AudioPruneException("--clips-per-class must be at least 5, got " + clipsPerClass);
        }
        if (baselineEpochs < 1 || finetuneEpochs < 0) {
            throw new AudioPruneException("--epochs must be at least 1 and --finetune-epochs at least 0");
        }
        if (baselineSeeds < 1 || seeds < 1) {
            throw new AudioPruneException("--baseline-seeds and --seeds must be at least 1");
        }
        if (criteria.isEmpty() || configurations.isEmpty()) {
            throw new AudioPruneException("--criteria and --configs must not be empty");
        }
        // every configuration now, not after rendering and training the baseline (criteria are checked when
        // parsed; the sweep resolves each again for the real class count)
        ArchitectureSpec network = Architectures.create(Demo.NETWORK);
        for (String c : configurations) {
            try {
                PruningConfigs.resolve(c, network, network, null);
            } catch (AudioPruneException e) {
                throw new AudioPruneException("--configs: " + e.getMessage());
            }
        }
        if (Set.copyOf(criteria).size() < criteria.size() || Set.copyOf(configurations).size() < configurations.size()) {
            throw new AudioPruneException("--criteria and --configs must not list a name twice, got " + criteria
                    + " and " + configurations);
        }
    }

    /**
     * The full demo (target 15 minutes on 2 cores; measured 20 at load 7-9): the benchmark setting
     * of docs/datasets.md, 160 clips of 0.5 s per class (2016 test clips), 3 baselines of 40 epochs, 10 fine-tuning epochs.
     */
    public static DemoSettings full(long seed, PruningPipeline.LatencySettings latency) {
        return new DemoSettings(160, 0.5, 40, 3, 10, CRITERIA, CONFIGURATIONS, 1, seed, latency);
    }

    /** A smoke run (target: 2 minutes on 2 cores): 2 baselines, so that cells still have an interval. */
    public static DemoSettings quick(long seed, PruningPipeline.LatencySettings latency) {
        return new DemoSettings(24, 0.5, 3, 2, 1, CRITERIA, CONFIGURATIONS, 1, seed, latency);
    }
}
