package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What a conv or dense layer ends with; {@code linear} means nothing (the classifier's logits). */
public enum Activation {
    @JsonProperty("relu") RELU,
    @JsonProperty("linear") LINEAR;

    /** The activation in the training block. */
    NDArray apply(NDArray x) {
        return this == RELU ? ai.djl.nn.Activation.relu(x) : x;
    }

    /** The activation as ONNX, applied to {@code x} (linear: {@code x} itself); exhaustive, so a new activation must say its form. */
    String emitOnnx(OnnxEmitter onnx, String x) {
        return switch (this) {
            case RELU -> onnx.node("Relu", x);
            case LINEAR -> x;
        };
    }

    /** The activation's inference steps (none for linear). */
    List<InferenceStep> steps() {
        return this == RELU ? List.of(InferenceStep.RELU) : List.of();
    }
}
