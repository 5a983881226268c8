package org.audioprune.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.function.Function;

/**
 * An activation on its own, where something sits between a conv and its activation (PANNs'
 * MobileNets pool between them: conv → avg-pool → BN → ReLU). Output channel i is input channel i.
 */
@JsonTypeName("activation")
public record ActivationLayer(Activation function) implements LayerSpec {
    public ActivationLayer {
        Layers.required(function, "function", "activation");
    }

    @Override
    public String describe() {
        return "activation " + function.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public ActivationLayer wiredTo(FeatureShape in) {
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in;
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return LayerBlock.stateless(in, (x, training) -> function.apply(x));
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return function.steps();
    }

    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return function.emitOnnx(onnx, x);
    }
}
