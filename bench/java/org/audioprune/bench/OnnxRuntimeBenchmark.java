package org.audioprune.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.interchange.BackendLatency;
import org.audioprune.interchange.OnnxExport;
import org.audioprune.interchange.OnnxRuntimeNetwork;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;

/**
 * Full-size networks (random weights, 10 s input) exported to ONNX: export time and size, the
 * largest logit difference between ONNX Runtime and AudioPrune's fastest DJL form, and both
 * backends' batch-1 latency at 1 intra-op thread, interleaved ({@link BackendLatency}).
 *
 * <pre>bench/run OnnxRuntimeBenchmark [dcase21 cnn14 ...]   (cnn14: 5 rounds, else 31)</pre>
 */
public final class OnnxRuntimeBenchmark {
    private OnnxRuntimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> models = args.length == 0 ? List.of("dcase21", "cnn14") : List.of(args);
        System.out.printf(Locale.ROOT, "# load %s; CPU = CPU time of the calling thread%n", InferenceLatencyBenchmark.loadAverage());
        System.out.println("| network | ONNX size | export s | max ORT−DJL logit difference | rounds | ORT wall | ORT CPU | DJL wall | DJL CPU |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Path dir = Files.createTempDirectory("onnx-bench");
        for (String name : models) {
            ArchitectureSpec spec = Architectures.create(name);
            Map<String, Tensor> w = InferenceLatency.randomWeights(spec, 1);
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < spec.numClasses(); i++) {
                classes.add("c" + i);
            }
            Path out = dir.resolve(name + ".onnx");
            long t0 = System.nanoTime();
            OnnxExport.graph(new Checkpoint(spec, classes, null, null, w, Map.of())).write(out);
            double exportSeconds = (System.nanoTime() - t0) / 1e9;
            float[] x = InferenceLatency.randomInput(spec, 1, 3);
            double diff = 0;
            try (OnnxRuntimeNetwork ort = new OnnxRuntimeNetwork(spec, w, 1);
                 InferenceOptimizer djl = InferenceOptimizer.build(spec, w)) {
                float[] a = ort.predict(x, 1);
                float[] b = djl.predict(x, 1);
                for (int i = 0; i < a.length; i++) {
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
            }
            int rounds = name.equals("cnn14") ? 5 : 31;
            List<BackendLatency> l = BackendLatency.measure(spec, w, 1, 1, 2, rounds);
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %.1f | %.2g | %d | %.2f | %.2f | %.2f | %.2f |%n", name,
                    Files.size(out) / 1e6, exportSeconds, diff, rounds, l.get(0).wallMillis(), l.get(0).cpuMillis(),
                    l.get(1).wallMillis(), l.get(1).cpuMillis());
            Files.delete(out);
        }
        Files.delete(dir);
        System.out.printf(Locale.ROOT, "# load %s%n", InferenceLatencyBenchmark.loadAverage());
    }
}
