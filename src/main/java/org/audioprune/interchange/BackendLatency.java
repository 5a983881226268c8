package org.audioprune.interchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.CompiledNetwork;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.FormSearch;
import org.audioprune.model.djl.InferenceForm;
import org.audioprune.model.djl.InferenceLatency;

/**
 * Latency of one network on ONNX Runtime ({@link OnnxRuntimeNetwork}) and on AudioPrune's own
 * fastest DJL form ({@link FormSearch}, not cached), measured interleaved in this process with the same
 * input and intra-op thread count, so that load changes hit both alike.
 *
 * @param backend    {@link OnnxRuntimeNetwork#BACKEND} or {@link #DJL}
 * @param wallMillis median wall time of one call
 * @param cpuMillis  median CPU time of the calling thread (all of it with one thread)
 */
public record BackendLatency(String backend, double wallMillis, double cpuMillis) {
    /** How reports name AudioPrune's own engine form. */
    public static final String DJL = "djl";

    /** Both backends on {@code batch} random inputs: {@code warmup} untimed calls each, then {@code rounds} interleaved. */
    public static List<BackendLatency> measure(ArchitectureSpec spec, Map<String, Tensor> weights, int batch, int threads,
                                               int warmup, int rounds) {
        return EngineThreads.with(threads, () -> {
            float[] x = InferenceLatency.randomInput(spec, batch, 7);
            InferenceForm form = FormSearch.fastest(spec, weights, batch, List.of(threads), FormSearch.Memory.NONE)
                    .form();
            try (OnnxRuntimeNetwork ort = new OnnxRuntimeNetwork(spec, weights, threads);
                 CompiledNetwork djl = form.compile(spec, weights)) {
                List<Runnable> tasks = List.of(() -> ort.predict(x, batch), () -> form.call(djl, x, batch));
                var medians = InferenceLatency.measure(tasks, warmup, rounds);
                List<BackendLatency> out = new ArrayList<>();
                String[] names = {OnnxRuntimeNetwork.BACKEND, DJL};
                for (int i = 0; i < names.length; i++) {
                    out.add(new BackendLatency(names[i], medians.get(i).wallMillis(), medians.get(i).cpuMillis()));
                }
                return out;
            }
        });
    }
}
