package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.LayerSpec;
import org.audioprune.model.Tensor;

/**
 * The fastest exact inference form of an {@link ArchitectureSpec} on the PyTorch engine: a flat list
 * of functional ops on pre-transformed weights instead of the training block. What it does (each can
 * be switched off in {@link Options} to measure it):
 * <ul>
 *   <li>batch norm folded into the conv weight and bias (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β), so no
 *       BN pass over the feature map; the mel batch norm of PANNs is applied to the input floats
 *       while they are copied into the engine;</li>
 *   <li>ReLU moved behind a following max-pool (max and ReLU commute exactly), so it runs on the
 *       pooled map (25× / 400× smaller for dcase21);</li>
 *   <li>feature maps and conv weights in channels-last (NHWC) memory order, which oneDNN convolves
 *       without reordering the activations to its blocked layout and back on every call;</li>
 *   <li>one reused direct input buffer, weights uploaded once, no per-call block or parameter-store
 *       machinery; per-call arrays live in a sub-manager closed on return.</li>
 * </ul>
 * Dropout is the identity at inference and is dropped. The result equals the network's inference
 * forward up to float rounding (the folding reorders a few multiplications).
 */
public final class InferenceOptimizer implements AutoCloseable {

    /**
     * Which rewrites to apply.
     *
     * @param foldBatchNorm fold conv batch norm into the conv weight and bias
     * @param reluAfterPool run ReLU after a directly following max-pool
     * @param channelsLast  keep feature maps and conv weights in NHWC memory order
     */
    public record Options(boolean foldBatchNorm, boolean reluAfterPool, boolean channelsLast) {
        /** Everything on: the fastest form. */
        public static Options fastest() {
            return new Options(true, true, true);
        }

        /** Everything off: the same op sequence as the training block, without its machinery. */
        public static Options none() {
            return new Options(false, false, false);
        }

        @Override
        public String toString() {
            return (foldBatchNorm ? "+fold-bn" : "-fold-bn") + (reluAfterPool ? " +relu-after-pool" : " -relu-after-pool")
                    + (channelsLast ? " +channels-last" : " -channels-last");
        }
    }

    /** One step of the inference program. */
    private sealed interface Step permits ConvStep, PoolStep, ReluStep, BatchNormStep, FlattenStep, GlobalPoolStep,
            DenseStep {
    }

    private record ConvStep(NDArray weight, NDArray bias, Shape padding) implements Step {
    }

    private record BatchNormStep(NDArray mean, NDArray var, NDArray gamma, NDArray beta, float eps) implements Step {
    }

    private record PoolStep(boolean max, Shape window) implements Step {
    }

    private record ReluStep() implements Step {
    }

    private record FlattenStep() implements Step {
    }

    private record GlobalPoolStep() implements Step {
    }

    private record DenseStep(NDArray weight, NDArray bias) implements Step {
    }

    private static final Shape UNIT = new Shape(1, 1);
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final ArchitectureSpec spec;
    private final Options options;
    private final NDManager manager;
    private final List<Step> steps = new ArrayList<>();
    /** Per-mel-band affine of a leading mel batch norm (null without one), applied while uploading. */
    private final float[] melScale;
    private final float[] melShift;
    private ByteBuffer inputBytes;

