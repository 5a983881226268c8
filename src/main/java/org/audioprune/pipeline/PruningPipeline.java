package org.audioprune.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audioprune.AudioPruneException;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.djl.CompiledNetwork;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.FormSearch;
import org.audioprune.model.djl.InferenceForm;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Surgery;
import org.audioprune.report.Environment;
import org.audioprune.report.Latency;
import org.audioprune.report.PruningReport;
import org.audioprune.report.PruningRunResult;
import org.audioprune.report.StageResult;
import org.audioprune.train.Evaluator;

/**
 * The steps of a pruning run ({@link PruningRun} puts them together): checkpoint → importance →
 * plan → surgery, and the measurements the report compares: metric on the test split, parameters
 * and MACs from the spec, and interleaved latency of many networks at once, each in its fastest form.
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
     * Latency settings: warm-up calls, interleaved timed rounds per batch size, the intra-op thread
     * counts the inference forms may use (1 by default: the most repeatable figure, measured as thread
     * CPU time, and the one a single-core deployment sees; on a busy machine more threads mostly measure
     * the other processes), and the folder that remembers each network's fastest form.
     *
     * @param formCache folder of the {@link FormCache}, or {@code null} to search the forms every time
     */
    public record LatencySettings(int warmup, int roundsBatch1, int roundsBatch64, List<Integer> threads,
                                  Path formCache) {
        /** Rounds at batch 1 below which a speed-up moves by more than ±7 % between runs (docs/benchmarks.md). */
        public static final int RECOMMENDED_ROUNDS = 21;
        /** Rounds at batch 1 of a report unless the user chooses. */
        public static final int DEFAULT_ROUNDS = 31;

        public LatencySettings {
            threads = List.copyOf(threads);
            if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
                throw new AudioPruneException("--latency-threads must list thread counts of at least 1, got " + threads);
            }
            if (Set.copyOf(threads).size() < threads.size()) {
                throw new AudioPruneException("--latency-threads lists a thread count twice: " + threads);
            }
            if (roundsBatch1 < 1 || roundsBatch64 < 1 || warmup < 0) {
                throw new AudioPruneException("--latency-rounds must be at least 1, got " + roundsBatch1);
            }
        }

        /** {@code rounds} at batch 1 and a sixth of them (at least 3) at batch 64, after 3 warm-up calls. */
        public static LatencySettings of(int rounds, List<Integer> threads, Path formCache) {
            return new LatencySettings(3, rounds, Math.max(3, rounds / 6), threads, formCache);
        }
    }

    /** One network's latency at batch 1 and 64. */
    public record Measured(Latency batch1, Latency batch64) {
        static Measured none() {
            return new Measured(Latency.none(), Latency.none());
        }
    }

    /**
     * Latency at batch 1 and batch 64 of every checkpoint at the canonical input, each in its fastest
     * exact inference form ({@link FormSearch}: measured once per network and batch, then cached), all
     * measured round-robin in this process with a rotating start, so that load changes hit all networks
     * alike; speed-ups are against the first checkpoint, from the per-round paired ratios.
     */
    public static List<Measured> latencies(List<Checkpoint> checkpoints, LatencySettings settings) {
        FormSearch.Memory cache = settings.formCache() == null ? FormSearch.Memory.NONE
                : new FormCache(settings.formCache(), Environment.current().describe());
        Latency[][] out = new Latency[checkpoints.size()][2];
        int[] batches = {1, 64};
        for (int b = 0; b < 2; b++) {
            int batch = batches[b];
            Latency[] l = EngineThreads.with(settings.threads().get(0), () -> measure(checkpoints, batch,
                    batch == 1 ? settings.warmup() : 1, batch == 1 ? settings.roundsBatch1() : settings.roundsBatch64(),
                    settings.threads(), cache));
            for (int i = 0; i < l.length; i++) {
                out[i][b] = l[i];
            }
        }
        return Arrays.stream(out).map(o -> new Measured(o[0], o[1])).toList();
    }

    private static Latency[] measure(List<Checkpoint> checkpoints, int batch, int warmup, int rounds,
                                     List<Integer> threads, FormSearch.Memory cache) {
        List<InferenceForm> forms = new ArrayList<>();
        List<CompiledNetwork> nets = new ArrayList<>();
        try {
            List<Runnable> tasks = new ArrayList<>();
            for (Checkpoint c : checkpoints) {
                ArchitectureSpec spec = canonical(c.spec());
                InferenceForm form = FormSearch.fastest(spec, c.weights(), batch, threads, cache).form();
                CompiledNetwork net = form.compile(spec, c.weights());
                nets.add(net);
                forms.add(form);
                float[] x = InferenceLatency.randomInput(spec, batch, 7);
                tasks.add(() -> form.call(net, x, batch));
            }
            List<InferenceLatency.Samples> samples = InferenceLatency.measure(tasks, warmup, rounds);
            InferenceLatency.Clock clock = InferenceLatency.Clock.forThreads(threads);
            double[] reference = samples.get(0).of(clock);
            Latency[] out = new Latency[checkpoints.size()];
            for (int i = 0; i < out.length; i++) {
                double[] t = samples.get(i).of(clock);
                InferenceLatency.Spread time = InferenceLatency.Spread.of(t);
                InferenceLatency.Spread speedUp = InferenceLatency.pairedRatios(reference, t);
                out[i] = new Latency(forms.get(i).label(), clock.label(), rounds, time.median(), time.q1(), time.q3(),
                        speedUp.median(), speedUp.q1(), speedUp.q3());
            }
            out[0] = out[0].withoutSpeedUp();
            return out;
        } finally {
            nets.forEach(CompiledNetwork::close);
        }
    }

    /** Everything the report shows of one network, its latency measured elsewhere. */
    private static StageResult stage(Checkpoint checkpoint, double metric, Measured latency) {
        Complexity c = Complexity.of(canonical(checkpoint.spec()));
        return new StageResult(metric, c.params(), c.macs(), latency.batch1(), latency.batch64());
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
        List<Measured> times = latency != null ? latencies(measured, latency)
                : Collections.nCopies(measured.size(), Measured.none());
        List<PruningRunResult> rows = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            PruningRun.Result r = results.get(i);
            // fine-tuning keeps the architecture: the pruned stage has the final network's size and speed
            StageResult pruned = stage(r.network(), r.prunedMetric(), times.get(i + 1));
            StageResult tuned = r.finetuned() ? stage(r.network(), r.finetunedMetric(), times.get(i + 1)) : null;
            rows.add(new PruningRunResult(r.criterion(), r.configuration(), r.keptFilters(), pruned, tuned));
        }
        return new Comparison(stage(baseline, baselineMetric, times.get(0)), rows);
    }
}
