package org.audioprune.train;

import java.util.Map;
import org.audioprune.model.Tensor;

/** Explains why a network with finite weights computes NaN or infinite outputs. */
final class NonFinite {
    /** Beyond this, products and sums of activations overflow float32 within a few layers. */
    private static final double HUGE = 1e18;

    private NonFinite() {
    }

    /** The likely cause among {@code weights}: a negative batch-norm variance, or the largest weight if huge. */
    static String cause(Map<String, Tensor> weights) {
        String largest = null;
        double max = 0;
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            float[] v = e.getValue().data();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    return "tensor " + e.getKey() + " is " + v[i] + " at flat index " + i;
                }
                if (e.getKey().endsWith("running_var") && v[i] < 0) {
                    return "batch-norm variance " + e.getKey() + " is negative (" + v[i] + ") at index " + i;
                }
                if (Math.abs(v[i]) > max) {
                    max = Math.abs(v[i]);
                    largest = e.getKey() + " at flat index " + i;
                }
            }
        }
        return max > HUGE ? "the weights overflow float32 (the largest, " + max + ", is " + largest + ")"
                : "the weights are finite and moderate; the input features may be extreme";
    }
}
