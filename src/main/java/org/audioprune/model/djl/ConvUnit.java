package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/** One pruneable convolution layer: conv (square kernel, 'same' padding) → BatchNorm → ReLU. */
public final class ConvUnit extends AbstractBlock {
    private final String name;
    private final int outChannels;
    private final Conv2d conv;
    private final BatchNorm bn;

    /**
     * @param name        checkpoint name of the layer (e.g. {@code C1})
     * @param outChannels number of filters
     * @param kernel      square kernel size (odd), padded to keep the spatial size
     * @param bias        whether the convolution has a bias (DCASE21 yes, PANNs no)
     * @param bnEpsilon   BatchNorm epsilon (Keras 1e-3, PyTorch 1e-5)
     */
    public ConvUnit(String name, int outChannels, int kernel, boolean bias, float bnEpsilon) {
        this.name = name;
        this.outChannels = outChannels;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(outChannels)
                .optBias(bias)
                .build());
        this.bn = addChildBlock("bn", BatchNorm.builder().optAxis(1).optEpsilon(bnEpsilon).build());
    }

    public String name() {
        return name;
    }

    public int outChannels() {
        return outChannels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = conv.forward(ps, inputs, training).singletonOrThrow();
        y = bn.forward(ps, new NDList(y), training).singletonOrThrow();
        return new NDList(Activation.relu(y));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return conv.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
    }

    /** This layer's parameters under their checkpoint names ({@code C1.weight}, {@code C1.bn.gamma}, ...). */
    Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(name + ".weight", conv.getParameters().get("weight"));
        if (conv.getParameters().contains("bias")) {
            out.put(name + ".bias", conv.getParameters().get("bias"));
        }
        out.putAll(NetworkParameters.batchNorm(name + ".bn", bn));
        return out;
    }
}
