package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fully connected layer with bias, then the activation: tensors {@code NAME.weight} (out, in) and
 * {@code NAME.bias} (out), as in PyTorch. Its units are its own but never pruned (the classifier
 * and the head stay whole); surgery slices its inputs.
 */
@JsonTypeName("dense")
public record Dense(String name, int inFeatures, int outFeatures, Activation activation) implements LayerSpec {
    public Dense {
        Layers.requireName(name);
        Layers.required(activation, "activation", "dense " + name);
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("dense " + name + ": features must be positive");
        }
    }

    /** A dense layer whose input features are set from the shape it receives when the spec is built. */
    public static Dense of(String name, int outFeatures, Activation activation) {
        return new Dense(name, 1, outFeatures, activation);
    }

    public Dense withInFeatures(int in) {
        return new Dense(name, in, outFeatures, activation);
    }

    @Override
    public String describe() {
        return "dense " + name + " " + inFeatures + "->" + outFeatures;
    }

    @Override
    public Dense wiredTo(FeatureShape in) {
        in.requireVector(describe());
        return withInFeatures(in.channels());
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return FeatureShape.vector(outFeatures);
    }

    @Override
    public List<TensorSpec> parameters() {
        List<TensorSpec> out = new ArrayList<>();
        out.add(new TensorSpec(name + ".weight", new long[] {outFeatures, inFeatures}, TensorSpec.Role.WEIGHT, 0, 1));
        out.add(new TensorSpec(name + ".bias", new long[] {outFeatures}, TensorSpec.Role.BIAS, 0, TensorSpec.NONE));
        return out;
    }

    @Override
    public long macs(FeatureShape in) {
        return (long) inFeatures * outFeatures;
    }

    @Override
    public boolean ownsChannels() {
        return true;
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return new Block(this);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        List<InferenceStep> steps = new ArrayList<>();
        float[] w = weights.apply(name + ".weight");
        float[] b = weights.apply(name + ".bias");
        steps.add((NDManager manager, boolean channelsLast) -> {
            NDArray weight = InferenceStep.upload(manager, w, outFeatures, inFeatures);
            NDArray bias = InferenceStep.upload(manager, b, outFeatures);
            return x -> Linear.linear(x, weight, bias).singletonOrThrow();
        });
        steps.addAll(activation.steps());
        return steps;
    }

    /** Gemm with the (out, in) weight transposed, then the activation. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        String y = onnx.node("Gemm", List.of(x, onnx.weight(name + ".weight", weights.apply(name + ".weight"),
                outFeatures, inFeatures), onnx.weight(name + ".bias", weights.apply(name + ".bias"), outFeatures)),
                new OnnxAttributes().integer("transB", 1));
        return activation.emitOnnx(onnx, y);
    }

    /** Training block: DJL Linear, then the activation. */
    private static final class Block extends LayerBlock {
        private final Dense spec;
        private final Linear linear;

        Block(Dense spec) {
            super(FeatureShape.vector(spec.outFeatures));
            this.spec = spec;
            this.linear = addChildBlock("linear", Linear.builder().setUnits(spec.outFeatures).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return new NDList(spec.activation.apply(linear.forward(ps, inputs, training).singletonOrThrow()));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            linear.initialize(manager, dataType, inputShapes);
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            Map<String, Parameter> out = new LinkedHashMap<>();
            out.put(spec.name + ".weight", linear.getParameters().get("weight"));
            out.put(spec.name + ".bias", linear.getParameters().get("bias"));
            return out;
        }
    }
}
