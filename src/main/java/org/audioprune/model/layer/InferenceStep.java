package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * One step of a layer's exact inference form ({@link LayerSpec#inferenceSteps}), holding its
 * weights as plain floats until the inference optimiser compiles it. The optimiser's rewrites are
 * generic over these hooks, never over layer types: a step may {@link #absorb} the step after it
 * (a conv folds the batch norm that follows it), a {@link #monotone()} step may move behind a step
 * that {@link #commutesWithMonotone() commutes} with it (ReLU behind max-pooling: max and ReLU
 * commute exactly), and a leading {@link #inputAffine() per-band affine} is applied while the
 * input is copied into the engine.
 */
public interface InferenceStep {

    /** A compiled step: one engine op on (batch, ...) arrays. */
    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray x);
    }

    /**
     * The step on the engine, its weights uploaded once with {@code manager}. With
     * {@code channelsLast}, feature maps arrive and must leave in NHWC memory order (NCHW indexing).
     */
    Op compile(NDManager manager, boolean channelsLast);

    /**
     * Convolutions whose weights are reordered into oneDNN's blocked layout once and kept, instead of on
     * every call as the engine's eager conv does (the one cost DJL's own ops cannot avoid).
     */
    interface ConvPacker {
        /**
         * The stride-1 convolution {@code x ↦ conv(x, weight) + bias} in {@code groups} groups with
         * {@code weight} (out, in / groups, kh, kw) prepacked; {@code bias} has one value per filter; with
         * {@code relu}, ReLU fused into it.
         */
        Op conv(NDArray weight, NDArray bias, long padH, long padW, int groups, boolean relu);
    }

    /** As {@link #compile}, with convolutions run by {@code packer}; steps without one compile as usual. */
    default Op compile(NDManager manager, boolean channelsLast, ConvPacker packer) {
        return compile(manager, channelsLast);
    }

    /**
     * As {@link #compile(NDManager, boolean, ConvPacker)} with {@code next}, the step after it, fused
     * into the same op (a packed conv runs a following ReLU in its own pass); null if they do not fuse.
     */
    default Op compileFused(NDManager manager, boolean channelsLast, ConvPacker packer, InferenceStep next) {
        return null;
    }

    /** This step merged with {@code next}, the step directly after it, or null if they do not merge. */
    default InferenceStep absorb(InferenceStep next) {
        return null;
    }

    /** Elementwise and non-decreasing (ReLU): may run after a step that commutes with it instead of before. */
    default boolean monotone() {
        return false;
    }

    /** f(step(x)) = step(f(x)) for every elementwise non-decreasing f (max-pooling). */
    default boolean commutesWithMonotone() {
        return false;
    }

    /**
     * {scale, shift} per mel band if this step is y = x·scale[band] + shift[band] on a 1-channel
     * map, so that as the first step it can be applied to the input floats; null otherwise.
     */
    default float[][] inputAffine() {
        return null;
    }

    /**
     * This step with {@code rewrite} (the optimiser's rewrites of a list of steps) applied to the
     * step lists it holds (a residual block's branches); itself if it holds none.
     */
    default InferenceStep rewrittenWith(java.util.function.UnaryOperator<java.util.List<InferenceStep>> rewrite) {
        return this;
    }

    /** ReLU. */
    InferenceStep RELU = new InferenceStep() {
        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            return x -> x.getNDArrayInternal().relu();
        }

        @Override
        public boolean monotone() {
            return true;
        }
    };

    /** {@code data} as an engine array of {@code shape}. */
    static NDArray upload(NDManager manager, float[] data, long... shape) {
        return manager.create(FloatBuffer.wrap(data), new Shape(shape), DataType.FLOAT32);
    }

    /**
     * The same NCHW array with NHWC memory order (PyTorch's channels_last strides): flatten copies
     * the permuted view into NHWC order, the final transpose is a view back to NCHW indexing.
     */
    static NDArray channelsLast(NDArray nchw) {
        Shape s = nchw.getShape();
        return nchw.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }
}
