package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.LayerBlock;
import org.audioprune.model.layer.LayerSpec;

/**
 * The DJL block of an {@link ArchitectureSpec}: each layer's own block ({@link LayerSpec#block}) in
 * order, on input (batch, 1, nMels, frames), giving logits (batch, classes). Widths come from the
 * spec, so pruned specs build like unpruned ones. Build it with {@link NetworkBuilder#build}.
 */
public final class AudioNetwork extends AbstractBlock {
    private final ArchitectureSpec spec;
    private final List<LayerBlock> blocks = new ArrayList<>();
    private final List<FeatureShape> inputs;
    /** Per layer: is its output a filter layer's, captured for the active criteria. */
    private final boolean[] filterOutput;

    AudioNetwork(ArchitectureSpec spec) {
        this.spec = spec;
        this.inputs = spec.inputShapes();
        List<LayerSpec> layers = spec.layers();
        this.filterOutput = new boolean[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String child = layer.name() != null ? layer.name() : layer.type() + i;
            blocks.add(addChildBlock(child, layer.block(inputs.get(i))));
            filterOutput[i] = layer.asFilterLayer().isPresent();
        }
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    /** Every parameter (trainable and BatchNorm running statistics) under its checkpoint name, spec order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (LayerBlock b : blocks) {
            out.putAll(b.namedParameters());
        }
        return out;
    }

    /**
     * Runs the network. If {@code captures} is non-null, the output of every filter (conv) layer
     * after its BatchNorm and activation (batch, channels, h, w) is appended, in layer order; the
     * captured arrays belong to the input's manager.
     */
    public NDArray forward(ParameterStore ps, NDArray input, boolean training, List<NDArray> captures) {
        NDArray x = input;
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(ps, x, training);
            if (captures != null && filterOutput[i]) {
                captures.add(x);
            }
        }
        return x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), spec.numClasses())};
    }

    /** Each layer's block for its input shape, in layer order (the order parameters draw from the RNG). */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).initialize(manager, dataType, new Shape(inputs.get(i).withBatch(batch)));
        }
    }
}
