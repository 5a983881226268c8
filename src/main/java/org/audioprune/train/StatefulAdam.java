package org.audioprune.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.audioprune.model.Tensor;

/**
 * Adam exactly as DJL 0.36's {@code Adam} computes it (β₁ 0.9, β₂ 0.999, ε 1e-8, a fixed learning
 * rate; the same bias-corrected rate and the same native {@code adamUpdate} call with the same
 * arguments), but with its state in our hands: DJL keeps the moments and step counts in private
 * fields, and resuming a run needs to save and restore them. Same inputs, same bits as DJL's Adam.
 */
final class StatefulAdam extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();
    /** DJL's {@code numUpdate}: the largest per-parameter count so far, the t of the bias correction. */
    private int steps;

    StatefulAdam(float learningRate) {
        super(Optimizer.adam()); // DJL's defaults: no rescaling, no clipping, no weight decay
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = count(parameterId);
        double coef1 = 1.0 - Math.pow(BETA1, t);
        double coef2 = 1.0 - Math.pow(BETA2, t);
        float biasCorrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        NDList inputs = new NDList(weight, grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), learningRate, biasCorrected,
                getWeightDecay(), rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
    }

    /** DJL's {@code Optimizer.updateCount}. */
    private int count(String parameterId) {
        int c = counts.merge(parameterId, 1, Integer::sum);
        steps = Math.max(steps, c);
        return steps;
    }

    /** Update steps taken so far. */
    int steps() {
        return steps;
    }

    /** The first and second moments of the parameter {@code id} (null before its first update). */
    Tensor[] moments(String id) {
        Map<Device, NDArray> m = means.get(id);
        if (m == null) {
            return null;
        }
        NDArray mean = m.values().iterator().next();
        NDArray variance = variances.get(id).values().iterator().next();
        long[] shape = mean.getShape().getShape();
        return new Tensor[] {new Tensor(shape, mean.toFloatArray()), new Tensor(shape, variance.toFloatArray())};
    }

    /** Restores a state saved after {@code steps} updates of every parameter in {@code moments}. */
    void restore(int savedSteps, Map<String, Tensor[]> moments, NDManager manager, Device device) {
        steps = savedSteps;
        moments.forEach((id, mv) -> {
            counts.put(id, savedSteps);
            means.put(id, new ConcurrentHashMap<>(Map.of(device, array(manager, mv[0]))));
            variances.put(id, new ConcurrentHashMap<>(Map.of(device, array(manager, mv[1]))));
        });
    }

    private static NDArray array(NDManager manager, Tensor t) {
        return manager.create(t.data(), new Shape(t.shape()));
    }
}
