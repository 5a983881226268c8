package org.audioprune.model.djl;

import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/** DJL's functional forms: {@link InferenceOptimizer} with each distinct combination of its rewrites. */
final class OptimizerBackend implements InferenceBackend {
    static final String ID = "djl";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> variants(ArchitectureSpec spec, Map<String, Tensor> weights) {
        return InferenceOptimizer.distinctOptions(spec, weights).stream().map(InferenceOptimizer.Options::variant)
                .toList();
    }

    @Override
    public CompiledNetwork compile(String variant, int threads, ArchitectureSpec spec, Map<String, Tensor> weights) {
        return InferenceOptimizer.build(spec, weights, InferenceOptimizer.Options.ofVariant(variant));
    }
}
