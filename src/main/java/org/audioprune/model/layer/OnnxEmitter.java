package org.audioprune.model.layer;

import java.util.List;

/**
 * Where a layer type writes its inference form as ONNX operators ({@link LayerSpec#emitOnnx}): named
 * initializers and nodes of ONNX's default domain (opset 17). Every value is a string name; a node
 * returns its (generated, unique) output name and may read only names already defined, so the graph
 * comes out topologically sorted. Implemented by the ONNX graph writer ({@code interchange.OnnxGraph}),
 * so that the layer types need nothing from the packages above them.
 */
public interface OnnxEmitter {

    /** A float32 initializer of {@code shape} holding {@code data} (row-major); {@code name} must be unused. Returns it. */
    String weight(String name, float[] data, long... shape);

    /** A 1-D int64 initializer (Reshape shapes, axes); returns its name. */
    String ints(String name, long... values);

    /** One operator with one output; returns the output's name. */
    String node(String opType, List<String> inputs, OnnxAttributes attributes);

    /** One operator without attributes. */
    default String node(String opType, String... inputs) {
        return node(opType, List.of(inputs), new OnnxAttributes());
    }
}
