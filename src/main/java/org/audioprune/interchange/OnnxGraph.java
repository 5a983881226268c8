package org.audioprune.interchange;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audioprune.io.AtomicFiles;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.OnnxAttributes;
import org.audioprune.model.layer.OnnxEmitter;

/**
 * Builds an ONNX model (IR version 8, default-domain opset {@value #OPSET}) from named inputs,
 * weights, nodes and outputs, and writes it as ONNX's protobuf. The protobuf classes are the ones
 * generated from {@code onnx-ml.proto} that ship in {@code org.tribuo:tribuo-util-onnx} (a
 * maintained artifact; no protoc step in this build, no hand-written wire encoding).
 *
 * <p>Usage: every value is a string name. {@link #input} declares a float input whose first
 * dimension may be symbolic ({@link Dim#symbolic}, e.g. {@code batch}); {@link #weight} and
 * {@link #ints} add initializers; {@link #node} adds one operator and returns its output name
 * (generated, or given for a graph output); {@link #output} declares a graph output. Every name
 * must be unique, and a node may read only names already defined, so the graph is topologically
 * sorted as ONNX requires.
 * <pre>{@code
 *   OnnxGraph g = new OnnxGraph("dcase21");
 *   String x = g.input("features", List.of(Dim.symbolic("batch"), Dim.of(1), Dim.of(40), Dim.of(500)));
 *   x = g.node("Conv", List.of(x, g.weight("C1.weight", w), g.weight("C1.bias", b)),
 *              OnnxGraph.attrs().ints("pads", 3, 3, 3, 3));
 *   x = g.node("maps", "Relu", List.of(x), OnnxGraph.attrs());
 *   g.output(x, List.of(Dim.symbolic("batch"), Dim.of(16), Dim.of(40), Dim.of(500)));
 *   g.write(path);
 * }</pre>
 */
public final class OnnxGraph implements OnnxEmitter {
    /** Default-domain operator set: ≥ 13 as ONNX Runtime and onnx.checker both accept. */
    public static final int OPSET = 17;
    static final int IR_VERSION = OnnxMl.Version.IR_VERSION_2021_7_30_VALUE;

    /** One dimension of a declared input or output: a size, or a symbolic name such as {@code batch}. */
    public record Dim(long size, String symbol) {
        public static Dim of(long size) {
            return new Dim(size, null);
        }

        public static Dim symbolic(String name) {
            return new Dim(-1, name);
        }
    }

    private final String name;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public OnnxGraph(String name) {
        this.name = name;
        graph.setName(name);
    }

    /** A fresh attribute list. */
    public static OnnxAttributes attrs() {
        return new OnnxAttributes();
    }

    /** Declares a float32 graph input; returns its name. */
    public String input(String inputName, List<Dim> shape) {
        claim(inputName);
        graph.addInput(valueInfo(inputName, shape));
        return inputName;
    }

    /** A float32 initializer holding {@code tensor} (row-major, its own shape); returns its name. */
    public String weight(String weightName, Tensor tensor) {
        claim(weightName);
        ByteBuffer b = ByteBuffer.allocate(tensor.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(tensor.data());
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(weightName)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(b.array()));
        for (long d : tensor.shape()) {
            t.addDims(d);
        }
        graph.addInitializer(t.build());
        return weightName;
    }

    @Override
    public String weight(String weightName, float[] data, long... shape) {
        return weight(weightName, new Tensor(shape, data));
    }

    /** A float64 initializer of {@code shape} (row-major); returns its name. */
    public String doubles(String constName, double[] data, long... shape) {
        claim(constName);
        ByteBuffer b = ByteBuffer.allocate(data.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(constName)
                .setDataType(OnnxMl.TensorProto.DataType.DOUBLE_VALUE).setRawData(ByteString.copyFrom(b.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t.build());
        return constName;
    }

    /** A scalar (rank-0) int64 initializer (STFT's frame step and length); returns its name. */
    public String scalar(String constName, long value) {
        claim(constName);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder().setName(constName)
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addInt64Data(value).build());
        return constName;
    }

    /** A 1-D int64 initializer (shapes for Reshape, axes); returns its name. */
    @Override
    public String ints(String constName, long... values) {
        claim(constName);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(constName)
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t.build());
        return constName;
    }

    /** Adds one operator of the default domain with one output; returns the output's generated name. */
    @Override
    public String node(String opType, List<String> inputs, OnnxAttributes attributes) {
        return add(opType, inputs, attributes, null);
    }

    /** Adds one operator whose output is called {@code outputName} (for graph outputs); returns that name. */
    public String node(String outputName, String opType, List<String> inputs, OnnxAttributes attributes) {
        return add(opType, inputs, attributes, outputName);
    }

    private String add(String opType, List<String> inputs, OnnxAttributes attributes, String outputName) {
        for (String in : inputs) {
            if (!names.contains(in)) {
                throw new IllegalArgumentException(opType + " reads '" + in + "', which no input, weight or node defines");
            }
        }
        String nodeName = opType + "_" + counters.merge(opType, 1, Integer::sum);
        String out = outputName == null ? nodeName : outputName;
        claim(out);
        graph.addNode(OnnxMl.NodeProto.newBuilder().setName(nodeName).setOpType(opType).addAllInput(inputs)
                .addOutput(out).addAllAttribute(protos(attributes)).build());
        return out;
    }

    /** Declares the value {@code value} (an input or a node output) as a float32 graph output. */
    public void output(String value, List<Dim> shape) {
        if (!names.contains(value)) {
            throw new IllegalArgumentException("graph output '" + value + "' is not defined in " + name);
        }
        graph.addOutput(valueInfo(value, shape));
    }

    /** A metadata entry of the model ({@code metadata_props}: class names, what the input is); the last value of a key wins. */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /** The model as protobuf. */
    public OnnxMl.ModelProto model() {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder().setIrVersion(IR_VERSION)
                .setProducerName("audioprune").setGraph(graph.build()).setDocString(name)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    public byte[] toBytes() {
        return model().toByteArray();
    }

    /** Writes the model atomically. */
    public void write(Path file) {
        byte[] bytes = toBytes();
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private void claim(String value) {
        if (value == null || value.isEmpty() || !names.add(value)) {
            throw new IllegalArgumentException("ONNX value name '" + value + "' is empty or already used in " + name);
        }
    }

    private static List<OnnxMl.AttributeProto> protos(OnnxAttributes attributes) {
        List<OnnxMl.AttributeProto> out = new ArrayList<>();
        for (OnnxAttributes.Attribute a : attributes.list()) {
            OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(a.name());
            if (a instanceof OnnxAttributes.Ints i) {
                b.setType(OnnxMl.AttributeProto.AttributeType.INTS);
                for (long v : i.values()) {
                    b.addInts(v);
                }
            } else if (a instanceof OnnxAttributes.Int i) {
                b.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(i.value());
            } else if (a instanceof OnnxAttributes.Real r) {
                b.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(r.value());
            } else if (a instanceof OnnxAttributes.Text t) {
                b.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(t.value()));
            }
            out.add(b.build());
        }
        return out;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String valueName, List<Dim> shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (Dim d : shape) {
            s.addDim(d.symbol() != null ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(d.symbol())
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d.size()));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(valueName).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(s))).build();
    }
}
