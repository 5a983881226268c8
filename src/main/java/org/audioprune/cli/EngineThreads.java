package org.audioprune.cli;

import org.audioprune.AudioPruneException;

/** The PyTorch engine's thread settings, which DJL reads once when the engine loads. */
final class EngineThreads {
    private EngineThreads() {
    }

    /**
     * Sets the intra-op thread count (null: leave libtorch's default, one per core) and one inter-op
     * thread (the networks are sequential; more inter-op threads only compete for the cores).
     */
    static void configure(Integer threads) {
        if (threads != null) {
            if (threads < 1) {
                throw new AudioPruneException("--threads must be at least 1, got " + threads);
            }
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
