package org.audioprune.model.layer;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One layer type of an {@code ArchitectureSpec}, and the one place that knows its behaviour: how
 * it fits its input and what it outputs, its parameter tensors (names, shapes, and which axis
 * follows which channels), its MACs, how surviving channels pass through it (surgery), its DJL
 * training block, its exact inference form and that form as ONNX operators. Everything else —
 * wiring, counting, checkpoint validation, surgery, the network builder, the inference optimiser
 * and the ONNX export — is a generic loop over these methods.
 *
 * <p>Layer types are records, so that specs serialise to JSON as data; {@code "type"} names the
 * layer type ({@link JsonTypeName} on the record). Tensor layout: NCHW, H = mel bands, W = frames.
 * A new layer type is one file implementing this interface plus its line in {@link JsonSubTypes}
 * below (docs/architecture.md).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(Conv.class),
    @JsonSubTypes.Type(Pool.class),
    @JsonSubTypes.Type(AdaptivePool.class),
    @JsonSubTypes.Type(Dropout.class),
    @JsonSubTypes.Type(Flatten.class),
    @JsonSubTypes.Type(MelBatchNorm.class),
    @JsonSubTypes.Type(GlobalPool.class),
    @JsonSubTypes.Type(Dense.class),
    @JsonSubTypes.Type(DepthwiseConv.class),
    @JsonSubTypes.Type(ActivationLayer.class),
    @JsonSubTypes.Type(Residual.class)})
public interface LayerSpec {

