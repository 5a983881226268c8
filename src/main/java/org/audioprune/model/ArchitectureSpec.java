package org.audioprune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.audio.FrontEndId;
import org.audioprune.model.layer.ChannelFlow;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.FilterLayer;
import org.audioprune.model.layer.LayerSpec;
import org.audioprune.model.layer.TensorSpec;

/**
 * A declarative description of a network that stands alone: everything needed to build it (the DJL
 * network builder), count it ({@link Complexity}), name and check its weights ({@link #parameters()}),
 * prune it ({@link #withConvWidths(Map)}, {@link #presets()}) and report it at its reference input
 * ({@link #atReferenceInput()}), whatever family it came from. Serialises to JSON with {@link #toJson()}.
 * What each layer does is its layer type's business ({@link LayerSpec}); this class only walks them.
 *
 * <p>Layout: NCHW, H = mel bands, W = frames. The layers are checked against the shapes flowing
 * through the network (a conv's input channels, a dense layer's input features), so an
 * inconsistent spec cannot exist.
 *
 * @param name           a label: the family it was built as ({@code dcase21}, {@code cnn14}, ...)
 * @param frontEnd       the front end producing the input
 * @param input          input shape of one clip (channels, mel bands, frames)
 * @param referenceInput the input complexity and latency are reported at (the family's 10 s clip), so
 *                       that figures compare with the published ones whatever clip length training used;
 *                       the weights fit both inputs
 * @param numClasses     outputs of the last layer (logits)
 * @param multiLabel     true: independent sigmoids (audio tagging); false: softmax (one class per clip)
 * @param layers         the layers in order; the last one outputs the logits
 * @param presets        named pruning plans of the publications for this network: preset → conv layer → ratio
 */
