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
}
