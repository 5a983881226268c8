package org.audioprune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.model.djl.NetworkRunner;

/**
 * Adam on a {@link NetworkRunner}'s network, one batch at a time, with a manual GradientCollector
 * loop rather than DJL's Trainer/EasyTrain (why: docs/benchmarks.md). Per step: every
 * temporary lives in a sub-manager closed at the end and batches enter through reused direct buffers.
 */
public final class TrainingSession {
    private final NetworkRunner runner;
    private final Optimizer optimizer;
    private final List<Parameter> trainable = new ArrayList<>();
    private final int numClasses;
    private final boolean multiLabel;
    private ByteBuffer targetBytes;

    public TrainingSession(NetworkRunner runner, float learningRate) {
        this.runner = runner;
        this.numClasses = runner.network().spec().numClasses();
        this.multiLabel = runner.network().spec().multiLabel();
        for (Parameter p : runner.network().namedParameters().values()) {
            if (p.requiresGradient()) {
                trainable.add(p);
            }
        }
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    /** Seeds the engine's RNG (initialisation, dropout): same seed, same numbers on one machine. */
    public static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }

    /**
     * PyTorch intra-op threads used by this thread's operators. Recorded with every training: CPU
     * kernels split their reductions by thread count, so one seed gives bit-identical weights only at
     * the same count (docs/reproducibility.md).
     */
    public static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }

    /**
     * One optimisation step.
     *
     * @param inputs  {@code batch} patches, row-major (batch, 1, nMels, frames)
     * @param targets (batch, classes): one-hot or mixed targets for softmax cross-entropy (single-label),
     *                0/1 or mixed targets for binary cross-entropy on logits (multi-label)
     * @return the batch's mean loss
     */
    public float step(float[] inputs, float[] targets, int batch) {
        try (NDManager stepManager = runner.manager().newSubManager()) {
            NDArray x = runner.input(stepManager, inputs, batch);
            NDArray y = stepManager.create(targetBuffer(targets, batch * numClasses), new Shape(batch, numClasses),
                    DataType.FLOAT32);
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                loss = loss(runner.network().forward(runner.parameterStore(), x, true, null), y);
                collector.backward(loss);
            }
            for (Parameter p : trainable) {
                NDArray weight = p.getArray();
                // getGradient() wraps the grad in a new array owned by the weight's (long-lived) manager: close it.
                // The PyTorch engine's Adam zeroes the gradient in place after the update, so nothing
                // accumulates and no collector-wide zeroGradients() (a walk over every live array) is needed.
                try (NDArray grad = weight.getGradient()) {
                    optimizer.update(p.getId(), weight, grad);
                }
            }
            return loss.getFloat();
        }
    }

    private NDArray loss(NDArray logits, NDArray targets) {
        if (multiLabel) {
            // Stable BCE on logits: max(z, 0) − z·t + log(1 + e^−|z|).
            return logits.maximum(0f).sub(logits.mul(targets)).add(Activation.softPlus(logits.abs().neg())).mean();
        }
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
    }

    private ByteBuffer targetBuffer(float[] targets, int count) {
        if (targetBytes == null || targetBytes.capacity() < count * Float.BYTES) {
            targetBytes = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        targetBytes.clear();
        targetBytes.asFloatBuffer().put(targets, 0, count);
        targetBytes.limit(count * Float.BYTES);
        return targetBytes;
    }
}
