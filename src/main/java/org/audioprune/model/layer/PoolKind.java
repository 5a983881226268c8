package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Max or average pooling. */
public enum PoolKind {
    @JsonProperty("max") MAX,
    @JsonProperty("avg") AVG;

    private static final Shape NO_PADDING = new Shape(0, 0);

    /** Pooling with stride = window and no padding as ONNX (ONNX's defaults: no padding, floor, pads not counted). */
    String emitOnnx(OnnxEmitter onnx, String x, int kernelH, int kernelW) {
        return onnx.node(this == MAX ? "MaxPool" : "AveragePool", List.of(x), new OnnxAttributes()
                .ints("kernel_shape", kernelH, kernelW).ints("strides", kernelH, kernelW));
    }

    /** Pooling with stride = window and no padding (average over the window's own cells). */
    NDArray pool(NDArray x, Shape window) {
        return this == MAX ? Pool.maxPool2d(x, window, window, NO_PADDING, false)
                : Pool.avgPool2d(x, window, window, NO_PADDING, false, true);
    }
}
