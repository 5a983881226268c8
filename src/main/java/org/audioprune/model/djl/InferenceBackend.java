package org.audioprune.model.djl;

import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/**
 * A family of exact inference forms of a network: what {@link FormSearch} chooses from and what
 * latency is measured with. Each backend names its variants (stable strings: they key the form cache
 * and appear in reports); the search checks every variant against the plain network before it may
 * be chosen, so a backend need not prove its own exactness. Registered in {@link InferenceBackends}.
 */
public interface InferenceBackend {

    /** Short stable name, e.g. {@code djl}. */
    String id();

    /** The variants that are distinct programs for this network (a rewrite that changes nothing is left out). */
    List<String> variants(ArchitectureSpec spec, Map<String, Tensor> weights);

    /**
     * The network in {@code variant}, ready to predict, for {@code threads} intra-op threads (a
     * backend with its own thread pool sizes it here; libtorch's count is set per call by
     * {@link InferenceForm#call}); the caller closes it.
     */
    CompiledNetwork compile(String variant, int threads, ArchitectureSpec spec, Map<String, Tensor> weights);
}
