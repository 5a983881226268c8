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
import org.audioprune.model.LayerSpec;

/** One prunable convolution layer of a spec: conv (stride 1) → optional BatchNorm → activation. */
final class ConvUnit extends AbstractBlock {
    private final LayerSpec.Conv spec;
    private final Conv2d conv;
    private final BatchNorm bn;

    ConvUnit(LayerSpec.Conv spec) {
        this.spec = spec;
        this.conv = addChildBlock("conv", Conv2d.builder()
                .setKernelShape(new Shape(spec.kernelH(), spec.kernelW()))
                .optPadding(new Shape(spec.padH(), spec.padW()))
                .setFilters(spec.outChannels())
                .optBias(spec.bias())
                .build());
        this.bn = spec.batchNorm()
                ? addChildBlock("bn", BatchNorm.builder().optAxis(1).optEpsilon((float) spec.bnEpsilon()).build())
                : null;
    }

    LayerSpec.Conv spec() {
        return spec;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = conv.forward(ps, inputs, training).singletonOrThrow();
        if (bn != null) {
            y = bn.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        return new NDList("relu".equals(spec.activation()) ? Activation.relu(y) : y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return conv.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        if (bn != null) {
            bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
        }
    }

    /** This layer's parameters under their checkpoint names ({@code C1.weight}, {@code C1.bn.gamma}, ...). */
    Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put(spec.name() + ".weight", conv.getParameters().get("weight"));
        if (spec.bias()) {
            out.put(spec.name() + ".bias", conv.getParameters().get("bias"));
        }
        if (bn != null) {
            out.putAll(NetworkParameters.batchNorm(spec.name() + ".bn", bn));
        }
        return out;
    }
}
