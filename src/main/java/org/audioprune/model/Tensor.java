package org.audioprune.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.io.SafeTensors;

/**
 * An engine-free dense float tensor in row-major (C) order, used for weights in checkpoints,
 * criteria and surgery. Arrays are not copied: treat instances as immutable.
 *
 * @param shape dimensions, outermost first (conv weights: N filters, C inputs, kH, kW)
 * @param data  the values, {@code product(shape)} of them
 */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        long n = elementCount(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    /** A tensor of the given shape filled with zeros. */
    public static Tensor zeros(long... shape) {
        long n = elementCount(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return new Tensor(shape.clone(), new float[(int) n]);
    }

    /** Product of the dimensions; rejects negative dimensions. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Dimension {@code i} as an int (weights are far below 2^31 per dimension). */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    /** Flat index of the first non-finite value, or -1. */
    public int firstNonFinite() {
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /** As the safetensors file stores them (the arrays are shared, not copied), in map order. */
    public static Map<String, SafeTensors.F32> toStored(Map<String, Tensor> tensors) {
        Map<String, SafeTensors.F32> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, new SafeTensors.F32(t.shape(), t.data())));
        return out;
    }

    /** As read from a safetensors file (the arrays are shared, not copied), in map order. */
    public static Map<String, Tensor> fromStored(Map<String, SafeTensors.F32> stored) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stored.forEach((name, t) -> out.put(name, new Tensor(t.shape(), t.data())));
        return out;
    }

    /** Same shape and identical values (a record would otherwise compare the arrays by reference). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** The values widened to double (criteria work in double). */
    public double[] toDoubles() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
