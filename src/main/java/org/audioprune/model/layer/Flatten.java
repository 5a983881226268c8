package org.audioprune.model.layer;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.function.Function;

/**
 * Flattens (C, H, W) to C·H·W features in NCHW order: feature c·H·W + h·W + w. Surgery therefore
 * keeps features c·H·W … c·H·W + H·W − 1 of every surviving channel c (a channels-last mapping
 * would be the Keras reference code's pitfall).
 */
@JsonTypeName("flatten")
public record Flatten() implements LayerSpec {

    @Override
    public Flatten wiredTo(FeatureShape in) {
        in.requireMap(describe());
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return FeatureShape.vector(in.size());
    }

    @Override
    public int[] liveOutputs(FeatureShape in, int[] liveIn, int[] kept) {
        if (liveIn == null) {
            return null;
        }
        int hw = in.height() * in.width();
        int[] f = new int[liveIn.length * hw];
        for (int k = 0; k < liveIn.length; k++) {
            for (int j = 0; j < hw; j++) {
                f[k * hw + j] = liveIn[k] * hw + j;
            }
        }
        return f;
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return LayerBlock.stateless(outputShape(in), (x, training) -> x.reshape(x.getShape().get(0), -1));
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        // reshape follows the logical NCHW order whatever the memory order, as flatten must
        return List.of((NDManager manager, boolean channelsLast) -> x -> x.reshape(x.getShape().get(0), -1));
    }

    /** ONNX's Flatten at axis 1 keeps the batch and flattens (C, H, W) in NCHW order, as here. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return onnx.node("Flatten", List.of(x), new OnnxAttributes().integer("axis", 1));
    }
}
