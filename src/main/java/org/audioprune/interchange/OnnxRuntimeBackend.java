package org.audioprune.interchange;

import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.CompiledNetwork;
import org.audioprune.model.djl.InferenceBackend;

/**
 * ONNX Runtime as an inference backend: the network's exported logits graph, all of ONNX Runtime's
 * graph optimisations, sequential execution. Registered as a service, so the fastest-form search,
 * and with it every latency a report shows, includes how the exported model runs where it will be
 * deployed; reports name the backend with the form.
 */
public final class OnnxRuntimeBackend implements InferenceBackend {
    /** The one variant: ONNX Runtime's own optimisations decide the rest (BN folding, fusions, layouts). */
    static final String VARIANT = "all-optimisations";

    @Override
    public String id() {
        return OnnxRuntimeNetwork.BACKEND;
    }

    @Override
    public List<String> variants(ArchitectureSpec spec, Map<String, Tensor> weights) {
        return List.of(VARIANT);
    }

    @Override
    public CompiledNetwork compile(String variant, int threads, ArchitectureSpec spec, Map<String, Tensor> weights) {
        if (!VARIANT.equals(variant)) {
            throw new IllegalArgumentException("ONNX Runtime has no variant " + variant);
        }
        return new OnnxRuntimeNetwork(spec, weights, threads);
    }
}
