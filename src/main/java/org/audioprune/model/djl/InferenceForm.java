package org.audioprune.model.djl;

import java.util.Locale;

/**
 * One exact inference form: a backend's variant run with a number of intra-op threads.
 *
 * @param backend {@link InferenceBackend#id()}
 * @param variant one of the backend's {@link InferenceBackend#variants variants}
 * @param threads intra-op threads of the engine while it runs
 */
public record InferenceForm(String backend, String variant, int threads) {

    /** As reports name it, e.g. {@code djl fold-bn+channels-last, 1 thread}. */
    public String label() {
        return String.format(Locale.ROOT, "%s %s, %d thread%s", backend, variant, threads, threads == 1 ? "" : "s");
    }

    /** {@code net}'s logits for {@code batch} inputs, with this form's intra-op thread count set first. */
    public float[] call(CompiledNetwork net, float[] input, int batch) {
        if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != threads) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        return net.predict(input, batch);
    }

    /** The network in this form (the caller closes it; {@link #call} sets its threads). */
    public CompiledNetwork compile(org.audioprune.model.ArchitectureSpec spec,
                                   java.util.Map<String, org.audioprune.model.Tensor> weights) {
        return InferenceBackends.byId(backend).compile(variant, threads, spec, weights);
    }
}