public record ArchitectureSpec(String name, FrontEndId frontEnd, InputShape input, InputShape referenceInput,
                               int numClasses, boolean multiLabel, List<LayerSpec> layers,
                               Map<String, Map<String, Double>> presets) {

    /** Shape of one input clip. */
    public record InputShape(int channels, int nMels, int frames) {
        public InputShape {
            if (channels < 1 || nMels < 1 || frames < 1) {
                throw new IllegalArgumentException("input shape must be positive, got (" + channels + ", "
                        + nMels + ", " + frames + ")");
            }
        }

        @Override
        public String toString() {
            return channels + "x" + nMels + "x" + frames;
        }

        /** As the (C, H, W) map the first layer receives. */
        public FeatureShape features() {
            return FeatureShape.map(channels, nMels, frames);
        }
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    public ArchitectureSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("architecture name is missing");
        }
        if (frontEnd == null || input == null || referenceInput == null || layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("architecture " + name + " needs a front end, input shapes and layers");
        }
        layers = List.copyOf(layers);
        Set<String> names = new HashSet<>();
        for (LayerSpec top : layers) {
            for (LayerSpec l : top.members()) {
                if (l.name() != null && !names.add(l.name())) {
                    throw new IllegalArgumentException("architecture " + name + ": duplicate layer name " + l.name());
                }
            }
        }
        Propagation flow = propagate(name, input, layers);
        List<LayerSpec> wired = flow.wired;
        for (int i = 0; i < layers.size(); i++) {
            if (!wired.get(i).equals(layers.get(i))) {
                throw new IllegalArgumentException("architecture " + name + ": layer " + i + " ("
                        + layers.get(i).describe() + ") does not match the shape it receives; expected "
                        + wired.get(i).describe());
            }
        }
        List<FeatureShape> shapes = flow.shapes;
        if (!shapes.get(shapes.size() - 1).equals(FeatureShape.vector(numClasses))) {
            throw new IllegalArgumentException("architecture " + name + ": the last layer must output " + numClasses
                    + " logits (numClasses), got " + shapes.get(shapes.size() - 1));
        }
        if (!parameters(propagate(name, referenceInput, layers).wired).equals(parameters(layers))) {
            throw new IllegalArgumentException("architecture " + name + ": the weights for input " + input
                    + " do not fit the reference input " + referenceInput);
        }
        presets = checkedPresets(name, layers, presets == null ? Map.of() : presets);
    }

    /** A builder for {@code name}; its layers' input sizes are wired from the shapes they receive. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Named parts of an {@link ArchitectureSpec}. */
    public static final class Builder {
        private final String name;
        private FrontEndId frontEnd;
        private InputShape input;
        private InputShape referenceInput;
        private int numClasses;
        private boolean multiLabel;
        private final List<LayerSpec> layers = new ArrayList<>();
        private final Map<String, Map<String, Double>> presets = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder frontEnd(FrontEndId id) {
            this.frontEnd = id;
            return this;
        }

        /** A 1-channel input of {@code nMels} × {@code frames}. */
        public Builder input(int nMels, int frames) {
            this.input = new InputShape(1, nMels, frames);
            return this;
        }

        /** The input complexity and latency are reported at (default: the input). */
        public Builder referenceInput(int nMels, int frames) {
            this.referenceInput = new InputShape(1, nMels, frames);
            return this;
        }

        /** {@code n} classes: softmax over them, or independent sigmoids if {@code multiLabel}. */
        public Builder classes(int n, boolean multi) {
            this.numClasses = n;
            this.multiLabel = multi;
            return this;
        }

        public Builder layer(LayerSpec l) {
            layers.add(l);
            return this;
        }

        /** A named pruning plan: conv layer → ratio. */
        public Builder preset(String preset, Map<String, Double> ratios) {
            presets.put(preset, ratios);
            return this;
        }

        public ArchitectureSpec build() {
            Objects.requireNonNull(input, "input");
            return new ArchitectureSpec(name, frontEnd, input, referenceInput == null ? input : referenceInput,
                    numClasses, multiLabel, propagate(name, input, layers).wired, presets);
        }
    }

    /** Names of the prunable conv layers ({@link FilterLayer}s) in order (C1, C2, ...). */
    public List<String> convLayerNames() {
        return filterLayers().stream().map(FilterLayer::name).toList();
    }

    private List<FilterLayer> filterLayers() {
        return filterLayers(layers);
    }

    private static List<FilterLayer> filterLayers(List<LayerSpec> layers) {
        List<FilterLayer> out = new ArrayList<>();
        for (LayerSpec top : layers) {
            for (LayerSpec l : top.members()) {
                l.asFilterLayer().ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * The groups of coupled channels (docs/models.md, "Channel groups"), derived from the layers
     * alone, in network order: one per conv of a plain chain; a residual addition ties the outputs
     * that meet there (and the input of an identity shortcut) into one group.
     */
    public List<ChannelGroup> channelGroups() {
        return channelGroups(layers);
    }

    private static List<ChannelGroup> channelGroups(List<LayerSpec> layers) {
        ChannelFlow flow = new ChannelFlow();
        int set = flow.input();
        for (LayerSpec l : layers) {
            set = l.couple(set, flow);
        }
        return flow.groups();
    }

    /** Names of the prunable channel groups in order: what plans and presets name. */
    public List<String> groupNames() {
        return channelGroups().stream().map(ChannelGroup::name).toList();
    }

    /**
     * The channel group called {@code groupName}; a one-line error naming the group a member belongs
     * to (plans name groups by their first producer) or the known groups otherwise.
     */
    public ChannelGroup group(String groupName) {
        List<ChannelGroup> groups = channelGroups();
        for (ChannelGroup g : groups) {
            if (g.name().equals(groupName)) {
                return g;
            }
        }
        for (ChannelGroup g : groups) {
            if (g.producers().contains(groupName)) {
                throw new AudioPruneException("conv layer " + groupName + " is in channel group " + g.name() + " ("
                        + String.join(", ", g.producers()) + "): a plan names the group, " + g.name());
            }
        }
        conv(groupName);
        throw new AudioPruneException("conv layer " + groupName + " of " + name + " cannot be pruned: its channels"
                + " are tied to the network's input or output");
    }

    /** The prunable conv layer called {@code layerName}; a one-line error naming the known layers otherwise. */
    public FilterLayer conv(String layerName) {
        for (FilterLayer f : filterLayers()) {
            if (f.name().equals(layerName)) {
                return f;
            }
        }
        throw new AudioPruneException("unknown conv layer '" + layerName + "' in " + name + " (layers: "
                + String.join(", ", convLayerNames()) + ")");
    }

    /** The layer called {@code layerName}, of type {@code type}. */
    public <T extends LayerSpec> T layer(String layerName, Class<T> type) {
        for (LayerSpec l : layers) {
            if (layerName.equals(l.name()) && type.isInstance(l)) {
                return type.cast(l);
            }
        }
        throw new AudioPruneException("no " + type.getSimpleName() + " layer '" + layerName + "' in " + name);
    }

    /**
     * A spec whose conv layers have the given output widths (layers not in the map keep theirs);
     * whatever reads their channels (the next conv's inputs, the first dense layer's inputs) follows.
     */
    public ArchitectureSpec withConvWidths(Map<String, Integer> widths) {
        Set<String> pending = new HashSet<>(widths.keySet());
        for (FilterLayer f : filterLayers()) {
            if (widths.containsKey(f.name()) && widths.get(f.name()) < 1) {
                throw new AudioPruneException("conv layer " + f.name() + " needs at least 1 filter, got "
                        + widths.get(f.name()));
            }
            pending.remove(f.name());
        }
        if (!pending.isEmpty()) {
            conv(pending.iterator().next());
        }
        List<LayerSpec> changed = layers.stream().map(l -> l.withFilterWidths(widths)).toList();
        try {
            return new ArchitectureSpec(name, frontEnd, input, referenceInput, numClasses, multiLabel,
                    propagate(name, input, changed).wired, presets);
        } catch (IllegalArgumentException e) {
            throw new AudioPruneException("architecture " + name + ": " + e.getMessage());
        }
    }

    /**
     * A spec with {@code replacement} in place of the layer of the same name, and whatever follows
     * rewired to its output (e.g. a dense layer with other units: the next dense layer's inputs follow).
     */
    public ArchitectureSpec withLayer(LayerSpec replacement) {
        List<LayerSpec> changed = new ArrayList<>(layers);
        int i = 0;
        while (i < changed.size() && (changed.get(i).name() == null || !changed.get(i).name().equals(replacement.name()))) {
            i++;
        }
        if (i == changed.size()) {
            throw new AudioPruneException("no layer '" + replacement.name() + "' in " + name);
        }
        changed.set(i, replacement);
        try {
            return new ArchitectureSpec(name, frontEnd, input, referenceInput, numClasses, multiLabel,
                    propagate(name, input, changed).wired, presets);
        } catch (IllegalArgumentException e) {
            throw new AudioPruneException("architecture " + name + ": " + e.getMessage());
        }
    }

    /** Output conv widths by layer name, in order. */
    public Map<String, Integer> convWidths() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (FilterLayer f : filterLayers()) {
            out.put(f.name(), f.outChannels());
        }
        return out;
    }

    /**
     * The same network for another input (layers rewired; the reference input stays).
     *
     * @throws AudioPruneException if the layers cannot take it or their weights would change
     */
    public ArchitectureSpec withInput(InputShape newInput) {
        try {
            return new ArchitectureSpec(name, frontEnd, newInput, referenceInput, numClasses, multiLabel,
                    propagate(name, newInput, layers).wired, presets);
        } catch (IllegalArgumentException e) {
            throw new AudioPruneException("architecture " + name + " at input " + newInput + ": " + e.getMessage());
        }
    }

    /** The network at its reference input: what complexity and latency are reported for. */
    public ArchitectureSpec atReferenceInput() {
        return withInput(referenceInput);
    }

    /** Input shape of every layer, same order as {@link #layers()}. */
    public List<FeatureShape> inputShapes() {
        List<FeatureShape> out = new ArrayList<>(layers.size());
        out.add(input.features());
        out.addAll(outputShapes().subList(0, layers.size() - 1));
        return out;
    }

    /** Output shape of every layer, same order as {@link #layers()}: (C, H, W) maps or (F) vectors. */
    public List<FeatureShape> outputShapes() {
        return propagate(name, input, layers).shapes;
    }

    /** Every parameter tensor, layer by layer in each layer's order (the checkpoint's order). */
    public List<TensorSpec> parameters() {
        return parameters(layers);
    }

    private static List<TensorSpec> parameters(List<LayerSpec> layers) {
        List<TensorSpec> out = new ArrayList<>();
        for (LayerSpec l : layers) {
            out.addAll(l.parameters());
        }
        return out;
    }

    /** True if the network normalises its input per mel band itself (PANNs' bn0), so none is fitted outside. */
    public boolean normalisesItsInput() {
        return layers.stream().anyMatch(LayerSpec::normalisesInput);
    }

    /**
     * True if {@code other} runs the same network: same front end, input, classes and labels, and
     * layer by layer the same layers once resolved at their inputs (an adaptive pool equals the fixed
     * pool it amounts to). Reference input and presets are not compared.
     */
    boolean runsLike(ArchitectureSpec other) {
        return frontEnd == other.frontEnd && input.equals(other.input) && numClasses == other.numClasses
                && multiLabel == other.multiLabel && resolvedLayers().equals(other.resolvedLayers());
    }

    private List<LayerSpec> resolvedLayers() {
        List<FeatureShape> in = inputShapes();
        List<LayerSpec> out = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            out.add(layers.get(i).resolvedAt(in.get(i)));
        }
        return out;
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

    /** Presets name channel groups of this network with ratios 0 ≤ p < 1; copied in order. */
    private static Map<String, Map<String, Double>> checkedPresets(String name, List<LayerSpec> layers,
                                                                    Map<String, Map<String, Double>> presets) {
        Set<String> convs = new HashSet<>();
        if (!presets.isEmpty()) {
            channelGroups(layers).forEach(g -> convs.add(g.name()));
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        presets.forEach((preset, ratios) -> {
            if (preset == null || preset.isBlank() || ratios == null || ratios.isEmpty()) {
                throw new IllegalArgumentException("architecture " + name + ": preset '" + preset
                        + "' needs a name and at least one layer");
            }
            ratios.forEach((layer, ratio) -> {
                if (!convs.contains(layer)) {
                    throw new IllegalArgumentException("architecture " + name + ": preset " + preset
                            + " names unknown channel group '" + layer + "'");
                }
                if (ratio == null || !(ratio >= 0 && ratio < 1)) {
                    throw new IllegalArgumentException("architecture " + name + ": preset " + preset + " ratio "
                            + ratio + " for " + layer + " is out of range (expected 0 <= p < 1)");
                }
            });
            out.put(preset, Collections.unmodifiableMap(new LinkedHashMap<>(ratios)));
        });
        return Collections.unmodifiableMap(out);
    }

    private record Propagation(List<LayerSpec> wired, List<FeatureShape> shapes) {
    }

    /** Walks the shapes through the layers; returns the layers wired to the shapes they receive. */
    private static Propagation propagate(String name, InputShape input, List<LayerSpec> layers) {
        List<LayerSpec> wired = new ArrayList<>(layers.size());
        List<FeatureShape> shapes = new ArrayList<>(layers.size());
        FeatureShape s = input.features();
        for (LayerSpec l : layers) {
            LayerSpec w = Objects.requireNonNull(l, "architecture " + name + ": null layer").wiredTo(s);
            s = w.outputShape(s);
            wired.add(w);
            shapes.add(s);
        }
        return new Propagation(wired, shapes);
    }
}
