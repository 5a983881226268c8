package org.audioprune.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.model.djl.AudioNetwork;

/**
 * A network, its parameters and its Adam state, trained one batch at a time with a manual
 * GradientCollector loop. Why not DJL's Trainer/EasyTrain: see docs/bench/training.md — the
 * step here allocates only per-step arrays in a per-step sub-manager (closed at once), feeds
 * batches through reused direct buffers, and zeroes gradients in place.
 */
public final class TrainingSession implements AutoCloseable {
    private final NDManager manager;
    private final AudioNetwork network;
    private final ParameterStore parameterStore;
    private final Optimizer optimizer;
    private final List<Parameter> trainable = new ArrayList<>();
    private final int nMels;
    private final int frames;
    private final int numClasses;
    private final boolean multiLabel;
    private FloatBuffer inputBuffer;
    private FloatBuffer targetBuffer;

    /**
     * Builds the session and initialises the network's parameters from the engine's RNG
     * (call {@link #seed(long)} first for reproducible initial weights).
     */
    public TrainingSession(AudioNetwork network, int nMels, int frames, int numClasses, boolean multiLabel,
            float learningRate) {
        this.manager = NDManager.newBaseManager();
        this.network = network;
        this.nMels = nMels;
        this.frames = frames;
        this.numClasses = numClasses;
        this.multiLabel = multiLabel;
        network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, nMels, frames));
        for (Parameter p : network.namedParameters().values()) {
            if (p.requiresGradient()) {
                trainable.add(p);
            }
        }
        this.parameterStore = new ParameterStore(manager, false);
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    /** Seeds the engine's RNG (initialisation, dropout): same seed, same numbers on one machine. */
    public static void seed(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }

    public AudioNetwork network() {
        return network;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * One optimisation step.
     *
     * @param inputs  {@code batch} patches, row-major (batch, 1, nMels, frames)
     * @param targets (batch, classes): one-hot / mixed targets for single-label (softmax cross-entropy),
     *                0/1 or mixed targets for multi-label (binary cross-entropy on logits)
     * @return the batch's mean loss
     */
    public float step(float[] inputs, float[] targets, int batch) {
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x = stepManager.create(fill(inputs, batch * nMels * frames, true),
                    new Shape(batch, 1, nMels, frames));
            NDArray y = stepManager.create(fill(targets, batch * numClasses, false), new Shape(batch, numClasses));
            NDArray loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = network.forward(parameterStore, x, true, null);
                loss = loss(logits, y);
                collector.backward(loss);
            }
            for (Parameter p : trainable) {
                NDArray weight = p.getArray();
                try (NDArray grad = weight.getGradient()) {
                    optimizer.update(p.getId(), weight, grad);
                }
                // In place, without allocating: the next backward pass accumulates into a zero gradient.
                JniUtils.zeroGrad((PtNDArray) weight);
            }
            return loss.getFloat();
        }
    }

    /** Logits (batch, classes) for {@code batch} patches, inference mode (running BN statistics, no dropout). */
    public float[] logits(float[] inputs, int batch) {
        try (NDManager stepManager = manager.newSubManager()) {
            NDArray x = stepManager.create(fill(inputs, batch * nMels * frames, true),
                    new Shape(batch, 1, nMels, frames));
            return network.forward(parameterStore, x, false, null).toFloatArray();
        }
    }

    private NDArray loss(NDArray logits, NDArray targets) {
        if (multiLabel) {
            // Stable BCE on logits: max(z, 0) − z·t + log(1 + e^−|z|).
            NDArray perElement = logits.maximum(0f).sub(logits.mul(targets)).add(Activation.softPlus(logits.abs().neg()));
            return perElement.mean();
        }
        return logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
    }

    /** Copies into a reused direct buffer: one JNI hand-over, no per-step heap→native staging copy. */
    private FloatBuffer fill(float[] values, int count, boolean input) {
        FloatBuffer buffer = input ? inputBuffer : targetBuffer;
        if (buffer == null || buffer.capacity() < count) {
            buffer = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            if (input) {
                inputBuffer = buffer;
            } else {
                targetBuffer = buffer;
            }
        }
        buffer.clear();
        buffer.put(values, 0, count);
        buffer.flip();
        return buffer;
    }

    @Override
    public void close() {
        manager.close();
    }
}
