package org.audioprune.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.function.Function;

/**
 * Pooling whose window follows the input size: window = stride = ⌊in / target⌋ per axis (at least
 * 1), no padding, so the output is ⌊in / window⌋ — the target whenever it divides the input. The
 * DCASE21 baseline's last pool, (4, 100) on its 8 × 100 map, is target (2, 1): clips of any length
 * flatten to the same 64 features.
 */
@JsonTypeName("adaptivePool")
public record AdaptivePool(PoolKind kind, int targetH, int targetW) implements LayerSpec {
    public AdaptivePool {
        Layers.required(kind, "kind", "adaptive pool");
        Layers.requirePositive("adaptive pool target", targetH, targetW);
    }

    @Override
    public String describe() {
        return "adaptive pool to " + targetH + "x" + targetW;
    }

    /** The fixed pool it is at input {@code in}. */
    @Override
    public Pool resolvedAt(FeatureShape in) {
        in.requireMap(describe());
        if (in.height() < targetH || in.width() < targetW) {
            throw new IllegalArgumentException(describe() + ": input " + in.height() + "x" + in.width() + " is too small");
        }
        return new Pool(kind, in.height() / targetH, in.width() / targetW);
    }

    @Override
    public AdaptivePool wiredTo(FeatureShape in) {
        resolvedAt(in);
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return resolvedAt(in).outputShape(in);
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        return resolvedAt(in).block(in);
    }

    @Override
    public List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return resolvedAt(in).inferenceSteps(in, weights);
    }

    /** The fixed pool it is at this input: the export's input length is fixed, only the batch is dynamic. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return resolvedAt(in).emitOnnx(onnx, in, x, weights);
    }
}
