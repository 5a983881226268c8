package org.audioprune.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Surgery;
import org.audioprune.report.PruningReport;
import org.audioprune.report.PruningRunResult;
import org.audioprune.report.StageResult;
import org.audioprune.train.Evaluator;

/**
 * The steps of a pruning run ({@link PruningRun} puts them together): checkpoint → importance →
 * plan → surgery, and the measurements the report compares: metric on the test split, parameters
 * and MACs from the spec, and interleaved CPU latency over many networks at once.
 */
public final class PruningPipeline {
    private PruningPipeline() {
    }

    /** A pruned network and the filters it kept. */
    public record Pruned(Checkpoint checkpoint, Map<String, List<Integer>> keptFilters) {
    }

    /**
     * Scores every planned layer on the unpruned weights, then cuts all of them together.
     *
     * @param sample data for active criteria; {@code null} is fine for passive ones
     */
    public static Pruned prune(Checkpoint base, PruningPlan plan, CriterionChoice criterion, FeatureSet sample) {
        Map<String, FilterRanking> rankings = LayerRanker.rank(base, List.copyOf(plan.ratios().keySet()), criterion,
                sample);
        return cut(base, plan, rankings, criterion.label());
    }

    /** Cuts the planned layers by rankings computed on {@code base} (by the criterion {@code label}). */
    public static Pruned cut(Checkpoint base, PruningPlan plan, Map<String, FilterRanking> rankings, String label) {
        Map<String, int[]> kept = plan.keptFilters(rankings::get, base.spec());
        Map<String, List<Integer>> keptLists = new LinkedHashMap<>();
        kept.forEach((layer, idx) -> keptLists.put(layer, Arrays.stream(idx).boxed().toList()));
        Checkpoint pruned = Surgery.apply(base, kept)
                .withMetadata("criterion", label)
                .withMetadata("plan", plan.toString());
        return new Pruned(pruned, keptLists);
    }

    /** Test metric (accuracy or mAP); NaN without a network or without test data. */
    public static double metric(Checkpoint checkpoint, FeatureSet test) {
        return checkpoint == null || test == null ? Double.NaN
                : Evaluator.evaluate(checkpoint, test, "test").primaryMetric();
    }

    /**
     * The network at its spec's reference input (dcase21: 1×40×500, PANNs: 1×64×1001). Complexity and
     * latency are reported there, so that numbers compare with the paper whatever clip length the data
     * had; the weights fit both (only parameter-free pooling depends on the input length).
     */
    public static ArchitectureSpec canonical(ArchitectureSpec spec) {
        return spec.atReferenceInput();
    }

    /**
     * Latency settings: warm-up calls, interleaved timed rounds per batch size, and the intra-op
     * threads of the measurement (1 by default: the most repeatable figure, and the one a single-core
     * deployment sees; on a busy machine more threads mostly measure the other processes).
     */
    public record LatencySettings(int warmup, int roundsBatch1, int roundsBatch64, int threads) {
        public LatencySettings {
            if (threads < 1) {
                throw new AudioPruneException("--latency-threads must be at least 1, got " + threads);
            }
        }

        public static LatencySettings standard(int threads) {
            return new LatencySettings(3, 101, 5, threads);
        }

        public static LatencySettings quick(int threads) {
            return new LatencySettings(1, 9, 1, threads);
        }
    }

    /**
     * Median latency (ms) at batch 1 and batch 64 of every checkpoint, at the canonical input,
     * measured round-robin in this process so that load changes hit all networks alike.
     * Returns {@code [i][0]} batch 1 and {@code [i][1]} batch 64.
     */
    public static double[][] latencies(List<Checkpoint> checkpoints, LatencySettings settings) {
        return EngineThreads.with(settings.threads(), () -> measureLatencies(checkpoints, settings));
    }

    private static double[][] measureLatencies(List<Checkpoint> checkpoints, LatencySettings settings) {
        double[][] out = new double[checkpoints.size()][2];
        List<InferenceOptimizer> nets = new ArrayList<>();
        try {
            for (Checkpoint c : checkpoints) {
                nets.add(InferenceOptimizer.build(canonical(c.spec()), c.weights()));
            }
            int[] batches = {1, 64};
            int[] rounds = {settings.roundsBatch1(), settings.roundsBatch64()};
            for (int b = 0; b < 2; b++) {
                int batch = batches[b];
                List<Runnable> tasks = new ArrayList<>();
                for (InferenceOptimizer net : nets) {
                    float[] x = InferenceLatency.randomInput(net.spec(), batch, 7);
                    tasks.add(() -> net.predict(x, batch));
                }
                List<InferenceLatency.Samples> medians = InferenceLatency.measure(tasks, settings.warmup(), rounds[b]);
                for (int i = 0; i < medians.size(); i++) {
                    out[i][b] = medians.get(i).wallMillis();
                }
            }
        } finally {
            nets.forEach(InferenceOptimizer::close);
        }
        return out;
    }

    /** Everything the report shows of one network, its latency measured elsewhere. */
    private static StageResult stage(Checkpoint checkpoint, double metric, double[] latency) {
        Complexity c = Complexity.of(canonical(checkpoint.spec()));
        return new StageResult(metric, c.params(), c.macs(), latency[0], latency[1]);
    }

    /** The baseline and every run as the report shows them. */
    public record Comparison(StageResult baseline, List<PruningRunResult> runs) {
        /** The report of this comparison; {@code notes} go under the table. */
        public PruningReport report(String network, String dataset, String metricName, List<String> notes) {
            return new PruningReport(network, dataset, metricName, baseline, runs, notes);
        }
    }

    /**
     * Measures latency of the baseline and every run's final network together (interleaved; skipped,
     * NaN, when {@code latency} is null) and assembles the report rows.
     */
    public static Comparison compare(Checkpoint baseline, double baselineMetric, List<PruningRun.Result> results,
                                     LatencySettings latency) {
        List<Checkpoint> measured = new ArrayList<>();
        measured.add(baseline);
        results.forEach(r -> measured.add(r.network()));
        double[][] times = latency != null ? latencies(measured, latency) : nanLatencies(measured.size());
        List<PruningRunResult> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            PruningRun.Result r = results.get(i);
            // fine-tuning keeps the architecture: the pruned stage has the final network's size and speed
            StageResult pruned = stage(r.network(), r.prunedMetric(), times[i + 1]);
            StageResult tuned = r.finetuned() ? stage(r.network(), r.finetunedMetric(), times[i + 1]) : null;
            rows.add(new PruningRunResult(r.criterion(), r.configuration(), r.keptFilters(), pruned, tuned));
        }
        return new Comparison(stage(baseline, baselineMetric, times[0]), rows);
    }

    private static double[][] nanLatencies(int n) {
        double[][] out = new double[n][2];
        for (double[] row : out) {
            Arrays.fill(row, Double.NaN);
        }
        return out;
    }
}
