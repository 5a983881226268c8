package org.audioprune.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;
import org.audioprune.prune.Surgery;

/**
 * Latency of PANNs MobileNetV1 (1 × 64 × 1001, random weights) unpruned and pruned by its group
 * presets {@code free@25} and {@code free@50} (l1 ranking; surgery shrinks every pointwise conv,
 * its batch norm, the depthwise conv that follows its channels and the next conv's inputs).
 * Every network in each of the DJL inference forms (no rewrites, and all rewrites); all run
 * interleaved in one process, 1 intra-op thread. Speed-up = fastest form of the unpruned network /
 * fastest form of the pruned one (docs/benchmarks.md). Args: rounds (default 21), batch (default 1).
 */
public final class CoupledLatencyBenchmark {
    private CoupledLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EngineThreads.configure(1);
        ArchitectureSpec spec = Architectures.create("mobilenetv1");
        Map<String, Tensor> w = InferenceLatency.randomWeights(spec, 3);
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "c" + i).toList();
        Checkpoint base = new Checkpoint(spec, classes, null, null, w, Map.of());
        List<String> names = List.of("unpruned", "free@25", "free@50");
        List<Checkpoint> nets = new ArrayList<>(List.of(base));
        for (String preset : names.subList(1, names.size())) {
            Map<String, int[]> kept = PruningPresets.plan(preset, spec)
                    .keptFilters(base, Criterion.byLabel("l1").builder().build());
            nets.add(Surgery.apply(base, kept));
        }
        List<InferenceOptimizer.Options> forms = List.of(InferenceOptimizer.Options.none(),
                InferenceOptimizer.Options.threeRewrites());
        List<InferenceOptimizer> built = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        float[] x = InferenceLatency.randomInput(spec, batch, 1);
        for (Checkpoint c : nets) {
            for (InferenceOptimizer.Options o : forms) {
                InferenceOptimizer f = InferenceOptimizer.build(c.spec(), c.weights(), o);
                built.add(f);
                tasks.add(() -> f.predict(x, batch));
            }
        }
        System.out.printf(Locale.ROOT, "# mobilenetv1 1x64x1001, batch %d, 1 intra-op thread, medians of %d interleaved"
                + " rounds after 3 warm-up calls; load average %s%n", batch, rounds, InferenceLatencyBenchmark.loadAverage());
        List<InferenceLatency.Samples> ms = InferenceLatency.measure(tasks, 3, rounds);
        System.out.println("| network | params | MACs | form | wall ms | CPU ms |");
        System.out.println("|---|---:|---:|---|---:|---:|");
        double[] fastestCpu = new double[nets.size()];
        double[] fastestWall = new double[nets.size()];
        for (int n = 0; n < nets.size(); n++) {
            Complexity cx = Complexity.of(nets.get(n).spec());
            fastestCpu[n] = Double.MAX_VALUE;
            fastestWall[n] = Double.MAX_VALUE;
            for (int f = 0; f < forms.size(); f++) {
                InferenceLatency.Samples m = ms.get(n * forms.size() + f);
                fastestCpu[n] = Math.min(fastestCpu[n], m.cpuMillis());
                fastestWall[n] = Math.min(fastestWall[n], m.wallMillis());
                System.out.printf(Locale.ROOT, "| %s | %,d | %.1f M | %s | %.2f | %.2f |%n", names.get(n), cx.params(),
                        cx.macs() / 1e6, forms.get(f), m.wallMillis(), m.cpuMillis());
            }
        }
        for (int n = 1; n < nets.size(); n++) {
            System.out.printf(Locale.ROOT, "%s: speed-up (fastest form / fastest form) CPU %.2fx, wall %.2fx; MAC ratio"
                    + " %.2fx%n", names.get(n), fastestCpu[0] / fastestCpu[n], fastestWall[0] / fastestWall[n],
                    (double) Complexity.of(spec).macs() / Complexity.of(nets.get(n).spec()).macs());
        }
        built.forEach(InferenceOptimizer::close);
    }
}
