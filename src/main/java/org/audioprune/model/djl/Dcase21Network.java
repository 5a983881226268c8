package org.audioprune.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DCASE 2021 Task 1A baseline (method.md §3): three 7×7 'same' conv + BN + ReLU layers,
 * max-pool 5×5 after C2, max-pool (4, frames/5) after C3, dropout 0.3, flatten in NCHW order,
 * dense + ReLU, dropout, dense to the classes.
 */
public final class Dcase21Network extends AudioNetwork {
    /** Keras BatchNormalization default, as in the organisers' baseline. */
    private static final float BN_EPSILON = 1e-3f;
    private static final int KERNEL = 7;
    private static final int FIRST_POOL = 5;
    private static final int SECOND_POOL_MELS = 4;

    private final ConvUnit c1;
    private final ConvUnit c2;
    private final ConvUnit c3;
    private final Linear hidden;
    private final Linear output;
    private final String hiddenName;
    private final String outputName;
    private final float dropout;
    private final Shape secondPool;
    private final int numClasses;

    /**
     * @param widths     filters of C1, C2, C3 (16, 16, 32 unpruned)
     * @param hiddenUnits width of the hidden dense layer (100)
     * @param names      checkpoint names of the three conv layers then the two dense layers
     */
    public Dcase21Network(int[] widths, int hiddenUnits, int numClasses, int nMels, int frames,
            float dropout, List<String> names) {
        if (nMels % (FIRST_POOL * SECOND_POOL_MELS) != 0 || frames % FIRST_POOL != 0) {
            throw new IllegalArgumentException("dcase21 needs nMels divisible by 20 and frames by 5, got "
                    + nMels + "x" + frames);
        }
        this.c1 = addChildBlock(names.get(0), new ConvUnit(names.get(0), widths[0], KERNEL, true, BN_EPSILON));
        this.c2 = addChildBlock(names.get(1), new ConvUnit(names.get(1), widths[1], KERNEL, true, BN_EPSILON));
        this.c3 = addChildBlock(names.get(2), new ConvUnit(names.get(2), widths[2], KERNEL, true, BN_EPSILON));
        this.hiddenName = names.get(3);
        this.outputName = names.get(4);
        this.hidden = addChildBlock(hiddenName, Linear.builder().setUnits(hiddenUnits).build());
        this.output = addChildBlock(outputName, Linear.builder().setUnits(numClasses).build());
        this.dropout = dropout;
        this.numClasses = numClasses;
        this.secondPool = new Shape(SECOND_POOL_MELS, frames / FIRST_POOL);
    }

    @Override
    public List<ConvUnit> convUnits() {
        return List.of(c1, c2, c3);
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (ConvUnit unit : convUnits()) {
            out.putAll(unit.namedParameters());
        }
        out.putAll(NetworkParameters.linear(hiddenName, hidden));
        out.putAll(NetworkParameters.linear(outputName, output));
        return out;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray input, boolean training, List<NDArray> captures) {
        NDArray x = conv(c1, ps, input, training, captures);
        x = conv(c2, ps, x, training, captures);
        Shape first = new Shape(FIRST_POOL, FIRST_POOL);
        x = Pool.maxPool2d(x, first, first, new Shape(0, 0), false);
        x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        x = conv(c3, ps, x, training, captures);
        x = Pool.maxPool2d(x, secondPool, secondPool, new Shape(0, 0), false);
        x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        x = x.reshape(x.getShape().get(0), -1);
        x = Activation.relu(hidden.forward(ps, new NDList(x), training).singletonOrThrow());
        x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        return output.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), numClasses)};
    }

    private long flattenSize(Shape input) {
        return (long) c3.outChannels() * (input.get(2) / FIRST_POOL / SECOND_POOL_MELS);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        long batch = in.get(0);
        c1.initialize(manager, dataType, in);
        c2.initialize(manager, dataType, c1.getOutputShapes(new Shape[] {in}));
        long mels = in.get(2) / FIRST_POOL;
        long frames = in.get(3) / FIRST_POOL;
        c3.initialize(manager, dataType, new Shape(batch, c2.outChannels(), mels, frames));
        Shape flat = new Shape(batch, flattenSize(in));
        hidden.initialize(manager, dataType, flat);
        output.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {flat}));
    }
}
