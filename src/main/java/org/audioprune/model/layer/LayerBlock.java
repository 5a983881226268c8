package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * The DJL training and evaluation form of one layer ({@link LayerSpec#block}): a block from the
 * layer's input array (batch, C, H, W) or (batch, F) to its output array, whose parameters carry
 * the layer's checkpoint tensor names.
 */
public abstract class LayerBlock extends AbstractBlock {
    private final FeatureShape output;

    protected LayerBlock(FeatureShape output) {
        this.output = output;
    }

    /** The forward of a layer without parameters. */
    @FunctionalInterface
    public interface Forward {
        NDArray apply(NDArray x, boolean training);
    }

    /** A block without parameters running {@code forward}. */
    public static LayerBlock stateless(FeatureShape output, Forward forward) {
        return new LayerBlock(output) {
            @Override
            protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                    PairList<String, Object> params) {
                return new NDList(forward.apply(inputs.singletonOrThrow(), training));
            }
        };
    }

    /**
     * The DJL parameters (trainable and batch-norm running statistics) under the names and in the
     * order of the layer's {@link LayerSpec#parameters()}.
     */
    public Map<String, Parameter> namedParameters() {
        return Map.of();
    }

    /** Runs the block on one array. */
    public final NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(output.withBatch(inputs[0].get(0)))};
    }
}