    private InferenceOptimizer(ArchitectureSpec spec, Map<String, Tensor> weights, Options options) {
        this.spec = spec;
        this.options = options;
        this.manager = NDManager.newBaseManager();
        float[][] mel = null;
        try {
            List<LayerSpec> layers = spec.layers();
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec layer = layers.get(i);
                if (layer instanceof LayerSpec.Conv c) {
                    addConv(c, weights);
                    if ("relu".equals(c.activation())) {
                        boolean deferred = options.reluAfterPool() && i + 1 < layers.size()
                                && layers.get(i + 1) instanceof LayerSpec.Pool p && "max".equals(p.kind());
                        if (deferred) {
                            LayerSpec.Pool p = (LayerSpec.Pool) layers.get(++i);
                            steps.add(new PoolStep(true, new Shape(p.kernelH(), p.kernelW())));
                        }
                        steps.add(new ReluStep());
                    }
                } else if (layer instanceof LayerSpec.Pool p) {
                    steps.add(new PoolStep("max".equals(p.kind()), new Shape(p.kernelH(), p.kernelW())));
                } else if (layer instanceof LayerSpec.MelBatchNorm b) {
                    if (i != 0) {
                        throw new AudioPruneException("mel batch norm " + b.name() + " must be the first layer");
                    }
                    mel = affine(b.name(), weights, b.features(), b.epsilon());
                } else if (layer instanceof LayerSpec.Flatten) {
                    steps.add(new FlattenStep());
                } else if (layer instanceof LayerSpec.GlobalPool) {
                    steps.add(new GlobalPoolStep());
                } else if (layer instanceof LayerSpec.Dense d) {
                    steps.add(new DenseStep(upload(require(weights, d.name() + ".weight", d.outFeatures(),
                            d.inFeatures())), upload(require(weights, d.name() + ".bias", d.outFeatures()))));
                    if ("relu".equals(d.activation())) {
                        steps.add(new ReluStep());
                    }
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.melScale = mel == null ? null : mel[0];
        this.melShift = mel == null ? null : mel[1];
    }

    /** The fastest exact inference form of {@code spec} with {@code weights} (checkpoint naming). */
    public static InferenceOptimizer build(ArchitectureSpec spec, Map<String, Tensor> weights) {
        return build(spec, weights, Options.fastest());
    }

    /**
     * The inference form with the given rewrites.
     *
     * @throws AudioPruneException if a weight is missing or shaped differently from the spec
     */
    public static InferenceOptimizer build(ArchitectureSpec spec, Map<String, Tensor> weights, Options options) {
        return new InferenceOptimizer(spec, weights, options);
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    public Options options() {
        return options;
    }

    /**
     * Logits (batch × classes, row-major) for {@code batch} inputs of (1, nMels, frames) each, in
     * inference mode (running statistics, no dropout).
     */
    public float[] predict(float[] input, int batch) {
        ArchitectureSpec.InputShape in = spec.input();
        int perClip = in.channels() * in.nMels() * in.frames();
        if (batch < 1 || input.length < (long) batch * perClip) {
            throw new AudioPruneException("predict needs " + batch + " × " + perClip + " input values, got "
                    + input.length);
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(upload(input, batch * perClip),
                    new Shape(batch, in.channels(), in.nMels(), in.frames()), DataType.FLOAT32);
            if (options.channelsLast()) {
                x = channelsLast(x);
            }
            for (Step step : steps) {
                x = apply(step, x);
            }
            return x.toFloatArray();
        }
    }

    /**
     * Median latency of {@link #predict} on a fixed random batch, after {@code warmup} untimed calls.
     * For comparing networks use {@link InferenceLatency#measure} (interleaved).
     */
    public InferenceLatency.Median latency(int batch, int warmup, int repeats) {
        float[] x = InferenceLatency.randomInput(spec, batch, 1);
        return InferenceLatency.measure(List.of(() -> predict(x, batch)), warmup, repeats).get(0);
    }

    private NDArray apply(Step step, NDArray x) {
        if (step instanceof ConvStep c) {
            return Conv2d.conv2d(x, c.weight(), c.bias(), UNIT, c.padding(), UNIT, 1).singletonOrThrow();
        }
        if (step instanceof BatchNormStep b) {
            return BatchNorm.batchNorm(x, b.mean(), b.var(), b.gamma(), b.beta(), 1, 0f, b.eps(), false)
                    .singletonOrThrow();
        }
        if (step instanceof PoolStep p) {
            return p.max() ? Pool.maxPool2d(x, p.window(), p.window(), NO_PADDING, false)
                    : Pool.avgPool2d(x, p.window(), p.window(), NO_PADDING, false, true);
        }
        if (step instanceof ReluStep) {
            return x.getNDArrayInternal().relu();
        }
        if (step instanceof FlattenStep) {
            // reshape follows the logical NCHW order whatever the memory order, as flatten must.
            return x.reshape(x.getShape().get(0), -1);
        }
        if (step instanceof GlobalPoolStep) {
            NDArray overFrequency = x.mean(new int[] {2});
            return overFrequency.max(new int[] {2}).add(overFrequency.mean(new int[] {2}));
        }
        DenseStep d = (DenseStep) step;
        return Linear.linear(x, d.weight(), d.bias()).singletonOrThrow();
    }

    private void addConv(LayerSpec.Conv c, Map<String, Tensor> weights) {
        int out = c.outChannels();
        Tensor w = require(weights, c.name() + ".weight", out, c.inChannels(), c.kernelH(), c.kernelW());
        float[] bias = c.bias() ? require(weights, c.name() + ".bias", out).data() : new float[out];
        Shape padding = new Shape(c.padH(), c.padW());
        if (!c.batchNorm()) {
            steps.add(new ConvStep(convWeight(w), c.bias() ? upload(new Tensor(new long[] {out}, bias)) : null,
                    padding));
            return;
        }
        String bnName = c.name() + ".bn";
        if (!options.foldBatchNorm()) {
            steps.add(new ConvStep(convWeight(w), c.bias() ? upload(new Tensor(new long[] {out}, bias)) : null,
                    padding));
            steps.add(new BatchNormStep(upload(require(weights, bnName + ".running_mean", out)),
                    upload(require(weights, bnName + ".running_var", out)), upload(require(weights, bnName + ".gamma", out)),
                    upload(require(weights, bnName + ".beta", out)), (float) c.bnEpsilon()));
            return;
        }
        float[][] bn = affine(bnName, weights, out, c.bnEpsilon());
        float[] folded = w.data().clone();
        int perFilter = folded.length / out;
        float[] foldedBias = new float[out];
        for (int n = 0; n < out; n++) {
            for (int k = 0; k < perFilter; k++) {
                folded[n * perFilter + k] *= bn[0][n];
            }
            foldedBias[n] = bias[n] * bn[0][n] + bn[1][n];
        }
        steps.add(new ConvStep(convWeight(new Tensor(w.shape(), folded)), upload(new Tensor(new long[] {out},
                foldedBias)), padding));
    }

    /**
     * Batch norm at inference as y = x·scale + shift: scale = γ/√(σ²+ε), shift = β − μ·scale,
     * computed in double.
     */
    private static float[][] affine(String prefix, Map<String, Tensor> weights, int n, double eps) {
        float[] gamma = require(weights, prefix + ".gamma", n).data();
        float[] beta = require(weights, prefix + ".beta", n).data();
        float[] mean = require(weights, prefix + ".running_mean", n).data();
        float[] var = require(weights, prefix + ".running_var", n).data();
        float[] scale = new float[n];
        float[] shift = new float[n];
        for (int i = 0; i < n; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + eps);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        return new float[][] {scale, shift};
    }

    private static Tensor require(Map<String, Tensor> weights, String name, long... shape) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new AudioPruneException("weights lack tensor " + name);
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new AudioPruneException("tensor " + name + " has shape " + Arrays.toString(t.shape())
                    + " but the network needs " + Arrays.toString(shape));
        }
        return t;
    }

    private NDArray convWeight(Tensor w) {
        NDArray a = upload(w);
        return options.channelsLast() ? channelsLast(a) : a;
    }

    private NDArray upload(Tensor t) {
        return manager.create(FloatBuffer.wrap(t.data()), new Shape(t.shape()), DataType.FLOAT32);
    }

    /**
     * The same NCHW array with NHWC memory order (PyTorch's channels_last strides): flatten copies
     * the permuted view into NHWC order, the final transpose is a view back to NCHW indexing.
     */
    private static NDArray channelsLast(NDArray nchw) {
        Shape s = nchw.getShape();
        return nchw.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    /**
     * The first {@code count} inputs in a reused direct byte buffer (DJL hands a direct
     * {@link ByteBuffer} to libtorch as is; any other buffer is staged through a fresh one per call),
     * with the mel batch norm applied on the way.
     */
    private ByteBuffer upload(float[] input, int count) {
        if (inputBytes == null || inputBytes.capacity() < count * Float.BYTES) {
            inputBytes = ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        inputBytes.clear();
        FloatBuffer f = inputBytes.asFloatBuffer();
        if (melScale == null) {
            f.put(input, 0, count);
        } else {
            int frames = spec.input().frames();
            int mels = melScale.length;
            for (int i = 0; i < count; i++) {
                int band = (i / frames) % mels;
                f.put(input[i] * melScale[band] + melShift[band]);
            }
        }
        inputBytes.limit(count * Float.BYTES);
        return inputBytes;
    }

    @Override
    public void close() {
        manager.close();
    }
}
