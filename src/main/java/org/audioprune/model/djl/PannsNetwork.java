package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PANNs CNN14 / CNN10 / CNN6 (method.md §3). Input (batch, 1, nMels, frames): the mel axis is
 * the height, so pooling and the head's "mean over frequency" reduce axis 2 and "over time" axis 3.
 * bn0 normalises each mel bin (the input is transposed so the mel axis is BatchNorm's channel axis).
 */
public final class PannsNetwork extends AudioNetwork {
    /** PyTorch BatchNorm2d default, as in PANNs. */
    private static final float BN_EPSILON = 1e-5f;
    private static final float BLOCK_DROPOUT = 0.2f;
    private static final float HEAD_DROPOUT = 0.5f;

    /**
     * One conv block: its conv layers, then average pooling {@code pool}×{@code pool} (1 = none).
     *
     * @param convNames checkpoint names of the block's conv layers
     * @param widths    their filter counts
     */
    public record Stage(List<String> convNames, List<Integer> widths, int pool) {
    }

    private final BatchNorm bn0;
    private final List<List<ConvUnit>> stages = new ArrayList<>();
    private final List<Integer> pools = new ArrayList<>();
    private final List<ConvUnit> convs = new ArrayList<>();
    private final Linear fc1;
    private final Linear fcOut;
    private final String bn0Name;
    private final String fc1Name;
    private final String fcOutName;
    private final int numClasses;

    /**
     * @param kernel  square conv kernel (3 for CNN14/CNN10, 5 for CNN6), padded to keep the size
     * @param names   checkpoint names of bn0, the hidden fc and the output fc
     */
    public PannsNetwork(List<Stage> stageSpecs, int kernel, int fc1Units, int numClasses, List<String> names) {
        this.bn0Name = names.get(0);
        this.fc1Name = names.get(1);
        this.fcOutName = names.get(2);
        this.bn0 = addChildBlock(bn0Name, BatchNorm.builder().optAxis(1).optEpsilon(BN_EPSILON).build());
        for (Stage stage : stageSpecs) {
            List<ConvUnit> units = new ArrayList<>();
            for (int i = 0; i < stage.convNames().size(); i++) {
                String name = stage.convNames().get(i);
                units.add(addChildBlock(name, new ConvUnit(name, stage.widths().get(i), kernel, false, BN_EPSILON)));
            }
            stages.add(units);
            convs.addAll(units);
            pools.add(stage.pool());
        }
        this.fc1 = addChildBlock(fc1Name, Linear.builder().setUnits(fc1Units).build());
        this.fcOut = addChildBlock(fcOutName, Linear.builder().setUnits(numClasses).build());
        this.numClasses = numClasses;
    }

    @Override
    public List<ConvUnit> convUnits() {
        return List.copyOf(convs);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>(NetworkParameters.batchNorm(bn0Name, bn0));
        for (ConvUnit unit : convs) {
            out.putAll(unit.namedParameters());
        }
        out.putAll(NetworkParameters.linear(fc1Name, fc1));
        out.putAll(NetworkParameters.linear(fcOutName, fcOut));
        return out;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray input, boolean training, List<NDArray> captures) {
        NDArray x = input.transpose(0, 2, 1, 3);
        x = bn0.forward(ps, new NDList(x), training).singletonOrThrow().transpose(0, 2, 1, 3);
        for (int s = 0; s < stages.size(); s++) {
            for (ConvUnit unit : stages.get(s)) {
                x = conv(unit, ps, x, training, captures);
            }
            int pool = pools.get(s);
            if (pool > 1) {
                Shape window = new Shape(pool, pool);
                x = Pool.avgPool2d(x, window, window, new Shape(0, 0), false, true);
            }
            x = Dropout.dropout(x, BLOCK_DROPOUT, training).singletonOrThrow();
        }
        x = x.mean(new int[] {2});
        x = x.max(new int[] {2}).add(x.mean(new int[] {2}));
        x = Dropout.dropout(x, HEAD_DROPOUT, training).singletonOrThrow();
        x = Activation.relu(fc1.forward(ps, new NDList(x), training).singletonOrThrow());
        x = Dropout.dropout(x, HEAD_DROPOUT, training).singletonOrThrow();
        return fcOut.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), numClasses)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long batch = in.get(0);
        long mels = in.get(2);
        long frames = in.get(3);
        bn0.initialize(manager, dataType, new Shape(batch, mels, 1, frames));
        Shape shape = in;
        for (int s = 0; s < stages.size(); s++) {
            for (ConvUnit unit : stages.get(s)) {
                unit.initialize(manager, dataType, shape);
                shape = unit.getOutputShapes(new Shape[] {shape})[0];
            }
            int pool = pools.get(s);
            shape = new Shape(batch, shape.get(1), shape.get(2) / pool, shape.get(3) / pool);
        }
        Shape pooled = new Shape(batch, shape.get(1));
        fc1.initialize(manager, dataType, pooled);
        fcOut.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {pooled}));
    }
}
