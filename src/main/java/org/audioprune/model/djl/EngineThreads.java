package org.audioprune.model.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.audioprune.AudioPruneException;

/**
 * Thread settings of the PyTorch engine. Intra-op threads can change at any time; DJL applies
 * inter-op threads only when the engine loads. Oversubscribed cores are the main slowdown found in
 * docs/benchmarks.md: libgomp threads spin-wait, so on a busy machine use fewer threads or set
 * OMP_WAIT_POLICY=PASSIVE in the environment.
 */
public final class EngineThreads {
    private static final Object ONE_AT_A_TIME = new Object();

    private EngineThreads() {
    }

    /**
     * Uses {@code intraOp} threads per operator from now on (null: leave libtorch's default, one per
     * core) and, if the engine is not loaded yet, one inter-op thread (the networks are sequential).
     */
    public static void configure(Integer intraOp) {
        if (intraOp != null && intraOp < 1) {
            throw new AudioPruneException("--threads must be at least 1, got " + intraOp);
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        if (intraOp != null) {
            Engine.getEngine("PyTorch");
            JniUtils.setNumThreads(intraOp);
        }
    }

    /**
     * Runs {@code work} with {@code intraOp} threads per operator, then restores the previous count.
     * One such block runs at a time per process (others wait): the engine's RNG seed is process-wide
     * and DJL allows one gradient collector per process, so two trainings at once (units of a job in
     * one Spark executor) would fail or mix their random numbers.
     */
    public static <T> T with(int intraOp, java.util.function.Supplier<T> work) {
        configure(null);
        if (intraOp < 1) {
            throw new AudioPruneException("--threads must be at least 1, got " + intraOp);
        }
        Engine.getEngine("PyTorch");
        synchronized (ONE_AT_A_TIME) {
            int previous = JniUtils.getNumThreads(); // read before setting, or there is nothing to restore
            JniUtils.setNumThreads(intraOp);
            try {
                return work.get();
            } finally {
                JniUtils.setNumThreads(previous);
            }
        }
    }
}
