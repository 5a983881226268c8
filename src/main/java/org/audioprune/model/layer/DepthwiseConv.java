package org.audioprune.model.layer;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Depthwise 2-D convolution (PyTorch {@code groups = channels}), stride 1, no bias, optionally
 * followed by batch norm, then the activation. Output channel i is input channel i filtered by its
 * own kernel, so it owns no channels: it follows its producer's channels, and surgery shrinks its
 * kernels, batch norm and groups with them. Tensors {@code NAME.weight} (C, 1, kH, kW) and
 * {@code NAME.bn.gamma|beta|running_mean|running_var} (C), all indexed by the channels along axis 0.
 *
 * @param channels  C, set from the input
 * @param bnEpsilon batch-norm epsilon; ignored without batch norm
 */
@JsonTypeName("depthwiseConv")
public record DepthwiseConv(String name, int channels, int kernelH, int kernelW, int padH, int padW,
                            boolean batchNorm, double bnEpsilon, Activation activation) implements LayerSpec {
    public DepthwiseConv {
        Layers.requireName(name);
        Layers.required(activation, "activation", "depthwise conv " + name);
        if (channels < 1 || kernelH < 1 || kernelW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("depthwise conv " + name + ": channels and kernel must be positive,"
                    + " padding non-negative");
        }
        if (batchNorm && !(bnEpsilon > 0)) {
            throw new IllegalArgumentException("depthwise conv " + name + ": batch-norm epsilon must be positive");
        }
    }

    /** A k×k depthwise conv with pad (k−1)/2, batch norm ε and the activation; channels set when the spec is built. */
    public static DepthwiseConv of(String name, int kernel, double bnEpsilon, Activation activation) {
        return new DepthwiseConv(name, 1, kernel, kernel, (kernel - 1) / 2, (kernel - 1) / 2, true, bnEpsilon,
                activation);
    }

    @Override
    public String describe() {
        return "depthwise conv " + name + " " + channels;
    }

    @Override
    public DepthwiseConv wiredTo(FeatureShape in) {
        outputShape(in.requireMap(describe()));
        return new DepthwiseConv(name, in.channels(), kernelH, kernelW, padH, padW, batchNorm, bnEpsilon, activation);
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in.mapOf(in.channels(), in.height() + 2 * padH - kernelH + 1, in.width() + 2 * padW - kernelW + 1,
                describe());
    }

    /** Every tensor follows the channels along axis 0 (the output axis: output channel i is input channel i). */
    @Override
    public List<TensorSpec> parameters() {
        List<TensorSpec> out = new ArrayList<>();
        out.add(new TensorSpec(name + ".weight", new long[] {channels, 1, kernelH, kernelW}, TensorSpec.Role.WEIGHT, 0,
                TensorSpec.NONE));
        if (batchNorm) {
            out.addAll(BatchNormTensors.specs(name + ".bn", channels, 0));
        }
        return out;
    }

    /** C · kH · kW · H_out · W_out: one input channel per output channel. */
    @Override
    public long macs(FeatureShape in) {
        FeatureShape out = outputShape(in);
        return (long) channels * kernelH * kernelW * out.height() * out.width();
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return new Conv.Unit(name, outputShape(in), channels, channels, new Shape(kernelH, kernelW),
                new Shape(padH, padW), false, batchNorm ? bnEpsilon : 0, activation);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return Conv.steps(name, new long[] {channels, 1, kernelH, kernelW}, channels, new Shape(padH, padW), false,
                batchNorm ? bnEpsilon : 0, activation, weights);
    }

    /** ONNX Conv with group = C (then BatchNormalization and the activation), as {@link Conv}. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return Conv.emitOnnx(onnx, name, new long[] {channels, 1, kernelH, kernelW}, channels, padH, padW, false,
                batchNorm ? bnEpsilon : 0, activation, x, weights);
    }
}
