package org.audioprune.model.djl;

import org.audioprune.model.ArchitectureSpec;

/** A network compiled into one exact inference form by an {@link InferenceBackend}. */
public interface CompiledNetwork extends AutoCloseable {

    /** The network, at the input it was compiled for. */
    ArchitectureSpec spec();

    /**
     * Logits (batch × classes, row-major) for {@code batch} inputs of (1, nMels, frames) each, in
     * inference mode (running statistics, no dropout).
     */
    float[] predict(float[] input, int batch);

    @Override
    void close();
}
