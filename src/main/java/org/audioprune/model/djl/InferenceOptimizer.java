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
 * Exact inference forms of an {@link ArchitectureSpec} on the PyTorch engine: the layers'
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
 *   <li>convolutions whose weights are reordered into oneDNN's layout once per batch size instead of
 *       on every call, a directly following ReLU fused into them ({@link PackedConvolutions}, libtorch
 *       ops reached through a TorchScript module AudioPrune writes itself);</li>
 *   <li>always: a leading per-band affine (PANNs' mel batch norm) is applied to the input floats while
 *       they are copied into the engine; one reused direct input buffer, weights uploaded once, no
 *       per-call block or parameter-store machinery; per-call arrays live in a sub-manager closed on return.</li>
 * </ul>
 * Dropout has no inference steps. The result equals the network's inference forward up to float
 * rounding (the folding reorders a few multiplications).
 */
public final class InferenceOptimizer implements CompiledNetwork {

    /**
     * Which rewrites to apply.
     *
     * @param foldBatchNorm fold conv batch norm into the conv weight and bias
     * @param reluAfterPool run ReLU after a directly following max-pool
     * @param channelsLast  keep feature maps and conv weights in NHWC memory order
     * @param packedConv    run convolutions with weights reordered for oneDNN once ({@link PackedConvolutions})
     */
    public record Options(boolean foldBatchNorm, boolean reluAfterPool, boolean channelsLast, boolean packedConv) {
        /** The three DJL-op rewrites, convolutions by the engine's eager op. */
        public Options(boolean foldBatchNorm, boolean reluAfterPool, boolean channelsLast) {
            this(foldBatchNorm, reluAfterPool, channelsLast, false);
        }

        /** The three DJL-op rewrites on, eager convolutions (the fastest form before packed convolutions). */
        public static Options threeRewrites() {
            return new Options(true, true, true);
        }

        /** Everything off: the same op sequence as the training block, without its machinery. */
        public static Options none() {
            return new Options(false, false, false);
        }

        /** Every combination of the four rewrites, none first. */
        public static List<Options> all() {
            List<Options> all = new ArrayList<>();
            for (int mask = 0; mask < 16; mask++) {
                all.add(new Options((mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0));
            }
            return all;
        }

        /** The variant name: the rewrites on, joined by '+' ({@code plain} for none), e.g. {@code fold-bn+channels-last}. */
        public String variant() {
            List<String> on = new ArrayList<>();
            if (foldBatchNorm) {
                on.add(FOLD_BN);
            }
            if (reluAfterPool) {
                on.add(RELU_AFTER_POOL);
            }
            if (channelsLast) {
                on.add(CHANNELS_LAST);
            }
            if (packedConv) {
                on.add(PACKED_CONV);
            }
            return on.isEmpty() ? PLAIN : String.join("+", on);
        }

        /** The options of a {@link #variant()} name. */
        public static Options ofVariant(String variant) {
            List<String> on = variant.equals(PLAIN) ? List.of() : List.of(variant.split("\\+"));
            Options o = new Options(on.contains(FOLD_BN), on.contains(RELU_AFTER_POOL), on.contains(CHANNELS_LAST),
                    on.contains(PACKED_CONV));
            if (!o.variant().equals(variant)) {
                throw new AudioPruneException("unknown inference variant " + variant);
            }
            return o;
        }

        @Override
        public String toString() {
            return variant();
        }
    }

    private static final String PLAIN = "plain";
    private static final String FOLD_BN = "fold-bn";
    private static final String RELU_AFTER_POOL = "relu-after-pool";
    private static final String CHANNELS_LAST = "channels-last";
    private static final String PACKED_CONV = "packed-conv";

    private final ArchitectureSpec spec;
    private final Options options;
    private final NDManager manager;
    private final List<InferenceStep.Op> ops = new ArrayList<>();
    /** Per-mel-band affine of a leading per-band step (null without one), applied while uploading. */
    private final float[] melScale;
    private final float[] melShift;
    private ByteBuffer inputBytes;
    /** The TorchScript module of packed convolutions, or null without. */
    private PackedConvolutions packer;

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
            this.packer = options.packedConv() ? new PackedConvolutions(manager) : null;
            for (int i = 0; i < steps.size(); i++) {
                InferenceStep step = steps.get(i);
                if (packer == null) {
                    ops.add(step.compile(manager, options.channelsLast()));
                    continue;
                }
                InferenceStep.Op fused = i + 1 < steps.size()
                        ? step.compileFused(manager, options.channelsLast(), packer, steps.get(i + 1)) : null;
                if (fused != null) {
                    ops.add(fused);
                    i++;
                } else {
                    ops.add(step.compile(manager, options.channelsLast(), packer));
                }
            }
        } catch (RuntimeException e) {
            close();
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

    /**
     * The option sets that give distinct programs for this network: a rewrite that finds nothing to
     * rewrite (no batch norm after a conv, no ReLU before a max-pool) is left off, and packed
     * convolutions come only with batch norm folded where there is one to fold (packing the weight
     * once is worth it only without a separate batch-norm pass; it halves the search).
     */
    public static List<Options> distinctOptions(ArchitectureSpec spec, Map<String, Tensor> weights) {
        List<InferenceStep> steps = steps(spec, weights);
        boolean folds = !rewritten(steps, new Options(true, false, false)).equals(steps);
        boolean swaps = !rewritten(steps, new Options(false, true, false)).equals(steps);
        return Options.all().stream().filter(o -> (folds || !o.foldBatchNorm()) && (swaps || !o.reluAfterPool())
                && (!o.packedConv() || o.foldBatchNorm() || !folds)).toList();
    }

    /**
     * The form with the three DJL-op rewrites ({@link Options#threeRewrites()}); for the fastest form
     * of a network use {@link FormSearch}.
     */
    public static InferenceOptimizer build(ArchitectureSpec spec, Map<String, Tensor> weights) {
        return build(spec, weights, Options.threeRewrites());
    }

    /**
     * The inference form with the given rewrites.
     *
     * @throws AudioPruneException if a weight is missing or shaped differently from the spec
     */
    public static InferenceOptimizer build(ArchitectureSpec spec, Map<String, Tensor> weights, Options options) {
        return new InferenceOptimizer(spec, weights, options);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    public Options options() {
        return options;
    }

    @Override
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
        if (packer != null) {
            packer.close();
        }
        manager.close();
    }
}
