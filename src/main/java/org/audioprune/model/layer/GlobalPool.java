package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.function.Function;

/** Global pooling of a (C, H, W) map to C features; channel c becomes feature c. */
@JsonTypeName("globalPool")
public record GlobalPool(Mode mode) implements LayerSpec {

    /** How the map is reduced. */
    public enum Mode {
        /** PANNs' CNN14 head: mean over frequency (H), then max over time (W) plus mean over time. */
        @JsonProperty("panns") PANNS;

        /** The same reduction as ONNX operators (opset 17: axes as attributes). */
        String emitOnnx(OnnxEmitter onnx, String x) {
            String overFrequency = onnx.node("ReduceMean", List.of(x), new OnnxAttributes().ints("axes", 2)
                    .integer("keepdims", 0));
            String max = onnx.node("ReduceMax", List.of(overFrequency), new OnnxAttributes().ints("axes", 2)
                    .integer("keepdims", 0));
            String mean = onnx.node("ReduceMean", List.of(overFrequency), new OnnxAttributes().ints("axes", 2)
                    .integer("keepdims", 0));
            return onnx.node("Add", max, mean);
        }

        NDArray apply(NDArray x) {
            NDArray overFrequency = x.mean(new int[] {2});
            return overFrequency.max(new int[] {2}).add(overFrequency.mean(new int[] {2}));
        }
    }

    public GlobalPool {
        Layers.required(mode, "mode", "global pool");
    }

    @Override
    public GlobalPool wiredTo(FeatureShape in) {
        in.requireMap(describe());
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return FeatureShape.vector(in.channels());
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return LayerBlock.stateless(outputShape(in), (x, training) -> mode.apply(x));
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return List.of((NDManager manager, boolean channelsLast) -> mode::apply);
    }

    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return mode.emitOnnx(onnx, x);
    }
}
