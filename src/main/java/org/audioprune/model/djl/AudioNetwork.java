package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.LayerSpec;

/**
 * The DJL block of an {@link ArchitectureSpec}: its layers run in order on input
 * (batch, 1, nMels, frames), giving logits (batch, classes). Widths come from the spec, so pruned
 * specs build like unpruned ones. Build it with {@link NetworkBuilder#build}.
 */
public final class AudioNetwork extends AbstractBlock {
    private static final Shape NO_PADDING = new Shape(0, 0);

    private final ArchitectureSpec spec;
    /** Per spec layer, its parameterised block (conv unit, mel BatchNorm, Linear) or null. */
    private final List<Block> blocks = new ArrayList<>();

    AudioNetwork(ArchitectureSpec spec) {
        this.spec = spec;
        for (LayerSpec layer : spec.layers()) {
            Block block = null;
            if (layer instanceof LayerSpec.Conv c) {
                block = addChildBlock(c.name(), new ConvUnit(c));
            } else if (layer instanceof LayerSpec.MelBatchNorm b) {
                block = addChildBlock(b.name(), BatchNorm.builder().optAxis(1).optEpsilon((float) b.epsilon()).build());
            } else if (layer instanceof LayerSpec.Dense d) {
                block = addChildBlock(d.name(), Linear.builder().setUnits(d.outFeatures()).build());
            }
            blocks.add(block);
        }
    }

    public ArchitectureSpec spec() {
        return spec;
    }

    /** Every parameter (trainable and BatchNorm running statistics) under its checkpoint name, spec order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Conv) {
                out.putAll(((ConvUnit) blocks.get(i)).namedParameters());
            } else if (layer instanceof LayerSpec.MelBatchNorm b) {
                out.putAll(NetworkParameters.batchNorm(b.name(), (BatchNorm) blocks.get(i)));
            } else if (layer instanceof LayerSpec.Dense d) {
                out.putAll(NetworkParameters.linear(d.name(), (Linear) blocks.get(i)));
            }
        }
        return out;
    }

    /**
     * Runs the network. If {@code captures} is non-null, each conv layer's output after its
     * BatchNorm and activation (batch, channels, h, w) is appended, in layer order; the captured
     * arrays belong to the input's manager.
     */
    public NDArray forward(ParameterStore ps, NDArray input, boolean training, List<NDArray> captures) {
        NDArray x = input;
        for (int i = 0; i < blocks.size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            Block block = blocks.get(i);
            if (layer instanceof LayerSpec.Conv) {
                x = block.forward(ps, new NDList(x), training).singletonOrThrow();
                if (captures != null) {
                    captures.add(x);
                }
            } else if (layer instanceof LayerSpec.Pool p) {
                Shape window = new Shape(p.kernelH(), p.kernelW());
                x = "max".equals(p.kind())
                        ? Pool.maxPool2d(x, window, window, NO_PADDING, false)
                        : Pool.avgPool2d(x, window, window, NO_PADDING, false, true);
            } else if (layer instanceof LayerSpec.Dropout d) {
                if (training && d.rate() > 0) {
                    x = Dropout.dropout(x, (float) d.rate(), true).singletonOrThrow();
                }
            } else if (layer instanceof LayerSpec.Flatten) {
                x = x.reshape(x.getShape().get(0), -1);
            } else if (layer instanceof LayerSpec.MelBatchNorm) {
                // (B, 1, mels, T) → (B, mels, 1, T): the mel axis becomes BatchNorm's channel axis.
                x = block.forward(ps, new NDList(x.transpose(0, 2, 1, 3)), training).singletonOrThrow()
                        .transpose(0, 2, 1, 3);
            } else if (layer instanceof LayerSpec.GlobalPool) {
                NDArray overFrequency = x.mean(new int[] {2});
                x = overFrequency.max(new int[] {2}).add(overFrequency.mean(new int[] {2}));
            } else if (layer instanceof LayerSpec.Dense d) {
                x = block.forward(ps, new NDList(x), training).singletonOrThrow();
                if ("relu".equals(d.activation())) {
                    x = Activation.relu(x);
                }
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
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), spec.numClasses())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        ArchitectureSpec.InputShape in = spec.input();
        int[] shape = {in.channels(), in.nMels(), in.frames()};
        List<int[]> outputs = spec.outputShapes();
        for (int i = 0; i < blocks.size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            Block block = blocks.get(i);
            if (layer instanceof LayerSpec.MelBatchNorm) {
                block.initialize(manager, dataType, new Shape(batch, shape[1], shape[0], shape[2]));
            } else if (block != null) {
                long[] dims = new long[shape.length + 1];
                dims[0] = batch;
                for (int k = 0; k < shape.length; k++) {
                    dims[k + 1] = shape[k];
                }
                block.initialize(manager, dataType, new Shape(dims));
            }
            shape = outputs.get(i);
        }
    }
}
