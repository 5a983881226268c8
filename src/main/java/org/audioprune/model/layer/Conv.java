package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * 2-D convolution, stride 1, optionally with bias, optionally followed by batch normalisation over
 * its output channels, then the activation: the prunable unit. Tensors {@code NAME.weight}
 * (out, in, kH, kW), {@code NAME.bias} (out), {@code NAME.bn.gamma|beta|running_mean|running_var} (out).
 *
 * @param padding   {@code same} (odd kernels, pad = (k−1)/2) or {@code explicit}
 * @param padH      zero padding added above and below
 * @param padW      zero padding added left and right
 * @param bnEpsilon batch-norm epsilon (Keras 1e-3, PyTorch 1e-5); ignored without batch norm
 */
@JsonTypeName("conv")
public record Conv(String name, int inChannels, int outChannels, int kernelH, int kernelW, Padding padding,
                   int padH, int padW, boolean bias, boolean batchNorm, double bnEpsilon, Activation activation)
        implements FilterLayer {

    /** How the padding is given. */
    public enum Padding {
        /** Odd kernel, (k−1)/2 on each side: the output has the input's size (Keras 'same'). */
        @JsonProperty("same") SAME,
        /** padH and padW as given. */
        @JsonProperty("explicit") EXPLICIT
    }

    public Conv {
        Layers.requireName(name);
        Layers.required(padding, "padding", "conv " + name);
        Layers.required(activation, "activation", "conv " + name);
        if (inChannels < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv " + name + ": channels and kernel must be positive,"
                    + " padding non-negative");
        }
        if (padding == Padding.SAME
                && (kernelH % 2 == 0 || kernelW % 2 == 0 || padH != (kernelH - 1) / 2 || padW != (kernelW - 1) / 2)) {
            throw new IllegalArgumentException("conv " + name + ": 'same' padding needs an odd kernel and pad (k-1)/2");
        }
        if (batchNorm && !(bnEpsilon > 0)) {
            throw new IllegalArgumentException("conv " + name + ": batch-norm epsilon must be positive");
        }
    }

    /**
     * A conv with {@code filters} output channels: by default 'same' padding, no bias, no batch
     * norm, ReLU. Its input channels (1 until then) are set from the shape it receives when the spec is built.
     */
    public static Builder builder(String name, int filters) {
        return new Builder(name, filters);
    }

    /** Named options of a {@link Conv}. */
    public static final class Builder {
        private final String name;
        private final int filters;
        private int kernelH;
        private int kernelW;
        private Padding padding = Padding.SAME;
        private int padH = -1;
        private int padW = -1;
        private boolean bias;
        private boolean batchNorm;
        private double bnEpsilon;
        private Activation activation = Activation.RELU;

        private Builder(String name, int filters) {
            this.name = name;
            this.filters = filters;
        }

        public Builder kernel(int h, int w) {
            this.kernelH = h;
            this.kernelW = w;
            return this;
        }

        /** Zero padding of padH rows above and below, padW columns left and right. */
        public Builder explicitPadding(int h, int w) {
            this.padding = Padding.EXPLICIT;
            this.padH = h;
            this.padW = w;
            return this;
        }

        public Builder bias() {
            this.bias = true;
            return this;
        }

        /** Batch norm over the output channels with this epsilon. */
        public Builder batchNorm(double epsilon) {
            this.batchNorm = true;
            this.bnEpsilon = epsilon;
            return this;
        }

        public Builder activation(Activation a) {
            this.activation = a;
            return this;
        }

        public Conv build() {
            boolean same = padding == Padding.SAME;
            return new Conv(name, 1, filters, kernelH, kernelW, padding, same ? (kernelH - 1) / 2 : padH,
                    same ? (kernelW - 1) / 2 : padW, bias, batchNorm, bnEpsilon, activation);
        }
    }

    public Conv withChannels(int in, int out) {
        return new Conv(name, in, out, kernelH, kernelW, padding, padH, padW, bias, batchNorm, bnEpsilon, activation);
    }

    @Override
    public Conv withOutChannels(int filters) {
        return withChannels(inChannels, filters);
    }

    @Override
    public String filterTensor() {
        return name + ".weight";
    }

    @Override
    public String describe() {
        return "conv " + name + " " + inChannels + "->" + outChannels;
    }

    @Override
    public Conv wiredTo(FeatureShape in) {
        outputShape(in.requireMap(describe()));
        return withChannels(in.channels(), outChannels);
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in.mapOf(outChannels, in.height() + 2 * padH - kernelH + 1, in.width() + 2 * padW - kernelW + 1,
                describe());
    }

    @Override
    public List<TensorSpec> parameters() {
        List<TensorSpec> out = new ArrayList<>();
        out.add(new TensorSpec(filterTensor(), new long[] {outChannels, inChannels, kernelH, kernelW},
                TensorSpec.Role.WEIGHT, 0, 1));
        if (bias) {
            out.add(new TensorSpec(name + ".bias", new long[] {outChannels}, TensorSpec.Role.BIAS, 0, TensorSpec.NONE));
        }
        if (batchNorm) {
            out.addAll(BatchNormTensors.specs(batchNormName(), outChannels, 0));
        }
        return out;
    }

    private String batchNormName() {
        return name + ".bn";
    }

    /** out · in · kH · kW · H_out · W_out, with the actual input channels. */
    @Override
    public long macs(FeatureShape in) {
        FeatureShape out = outputShape(in);
        return (long) outChannels * inChannels * kernelH * kernelW * out.height() * out.width();
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return new Unit(name, outputShape(in), outChannels, 1, new Shape(kernelH, kernelW), new Shape(padH, padW), bias,
                batchNorm ? bnEpsilon : 0, activation);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        List<InferenceStep> steps = new ArrayList<>();
        return steps(name, new long[] {outChannels, inChannels, kernelH, kernelW}, 1, new Shape(padH, padW), bias,
                batchNorm ? bnEpsilon : 0, activation, weights);
    }

    /**
     * The inference steps of a conv named {@code name} (tensors {@code name.weight}, {@code name.bias},
     * {@code name.bn.*}) with weight shape (out, in / groups, kH, kW): shared with {@link DepthwiseConv}.
     *
     * @param bnEpsilon the batch norm's epsilon, 0 for none
     */
    static List<InferenceStep> steps(String name, long[] shape, int groups, Shape padding, boolean bias,
                                     double bnEpsilon, Activation activation, Function<String, float[]> weights) {
        List<InferenceStep> steps = new ArrayList<>();
        steps.add(new ConvStep(weights.apply(name + ".weight"), shape, bias ? weights.apply(name + ".bias") : null,
                padding, groups));
        if (bnEpsilon > 0) {
            steps.add(BatchNormTensors.step(name + ".bn", bnEpsilon, weights));
        }
        steps.addAll(activation.steps());
        return steps;
    }

    /** Conv (with bias if any), BatchNormalization if any (ONNX Runtime folds it itself), activation. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return emitOnnx(onnx, name, new long[] {outChannels, inChannels, kernelH, kernelW}, 1, padH, padW, bias,
                batchNorm ? bnEpsilon : 0, activation, x, weights);
    }

    /**
     * The ONNX form of a conv named {@code name} (tensors {@code name.weight} of {@code shape} (out,
     * in / groups, kH, kW), {@code name.bias}, {@code name.bn.*}): Conv with {@code groups}, then
     * BatchNormalization unless {@code bnEpsilon} is 0, then the activation.
     */
    static String emitOnnx(OnnxEmitter onnx, String name, long[] shape, int groups, int padH, int padW, boolean bias,
                           double bnEpsilon, Activation activation, String x, Function<String, float[]> weights) {
        int out = (int) shape[0];
        List<String> inputs = new ArrayList<>(List.of(x, onnx.weight(name + ".weight", weights.apply(name + ".weight"),
                shape)));
        if (bias) {
            inputs.add(onnx.weight(name + ".bias", weights.apply(name + ".bias"), out));
        }
        String y = onnx.node("Conv", inputs, new OnnxAttributes().ints("kernel_shape", shape[2], shape[3])
                .ints("pads", padH, padW, padH, padW).integer("group", groups));
        if (bnEpsilon > 0) {
            y = BatchNormTensors.emitOnnx(onnx, name + ".bn", bnEpsilon, out, y, weights);
        }
        return activation.emitOnnx(onnx, y);
    }

    /**
     * Training block of a conv named {@code name} (tensors as in {@link #steps}): conv → optional
     * BatchNorm → activation; shared with {@link DepthwiseConv} ({@code groups} = channels).
     */
    static final class Unit extends LayerBlock {
        private final String name;
        private final boolean bias;
        private final Activation activation;
        private final Conv2d conv;
        private final BatchNorm bn;

        /** @param bnEpsilon the batch norm's epsilon, 0 for none */
        Unit(String name, FeatureShape output, int filters, int groups, Shape kernel, Shape padding, boolean bias,
             double bnEpsilon, Activation activation) {
            super(output);
            this.name = name;
            this.bias = bias;
            this.activation = activation;
            this.conv = addChildBlock("conv", Conv2d.builder()
                    .setKernelShape(kernel)
                    .optPadding(padding)
                    .setFilters(filters)
                    .optGroups(groups)
                    .optBias(bias)
                    .build());
            this.bn = bnEpsilon > 0
                    ? addChildBlock("bn", BatchNorm.builder().optAxis(1).optEpsilon((float) bnEpsilon).build())
                    : null;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray y = conv.forward(ps, inputs, training).singletonOrThrow();
            if (bn != null) {
                y = bn.forward(ps, new NDList(y), training).singletonOrThrow();
            }
            return new NDList(activation.apply(y));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            conv.initialize(manager, dataType, inputShapes);
            if (bn != null) {
                bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
            }
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            Map<String, Parameter> out = new LinkedHashMap<>();
            out.put(name + ".weight", conv.getParameters().get("weight"));
            if (bias) {
                out.put(name + ".bias", conv.getParameters().get("bias"));
            }
            if (bn != null) {
                out.putAll(BatchNormTensors.parameters(name + ".bn", bn));
            }
            return out;
        }
    }

    /** Inference: the convolution; absorbs a following batch norm by folding it into weight and bias. */
    private record ConvStep(float[] weight, long[] shape, float[] bias, Shape padding, int groups) implements InferenceStep {
        private static final Shape UNIT = new Shape(1, 1);

        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            NDArray w = InferenceStep.upload(manager, weight, shape);
            NDArray wl = channelsLast ? InferenceStep.channelsLast(w) : w;
            NDArray b = bias == null ? null : InferenceStep.upload(manager, bias, shape[0]);
            return x -> Conv2d.conv2d(x, wl, b, UNIT, padding, UNIT, groups).singletonOrThrow();
        }

        /** Prepacked weights; the packed conv takes the maps in whichever memory order they come. */
        @Override
        public Op compile(NDManager manager, boolean channelsLast, ConvPacker packer) {
            return packed(manager, packer, false);
        }

        /** A directly following ReLU runs inside the packed conv. */
        @Override
        public Op compileFused(NDManager manager, boolean channelsLast, ConvPacker packer, InferenceStep next) {
            return next == InferenceStep.RELU ? packed(manager, packer, true) : null;
        }

        private Op packed(NDManager manager, ConvPacker packer, boolean relu) {
            NDArray w = InferenceStep.upload(manager, weight, shape);
            NDArray b = InferenceStep.upload(manager, bias == null ? new float[(int) shape[0]] : bias, shape[0]);
            return packer.conv(w, b, padding.get(0), padding.get(1), groups, relu);
        }

        /** w·γ/√(σ²+ε) per filter, (b−μ)·γ/√(σ²+ε)+β: no batch-norm pass over the feature map. */
        @Override
        public InferenceStep absorb(InferenceStep next) {
            if (!(next instanceof BatchNormStep bn)) {
                return null;
            }
            float[][] affine = bn.affine();
            int out = (int) shape[0];
            float[] b = bias == null ? new float[out] : bias;
            float[] folded = weight.clone();
            int perFilter = folded.length / out;
            float[] foldedBias = new float[out];
            for (int n = 0; n < out; n++) {
                for (int k = 0; k < perFilter; k++) {
                    folded[n * perFilter + k] *= affine[0][n];
                }
                foldedBias[n] = b[n] * affine[0][n] + affine[1][n];
            }
            return new ConvStep(folded, shape, foldedBias, padding, groups);
        }
    }
}
