package org.audioprune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.LayerSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.NetworkRunner;

/**
 * Adam on a {@link NetworkRunner}'s network, one batch at a time, with a manual GradientCollector
 * loop rather than DJL's Trainer/EasyTrain (why: docs/benchmarks.md). Per step: every
 * temporary lives in a sub-manager closed at the end and batches enter through reused direct buffers.
 */
public final class TrainingSession {
    private final NetworkRunner runner;
    private final StatefulAdam optimizer;
    /** Trainable parameters by checkpoint name. */
    private final Map<String, Parameter> trainable = new LinkedHashMap<>();
    private final int numClasses;
    private final boolean multiLabel;
    private ByteBuffer targetBytes;

    public TrainingSession(NetworkRunner runner, float learningRate) {
        this.runner = runner;
        this.numClasses = runner.network().spec().numClasses();
        this.multiLabel = runner.network().spec().multiLabel();
        runner.network().namedParameters().forEach((name, p) -> {
            if (p.requiresGradient()) {
                trainable.put(name, p);
            }
        });
        this.optimizer = new StatefulAdam(learningRate);
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
            for (Parameter p : trainable.values()) {
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

    /** Adam steps taken so far. */
    int optimizerSteps() {
        return optimizer.steps();
    }

    /** Adam's first and second moments of every trainable parameter, by checkpoint name (empty before a step). */
    Map<String, Tensor[]> optimizerMoments() {
        Map<String, Tensor[]> out = new LinkedHashMap<>();
        trainable.forEach((name, p) -> {
            Tensor[] mv = optimizer.moments(p.getId());
            if (mv != null) {
                out.put(name, mv);
            }
        });
        return out;
    }

    /** Puts Adam back where {@link #optimizerSteps()} and {@link #optimizerMoments()} were saved. */
    void restoreOptimizer(int steps, Map<String, Tensor[]> momentsByName) {
        Map<String, Tensor[]> byId = new LinkedHashMap<>();
        momentsByName.forEach((name, mv) -> {
            Parameter p = trainable.get(name);
            if (p == null) {
                throw new AudioPruneException("saved training state has optimizer moments for " + name
                        + ", which is not a trainable parameter of the network");
            }
            byId.put(p.getId(), mv);
        });
        optimizer.restore(steps, byId, runner.manager(), runner.manager().getDevice());
    }

    /**
     * Draws from the engine's random generator exactly what one training step on {@code batch} clips
     * draws (each dropout layer's mask, in layer order), without computing anything else. libtorch's
     * generator state cannot be read or set through DJL, so a resumed run re-seeds it and replays the
     * draws of the finished epochs; a mask depends only on its shape and rate, so this is exact.
     */
    void replayRandomDraws(int batch) {
        ArchitectureSpec spec = runner.network().spec();
        List<int[]> shapes = spec.outputShapes();
        try (NDManager m = runner.manager().newSubManager()) {
            for (int i = 0; i < spec.layers().size(); i++) {
                if (spec.layers().get(i) instanceof LayerSpec.Dropout d && d.rate() > 0) {
                    long[] dims = new long[shapes.get(i).length + 1];
                    dims[0] = batch;
                    for (int k = 0; k < shapes.get(i).length; k++) {
                        dims[k + 1] = shapes.get(i)[k];
                    }
                    Dropout.dropout(m.zeros(new Shape(dims)), (float) d.rate(), true);
                }
            }
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
