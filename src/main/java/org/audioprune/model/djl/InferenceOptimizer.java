package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.InferenceStep;
import org.audioprune.model.layer.LayerSpec;
import org.audioprune.model.layer.TensorSpec;

/**
 * The fastest exact inference form of an {@link ArchitectureSpec} on the PyTorch engine: the layers'
 * own inference steps ({@link LayerSpec#inferenceSteps}) as a flat list of functional ops on
 * pre-transformed weights instead of the training block. The rewrites are generic over the steps'
 * hooks ({@link InferenceStep}), never over layer types; each can be switched off in {@link Options}
 * to measure it:
 * <ul>
 *   <li>a step absorbs the step after it — batch norm folded into the conv weight and bias
 *       (w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β), so no BN pass over the feature map;</li>
 *   <li>a monotone step moves behind a step it commutes with — ReLU behind a following max-pool
 *       (max and ReLU commute exactly), so it runs on the pooled map (25× / 400× smaller for dcase21);</li>
 *   <li>feature maps and conv weights in channels-last (NHWC) memory order, which oneDNN convolves
 *       without reordering the activations to its blocked layout and back on every call;</li>
 *   <li>always: a leading per-band affine (PANNs' mel batch norm) is applied to the input floats while
 *       they are copied into the engine; one reused direct input buffer, weights uploaded once, no
 *       per-call block or parameter-store machinery; per-call arrays live in a sub-manager closed on return.</li>
 * </ul>
 * Dropout has no inference steps. The result equals the network's inference forward up to float
 * rounding (the folding reorders a few multiplications).
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

    private final ArchitectureSpec spec;
    private final Options options;
    private final NDManager manager;
    private final List<InferenceStep.Op> ops = new ArrayList<>();
    /** Per-mel-band affine of a leading per-band step (null without one), applied while uploading. */
    private final float[] melScale;
    private final float[] melShift;
    private ByteBuffer inputBytes;

    private InferenceOptimizer(ArchitectureSpec spec, Map<String, Tensor> weights, Options options) {
        this.spec = spec;
        this.options = options;
        List<InferenceStep> steps = rewritten(steps(spec, weights), options);
        float[][] inputAffine = steps.isEmpty() ? null : steps.get(0).inputAffine();
        if (inputAffine != null) {
            steps = steps.subList(1, steps.size());
        }
        this.melScale = inputAffine == null ? null : inputAffine[0];
        this.melShift = inputAffine == null ? null : inputAffine[1];
        this.manager = NDManager.newBaseManager();
        try {
            for (InferenceStep step : steps) {
                ops.add(step.compile(manager, options.channelsLast()));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Every layer's steps, after checking that every tensor of the spec is there with its shape. */
    private static List<InferenceStep> steps(ArchitectureSpec spec, Map<String, Tensor> weights) {
        for (TensorSpec p : spec.parameters()) {
            Tensor t = weights.get(p.name());
            if (t == null) {
                throw new AudioPruneException("weights lack tensor " + p.name());
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new AudioPruneException("tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + " but the network needs " + Arrays.toString(p.shape()));
            }
        }
        List<InferenceStep> steps = new ArrayList<>();
        List<FeatureShape> inputs = spec.inputShapes();
        for (int i = 0; i < spec.layers().size(); i++) {
            steps.addAll(spec.layers().get(i).inferenceSteps(inputs.get(i), name -> weights.get(name).data()));
        }
        return steps;
    }

    /** The steps with the chosen rewrites applied. */
    private static List<InferenceStep> rewritten(List<InferenceStep> steps, Options options) {
        List<InferenceStep> s = new ArrayList<>();
        for (InferenceStep step : steps) {
            s.add(step.rewrittenWith(inner -> rewritten(inner, options)));
        }
        if (options.foldBatchNorm()) {
            for (int i = 0; i + 1 < s.size(); ) {
                InferenceStep merged = s.get(i).absorb(s.get(i + 1));
                if (merged == null) {
                    i++;
                } else {
                    s.set(i, merged);
                    s.remove(i + 1);
                }
            }
        }
        if (options.reluAfterPool()) {
            for (int i = 0; i + 1 < s.size(); i++) {
                if (s.get(i).monotone() && s.get(i + 1).commutesWithMonotone()) {
                    Collections.swap(s, i, i + 1);
                    i++;
                }
            }
        }
        return s;
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
                x = InferenceStep.channelsLast(x);
            }
            for (InferenceStep.Op op : ops) {
                x = op.apply(x);
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