    /** The JSON type name of this layer. */
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** The name of a layer with parameters (its tensors' prefix: {@code C1}, {@code bn0}, {@code fc1}), else null. */
    default String name() {
        return null;
    }

    /** One line for error messages, e.g. {@code conv C1 1->16}. */
    default String describe() {
        return type();
    }

    /**
     * This layer fitted to an input of shape {@code in}: the fields that follow the input (a conv's
     * input channels, a dense layer's input features, the mel bands of a mel batch norm) set from it.
     *
     * @throws IllegalArgumentException naming the layer if it cannot take such an input
     */
    LayerSpec wiredTo(FeatureShape in);

    /** The output shape for an input of shape {@code in} (the layer is wired to it). */
    FeatureShape outputShape(FeatureShape in);

    /**
     * The layer as it runs on an input of shape {@code in}, with everything that depends on the
     * input resolved (an adaptive pool becomes a pool with a fixed window); usually the layer itself.
     */
    default LayerSpec resolvedAt(FeatureShape in) {
        return this;
    }

    /** Its parameter tensors in checkpoint order (none for parameter-free layers). */
    default List<TensorSpec> parameters() {
        return List.of();
    }

    /** Multiply-accumulates for one clip of input shape {@code in} (docs/models.md: bias, BN, activations, pooling cost none). */
    default long macs(FeatureShape in) {
        return 0;
    }

    /**
     * True if the output channels are the layer's own (a conv's filters, a dense layer's units); false
     * if output channel i is input channel i (pooling, dropout, batch norm, global pooling — and, for
     * a flat output, the features that came from channel i). This is what couples channels across layers.
     */
    default boolean ownsChannels() {
        return false;
    }

    /**
     * Surgery: the indices of this layer's output channels (or features) that survive, ascending,
     * given the surviving input channels {@code liveIn} and, for a layer that owns its channels, the
     * ones it keeps {@code kept}; null means all of them.
     */
    default int[] liveOutputs(FeatureShape in, int[] liveIn, int[] kept) {
        return ownsChannels() ? kept : liveIn;
    }

    /**
     * Surgery on this layer: its surviving outputs ({@link #liveOutputs}) and, for each of its
     * tensors, the surviving input channels along its {@link TensorSpec#inputAxis()} and the
     * surviving outputs along its {@link TensorSpec#outputAxis()}. {@code keptFilters} gives a filter
     * layer's kept filters by layer name (null: all). A layer holding other layers (a residual block)
     * overrides this to cut its members along its branches.
     */
    default ChannelCut cut(FeatureShape in, int[] liveIn, Function<String, int[]> keptFilters) {
        int[] out = liveOutputs(in, liveIn, asFilterLayer().map(f -> keptFilters.apply(f.name())).orElse(null));
        Map<String, int[][]> kept = new LinkedHashMap<>();
        for (TensorSpec t : parameters()) {
            int[][] axes = new int[t.shape().length][];
            if (t.inputAxis() != TensorSpec.NONE) {
                axes[t.inputAxis()] = liveIn;
            }
            if (t.outputAxis() != TensorSpec.NONE) {
                axes[t.outputAxis()] = out;
            }
            kept.put(t.name(), axes);
        }
        return new ChannelCut(out, kept);
    }

    /** True if the layer normalises the input per mel band itself (PANNs' bn0): no outside normalisation then. */
    default boolean normalisesInput() {
        return false;
    }

    /** This layer as a {@link FilterLayer} (its output channels are filters a pruning plan may remove), or empty. */
    default Optional<FilterLayer> asFilterLayer() {
        return Optional.empty();
    }

    /**
     * The layers this one consists of, in order: itself, or for a layer holding others (a residual
     * block) every member, recursively. Filter layers and names are looked up among these.
     */
    default List<LayerSpec> members() {
        return List.of(this);
    }

    /** This layer with the filter layers among its {@link #members()} named in {@code widths} set to those widths. */
    default LayerSpec withFilterWidths(Map<String, Integer> widths) {
        return asFilterLayer().filter(f -> widths.containsKey(f.name()))
                .<LayerSpec>map(f -> f.withOutChannels(widths.get(f.name()))).orElse(this);
    }

    /**
     * Channel coupling (docs/models.md, "Channel groups"): given the channel set {@code in} that
     * reaches this layer, records in {@code flow} how the layer uses it and returns the set its output
     * carries. A filter layer reads {@code in} and produces a new set; a dense layer reads it and
     * outputs fixed features; a layer whose output channel i is input channel i passes the set on,
     * as a member of it if it has tensors indexed by the channels (depthwise conv); a residual block
     * ties its two branches' outputs together.
     */
    default int couple(int in, ChannelFlow flow) {
        Optional<FilterLayer> filter = asFilterLayer();
        if (filter.isPresent()) {
            flow.read(in, this);
            return flow.produce(filter.get());
        }
        if (ownsChannels()) {
            flow.read(in, this);
            return flow.fixed();
        }
        if (parameters().stream().anyMatch(t -> t.outputAxis() != TensorSpec.NONE)) {
            flow.follow(in, this);
        }
        return in;
    }

    /**
     * Draws from the engine's random generator exactly what one training step of this layer on
     * {@code batch} clips of input {@code in} draws, computing nothing else (a resumed training run
     * replays the finished epochs' draws, since libtorch's generator state cannot be restored).
     * Nothing for layers without randomness.
     */
    default void replayRandomDraws(NDManager manager, FeatureShape in, long batch) {
    }

    /** The DJL training/evaluation block for an input of shape {@code in}. */
    LayerBlock block(FeatureShape in);

    /**
     * The exact inference form for an input of shape {@code in}, before the optimiser's rewrites,
     * with the layer's tensors by name from {@code weights} (already checked against {@link #parameters()}).
     * None for layers that are the identity at inference (dropout).
     */
    default List<InferenceStep> inferenceSteps(FeatureShape in, Function<String, float[]> weights) {
        return List.of();
    }

    /**
     * Writes the inference form for an input of shape {@code in} as ONNX operators: from the value
     * {@code x}, a (batch, C, H, W) or (batch, F) float tensor with a dynamic batch, to the layer's
     * output, whose name it returns; the tensors by name from {@code weights}, as for
     * {@link #inferenceSteps}, and initializers named after them. The same function as those steps
     * (dropout: {@code x} itself). A layer type without an ONNX form refuses, naming itself.
     */
    default String emitOnnx(OnnxEmitter onnx, FeatureShape in, String x, Function<String, float[]> weights) {
        throw new IllegalArgumentException(describe() + " has no ONNX form yet");
    }
}
