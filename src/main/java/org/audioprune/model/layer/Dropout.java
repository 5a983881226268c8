package org.audioprune.model.layer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.function.Function;

/** Dropout with drop probability {@code rate} in training; the identity at inference (no steps). */
@JsonTypeName("dropout")
public record Dropout(double rate) implements LayerSpec {
    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
    }

    @Override
    public Dropout wiredTo(FeatureShape in) {
        return this;
    }

    @Override
    public FeatureShape outputShape(FeatureShape in) {
        return in;
    }

    /** The mask a training step draws: it depends only on its shape and the rate. */
    @Override
    public void replayRandomDraws(NDManager manager, FeatureShape in, long batch) {
        if (rate > 0) {
            ai.djl.nn.norm.Dropout.dropout(manager.zeros(new Shape(in.withBatch(batch))), (float) rate, true);
        }
    }

    @Override
    public LayerBlock block(FeatureShape in) {
        float p = (float) rate;
        return LayerBlock.stateless(in, (x, training) -> training && rate > 0
                ? ai.djl.nn.norm.Dropout.dropout(x, p, true).singletonOrThrow() : x);
    }

    /** The identity at inference. */
    @Override
    public String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        return x;
    }
}
