package org.audioprune.pipeline;

import java.util.List;
import java.util.Set;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;

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
 * @param configurations pruning presets to apply (dcase21 presets)
 * @param seed           seeds data rendering, splits, training and the random criterion
 * @param latency        latency measurement settings
 */
public record DemoSettings(int clipsPerClass, double clipSeconds, int baselineEpochs, int finetuneEpochs,
                           List<Criterion> criteria, List<String> configurations, long seed,
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
        // every preset now, not after rendering and training the baseline (criteria are checked when parsed)
        ArchitectureSpec network = Architectures.create(Demo.NETWORK);
        for (String c : configurations) {
            try {
                PruningPresets.plan(c, network);
            } catch (AudioPruneException e) {
                throw new AudioPruneException("--configs: " + e.getMessage());
            }
        }
        if (Set.copyOf(criteria).size() < criteria.size() || Set.copyOf(configurations).size() < configurations.size()) {
            throw new AudioPruneException("--criteria and --configs must not list a name twice, got " + criteria
                    + " and " + configurations);
        }
    }

    /** The full demo (target: 15 minutes on 2 cores). */
    public static DemoSettings full(long seed, int latencyThreads) {
        return new DemoSettings(200, 1.0, 30, 15, CRITERIA, CONFIGURATIONS, seed,
                PruningPipeline.LatencySettings.standard(latencyThreads));
    }

    /** A smoke run (target: 2 minutes on 2 cores). */
    public static DemoSettings quick(long seed, int latencyThreads) {
        return new DemoSettings(24, 1.0, 3, 1, CRITERIA, CONFIGURATIONS, seed,
                PruningPipeline.LatencySettings.quick(latencyThreads));
    }

    /** Identifies a baseline: the settings that shape it (not the pruning ones). */
    String baselineKey() {
        return "v1:clips=" + clipsPerClass + ":seconds=" + clipSeconds + ":epochs=" + baselineEpochs + ":seed=" + seed;
    }
}
