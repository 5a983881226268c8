package org.audioprune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.audio.FrontEnds;

/**
 * A declarative, engine-free description of a network: everything needed to build it (the DJL
 * block builder), count it ({@link Complexity}), name its weights ({@link #parameters()}) and
 * prune it ({@link #withConvWidths(Map)}). Serialises to JSON with {@link #toJson()}.
 *
 * <p>Layout: NCHW, H = mel bands, W = frames. Input channels and dense input features are
 * checked against the shapes flowing through the network, so an inconsistent spec cannot exist.
 *
 * @param name       architecture family: {@code dcase21}, {@code cnn14}, {@code cnn10}, {@code cnn6}
 * @param frontEnd   name of the front end producing the input ({@link FrontEnds#names()})
 * @param input      input tensor shape of one clip (channels, mel bands, frames)
 * @param numClasses number of outputs of the last (classifier) dense layer
 * @param multiLabel true: independent sigmoids (audio tagging); false: softmax (one class per clip)
 * @param layers     the layers in order; the last one is the classifier (linear, outputs logits)
 */
public record ArchitectureSpec(String name, String frontEnd, InputShape input, int numClasses,
                               boolean multiLabel, List<LayerSpec> layers) {

    /** Shape of one input clip. */
    public record InputShape(int channels, int nMels, int frames) {
        public InputShape {
            if (channels < 1 || nMels < 1 || frames < 1) {
                throw new IllegalArgumentException("input shape must be positive, got (" + channels + ", "
                        + nMels + ", " + frames + ")");
            }
        }
    }

    /**
     * One named weight tensor of the network.
     *
     * @param trainable false for batch-norm running statistics
     */
    public record Parameter(String name, long[] shape, boolean trainable) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Parameter p && name.equals(p.name) && Arrays.equals(shape, p.shape)
                    && trainable == p.trainable;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    public ArchitectureSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("architecture name is missing");
        }
        if (!FrontEnds.names().contains(frontEnd)) {
            throw new IllegalArgumentException("unknown front end '" + frontEnd + "' (known: "
                    + String.join(", ", FrontEnds.names()) + ")");
        }
        if (input == null || layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("architecture " + name + " needs an input shape and layers");
        }
        layers = List.copyOf(layers);
        if (!(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last) || last.outFeatures() != numClasses) {
            throw new IllegalArgumentException("architecture " + name + ": the last layer must be a dense layer with "
                    + numClasses + " outputs (numClasses)");
        }
        Set<String> names = new HashSet<>();
        for (LayerSpec l : layers) {
            String n = layerName(l);
            if (n != null && !names.add(n)) {
                throw new IllegalArgumentException("architecture " + name + ": duplicate layer name " + n);
            }
        }
        List<LayerSpec> wired = propagate(input, layers).wired;
        for (int i = 0; i < layers.size(); i++) {
            if (!wired.get(i).equals(layers.get(i))) {
                throw new IllegalArgumentException("architecture " + name + ": layer " + i + " (" + describe(layers.get(i))
                        + ") does not match the shape it receives; expected " + describe(wired.get(i)));
            }
        }
    }

    /** Names of the prunable conv layers in order (C1, C2, ...). */
    public List<String> convLayerNames() {
        List<String> out = new ArrayList<>();
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv c) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** The conv layer called {@code layerName}; a one-line error naming the known layers otherwise. */
    public LayerSpec.Conv conv(String layerName) {
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv c && c.name().equals(layerName)) {
                return c;
            }
        }
        throw new AudioPruneException("unknown conv layer '" + layerName + "' in " + name + " (layers: "
                + String.join(", ", convLayerNames()) + ")");
    }

    /** The classifier: the last dense layer. */
    public LayerSpec.Dense classifier() {
        return (LayerSpec.Dense) layers.get(layers.size() - 1);
    }

    /**
     * A spec whose conv layers have the given output widths (layers not in the map keep theirs);
     * the next conv's input channels and the first dense layer's inputs follow.
     */
    public ArchitectureSpec withConvWidths(Map<String, Integer> widths) {
        List<LayerSpec> changed = new ArrayList<>(layers);
        Set<String> pending = new HashSet<>(widths.keySet());
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof LayerSpec.Conv c && widths.containsKey(c.name())) {
                int w = widths.get(c.name());
                if (w < 1) {
                    throw new AudioPruneException("conv layer " + c.name() + " needs at least 1 filter, got " + w);
                }
                changed.set(i, c.withChannels(c.inChannels(), w));
                pending.remove(c.name());
            }
        }
        if (!pending.isEmpty()) {
            conv(pending.iterator().next());
        }
        return new ArchitectureSpec(name, frontEnd, input, numClasses, multiLabel, propagate(input, changed).wired);
    }

    /** Output conv widths by layer name, in order. */
    public Map<String, Integer> convWidths() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv c) {
                out.put(c.name(), c.outChannels());
            }
        }
        return out;
    }

    /**
     * Output shape of every layer, same order as {@link #layers()}: (C, H, W) for feature maps,
     * (F) for vectors.
     */
    public List<int[]> outputShapes() {
        return propagate(input, layers).shapes;
    }

    /**
     * Every weight tensor in a fixed order, named by the convention: conv {@code C1.weight}
     * (out, in, kH, kW), {@code C1.bias} (out), {@code C1.bn.gamma|beta|running_mean|running_var}
     * (out); mel batch norm {@code bn0.gamma|beta|running_mean|running_var} (mel bands); dense
     * {@code fc1.weight} (out, in), {@code fc1.bias} (out).
     */
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Conv c) {
                out.add(new Parameter(c.name() + ".weight",
                        new long[] {c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()}, true));
                if (c.bias()) {
                    out.add(new Parameter(c.name() + ".bias", new long[] {c.outChannels()}, true));
                }
                if (c.batchNorm()) {
                    addBatchNorm(out, c.name() + ".bn", c.outChannels());
                }
            } else if (l instanceof LayerSpec.MelBatchNorm b) {
                addBatchNorm(out, b.name(), b.features());
            } else if (l instanceof LayerSpec.Dense d) {
                out.add(new Parameter(d.name() + ".weight", new long[] {d.outFeatures(), d.inFeatures()}, true));
                out.add(new Parameter(d.name() + ".bias", new long[] {d.outFeatures()}, true));
            }
        }
        return out;
    }

    private static void addBatchNorm(List<Parameter> out, String prefix, int n) {
        out.add(new Parameter(prefix + ".gamma", new long[] {n}, true));
        out.add(new Parameter(prefix + ".beta", new long[] {n}, true));
        out.add(new Parameter(prefix + ".running_mean", new long[] {n}, false));
        out.add(new Parameter(prefix + ".running_var", new long[] {n}, false));
    }

    /** The spec as indented JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise spec " + name, e);
        }
    }

    /** Parses a spec; any problem is a one-line {@link AudioPruneException} starting with {@code source}. */
    public static ArchitectureSpec fromJson(String json, String source) {
        try {
            return Json.nonNull(ArchitectureSpec.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw new AudioPruneException(source + ": invalid architecture spec: " + rootMessage(e));
        }
    }

    /** The shared strict JSON mapper of the model package (checkpoint metadata uses it too). */
    static ObjectMapper json() {
        return JSON;
    }

    /** The innermost cause's message without Jackson's location suffix, on one line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.replace('\n', ' ').replace('\r', ' ');
    }

    private static String layerName(LayerSpec l) {
        if (l instanceof LayerSpec.Conv c) {
            return c.name();
        }
        if (l instanceof LayerSpec.Dense d) {
            return d.name();
        }
        if (l instanceof LayerSpec.MelBatchNorm b) {
            return b.name();
        }
        return null;
    }

    private static String describe(LayerSpec l) {
        if (l instanceof LayerSpec.Conv c) {
            return "conv " + c.name() + " " + c.inChannels() + "->" + c.outChannels();
        }
        if (l instanceof LayerSpec.Dense d) {
            return "dense " + d.name() + " " + d.inFeatures() + "->" + d.outFeatures();
        }
        if (l instanceof LayerSpec.MelBatchNorm b) {
            return b.name() + " over " + b.features() + " mel bands";
        }
        return l.type();
    }

    private record Propagation(List<LayerSpec> wired, List<int[]> shapes) {
    }

    /** Walks the shapes through the layers; returns the layers with inputs set from the actual shapes. */
    private static Propagation propagate(InputShape input, List<LayerSpec> layers) {
        List<LayerSpec> wired = new ArrayList<>(layers.size());
        List<int[]> shapes = new ArrayList<>(layers.size());
        int[] s = {input.channels(), input.nMels(), input.frames()};
        for (LayerSpec l : layers) {
            String where = describe(l);
            LayerSpec w = l;
            if (l instanceof LayerSpec.Conv c) {
                requireMap(s, where);
                int h = s[1] + 2 * c.padH() - c.kernelH() + 1;
                int wd = s[2] + 2 * c.padW() - c.kernelW() + 1;
                requirePositive(h, wd, s, where);
                w = c.withChannels(s[0], c.outChannels());
                s = new int[] {c.outChannels(), h, wd};
            } else if (l instanceof LayerSpec.Pool p) {
                requireMap(s, where);
                int h = s[1] / p.kernelH();
                int wd = s[2] / p.kernelW();
                requirePositive(h, wd, s, where);
                s = new int[] {s[0], h, wd};
            } else if (l instanceof LayerSpec.MelBatchNorm b) {
                requireMap(s, where);
                if (s[0] != 1) {
                    throw new IllegalArgumentException(where + " needs a 1-channel input, got " + s[0]);
                }
                w = new LayerSpec.MelBatchNorm(b.name(), s[1], b.epsilon());
            } else if (l instanceof LayerSpec.Flatten) {
                requireMap(s, where);
                s = new int[] {Math.multiplyExact(Math.multiplyExact(s[0], s[1]), s[2])};
            } else if (l instanceof LayerSpec.GlobalPool) {
                requireMap(s, where);
                s = new int[] {s[0]};
            } else if (l instanceof LayerSpec.Dense d) {
                if (s.length != 1) {
                    throw new IllegalArgumentException(where + " needs a flat input; add flatten or global pooling");
                }
                w = d.withInFeatures(s[0]);
                s = new int[] {d.outFeatures()};
            }
            wired.add(w);
            shapes.add(s.clone());
        }
        return new Propagation(wired, shapes);
    }

    private static void requireMap(int[] s, String where) {
        if (s.length != 3) {
            throw new IllegalArgumentException(where + " needs a (C, H, W) feature map, got a vector");
        }
    }

    private static void requirePositive(int h, int w, int[] s, String where) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(where + ": input " + s[1] + "x" + s[2] + " is too small");
        }
    }
}
