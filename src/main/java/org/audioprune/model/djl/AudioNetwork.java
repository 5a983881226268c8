package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.Map;

/**
 * A classification CNN over one log-mel patch, input (batch, 1, nMels, frames), output logits
 * (batch, classes). Its convolution layers are {@link ConvUnit}s so that their feature maps can be
 * captured and their parameters addressed by checkpoint name.
 */
public abstract class AudioNetwork extends AbstractBlock {

    /** The convolution layers in forward order (C1, C2, ...). */
    public abstract List<ConvUnit> convUnits();

    /** Every parameter (trainable and BatchNorm running statistics) under its checkpoint name. */
    public abstract Map<String, Parameter> namedParameters();

    /**
     * Runs the network; if {@code captures} is non-null, appends each conv layer's post-BN-ReLU
     * feature map (batch, channels, h, w) in layer order. Captured arrays belong to the input's manager.
     */
    public abstract NDArray forward(ParameterStore ps, NDArray input, boolean training, List<NDArray> captures);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training, null));
    }

    /** Runs one conv unit and records its output when capturing. */
    protected static NDArray conv(ConvUnit unit, ParameterStore ps, NDArray x, boolean training,
            List<NDArray> captures) {
        NDArray y = unit.forward(ps, new NDList(x), training).singletonOrThrow();
        if (captures != null) {
            captures.add(y);
        }
        return y;
    }
}
