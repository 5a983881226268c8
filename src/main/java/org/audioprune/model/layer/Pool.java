package org.audioprune.model.layer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.function.Function;

/** Max or average pooling with stride = kernel and no padding: output ⌊input / kernel⌋ per axis. */
@JsonTypeName("pool")
public record Pool(PoolKind kind, int kernelH, int kernelW) implements LayerSpec {
    public Pool {
        Layers.required(kind, "kind", "pool");
        Layers.requirePositive("pool kernel", kernelH, kernelW);
    }

    @Override
    public Pool wiredTo(FeatureShape in) {
        outputShape(in.requireMap(describe()));
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in.mapOf(in.channels(), in.height() / kernelH, in.width() / kernelW, describe());
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        Shape window = new Shape(kernelH, kernelW);
        return LayerBlock.stateless(outputShape(in), (x, training) -> kind.pool(x, window));
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return List.of(new PoolStep(kind, new Shape(kernelH, kernelW)));
    }

    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return kind.emitOnnx(onnx, x, kernelH, kernelW);
    }

    /** Inference: the pooling; max-pooling commutes with ReLU. */
    private record PoolStep(PoolKind kind, Shape window) implements InferenceStep {
        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            return x -> kind.pool(x, window);
        }

        @Override
        public boolean commutesWithMonotone() {
            return kind == PoolKind.MAX;
        }
    }
}
