package org.audioprune.model.layer;

import java.util.Arrays;

/**
 * One named parameter tensor of a layer, as stored in checkpoints (row-major float32), and how it
 * follows the channels around it: surgery slices {@code outputAxis} with the layer's surviving
 * output channels and {@code inputAxis} with its surviving input channels (or features).
 *
 * @param name       checkpoint name, {@code C1.weight}, {@code C1.bn.running_var}, {@code fc1.bias}
 * @param shape      dimensions, outermost first
 * @param role       what the values are (running statistics are not trainable)
 * @param outputAxis axis indexed by the layer's output channels, or {@link #NONE}
 * @param inputAxis  axis indexed by the layer's input channels or features, or {@link #NONE}
 */
public record TensorSpec(String name, long[] shape, Role role, int outputAxis, int inputAxis) {
    /** No axis follows the channels (e.g. PANNs' bn0, indexed by mel band). */
    public static final int NONE = -1;

    /** What a tensor holds. */
    public enum Role {
        WEIGHT, BIAS,
        /** Batch-norm γ. */
        SCALE,
        /** Batch-norm β. */
        SHIFT,
        RUNNING_MEAN, RUNNING_VAR;

        /** Running statistics are estimated, not learnt. */
        public boolean trainable() {
            return this != RUNNING_MEAN && this != RUNNING_VAR;
        }

        /** γ, β and the running statistics: counted apart from weights and biases. */
        public boolean batchNorm() {
            return this != WEIGHT && this != BIAS;
        }
    }

    public TensorSpec {
        shape = shape.clone();
        if (outputAxis >= shape.length || inputAxis >= shape.length || outputAxis < NONE || inputAxis < NONE) {
            throw new IllegalArgumentException(name + ": channel axes outside shape " + Arrays.toString(shape));
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public boolean trainable() {
        return role.trainable();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && Arrays.equals(shape, t.shape) && role == t.role
                && outputAxis == t.outputAxis && inputAxis == t.inputAxis;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
