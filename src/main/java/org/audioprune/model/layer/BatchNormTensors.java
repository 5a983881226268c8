package org.audioprune.model.layer;

import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tensors of a batch norm over {@code n} channels or bands, named {@code P.gamma}, {@code P.beta},
 * {@code P.running_mean}, {@code P.running_var} (γ and β trainable, the running statistics not),
 * and their DJL counterparts: the one place that knows this naming.
 */
final class BatchNormTensors {
    private BatchNormTensors() {
    }

    /** The four tensors of shape (n); {@code axis} 0 if they follow the output channels, else NONE. */
    static List<TensorSpec> specs(String prefix, int n, int axis) {
        long[] shape = {n};
        return List.of(new TensorSpec(prefix + ".gamma", shape, TensorSpec.Role.SCALE, axis, TensorSpec.NONE),
                new TensorSpec(prefix + ".beta", shape, TensorSpec.Role.SHIFT, axis, TensorSpec.NONE),
                new TensorSpec(prefix + ".running_mean", shape, TensorSpec.Role.RUNNING_MEAN, axis, TensorSpec.NONE),
                new TensorSpec(prefix + ".running_var", shape, TensorSpec.Role.RUNNING_VAR, axis, TensorSpec.NONE));
    }

    /** DJL keeps the running statistics as (non-trainable) parameters of BatchNorm. */
    static Map<String, Parameter> parameters(String prefix, BatchNorm bn) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(prefix + ".gamma", bn.getParameters().get("gamma"));
        out.put(prefix + ".beta", bn.getParameters().get("beta"));
        out.put(prefix + ".running_mean", bn.getParameters().get("runningMean"));
        out.put(prefix + ".running_var", bn.getParameters().get("runningVar"));
        return out;
    }

    /** The batch norm {@code prefix} over the channels (axis 1) of {@code x} as ONNX's BatchNormalization (inference mode). */
    static String emitOnnx(OnnxEmitter onnx, String prefix, double eps, int n, String x, Function<String, float[]> weights) {
        List<String> inputs = List.of(x, onnx.weight(prefix + ".gamma", weights.apply(prefix + ".gamma"), n),
                onnx.weight(prefix + ".beta", weights.apply(prefix + ".beta"), n),
                onnx.weight(prefix + ".running_mean", weights.apply(prefix + ".running_mean"), n),
                onnx.weight(prefix + ".running_var", weights.apply(prefix + ".running_var"), n));
        return onnx.node("BatchNormalization", inputs, new OnnxAttributes().real("epsilon", (float) eps));
    }

    /** The inference step of the batch norm {@code prefix} with the given weights. */
    static BatchNormStep step(String prefix, double eps, Function<String, float[]> weights) {
        return new BatchNormStep(weights.apply(prefix + ".running_mean"), weights.apply(prefix + ".running_var"),
                weights.apply(prefix + ".gamma"), weights.apply(prefix + ".beta"), eps);
    }
}
