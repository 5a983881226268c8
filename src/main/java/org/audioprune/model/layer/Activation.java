package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a layer ends with: ReLU, ReLU6 (min(max(x, 0), 6): PANNs' MobileNetV2) or {@code linear},
 * nothing (the classifier's logits).
 */
public enum Activation {
    @JsonProperty("relu") RELU,
    @JsonProperty("relu6") RELU6,
    @JsonProperty("linear") LINEAR;

    /** The activation in the training block. */
    NDArray apply(NDArray x) {
        return switch (this) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case RELU6 -> ai.djl.nn.Activation.relu6(x);
            case LINEAR -> x;
        };
    }

    /** The activation as ONNX, applied to {@code x} (linear: {@code x} itself); exhaustive, so a new activation must say its form. */
    String emitOnnx(OnnxEmitter onnx, String x) {
        return switch (this) {
            case RELU -> onnx.node("Relu", x);
            // Clip takes its bounds as inputs (opset 11+); named after x, which is unique
            case RELU6 -> onnx.node("Clip", x, onnx.weight(x + ".relu6_min", new float[] {0f}),
                    onnx.weight(x + ".relu6_max", new float[] {6f}));
            case LINEAR -> x;
        };
    }

    /** The activation's inference steps (none for linear). */
    List<InferenceStep> steps() {
        return switch (this) {
            case RELU -> List.of(InferenceStep.RELU);
            case RELU6 -> List.of(RELU6_STEP);
            case LINEAR -> List.of();
        };
    }

    /** ReLU6 at inference: elementwise and non-decreasing, so it may move behind a max-pool like ReLU. */
    private static final InferenceStep RELU6_STEP = new InferenceStep() {
        @Override
        public Op compile(NDManager manager, boolean channelsLast) {
            return x -> x.clip(0f, 6f);
        }

        @Override
        public boolean monotone() {
            return true;
        }
    };
}
