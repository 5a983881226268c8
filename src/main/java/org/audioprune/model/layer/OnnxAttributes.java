package org.audioprune.model.layer;

import java.util.ArrayList;
import java.util.List;

/** The attributes of one ONNX operator, in the order given: ONNX's INTS, INT, FLOAT and STRING kinds. */
public final class OnnxAttributes {

    /** One attribute. */
    public sealed interface Attribute permits Ints, Int, Real, Text {
        String name();
    }

    public record Ints(String name, long[] values) implements Attribute {
    }

    public record Int(String name, long value) implements Attribute {
    }

    public record Real(String name, float value) implements Attribute {
    }

    public record Text(String name, String value) implements Attribute {
    }

    private final List<Attribute> list = new ArrayList<>();

    public OnnxAttributes ints(String name, long... values) {
        list.add(new Ints(name, values.clone()));
        return this;
    }

    public OnnxAttributes integer(String name, long value) {
        list.add(new Int(name, value));
        return this;
    }

    public OnnxAttributes real(String name, float value) {
        list.add(new Real(name, value));
        return this;
    }

    public OnnxAttributes text(String name, String value) {
        list.add(new Text(name, value));
        return this;
    }

    /** The attributes in the order given. */
    public List<Attribute> list() {
        return List.copyOf(list);
    }
}
