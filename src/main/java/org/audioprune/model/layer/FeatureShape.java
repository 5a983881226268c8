package org.audioprune.model.layer;

import java.util.Arrays;

/**
 * The shape of what flows between two layers for one clip: a feature map (C, H, W) — NCHW without
 * the batch, H = mel bands, W = frames — or a vector of F features.
 */
public final class FeatureShape {
    private final int[] dims;

    private FeatureShape(int... dims) {
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("shape dimensions must be positive, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /** A (C, H, W) feature map. */
    public static FeatureShape map(int channels, int height, int width) {
        return new FeatureShape(channels, height, width);
    }

    /** A vector of {@code features}. */
    public static FeatureShape vector(int features) {
        return new FeatureShape(features);
    }

    public boolean isMap() {
        return dims.length == 3;
    }

    /** C of a feature map, F of a vector: the axis that pruning shrinks. */
    public int channels() {
        return dims[0];
    }

    /** H (mel bands) of a feature map. */
    public int height() {
        requireMap("height");
        return dims[1];
    }

    /** W (frames) of a feature map. */
    public int width() {
        requireMap("width");
        return dims[2];
    }

    /** Values per clip: C·H·W or F. */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** (C, H, W) or (F). */
    public int[] toArray() {
        return dims.clone();
    }

    /** (batch, C, H, W) or (batch, F). */
    public long[] withBatch(long batch) {
        long[] out = new long[dims.length + 1];
        out[0] = batch;
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = dims[i];
        }
        return out;
    }

    /** This shape if it is a feature map; otherwise an error saying that {@code where} needs one. */
    public FeatureShape requireMap(String where) {
        if (!isMap()) {
            throw new IllegalArgumentException(where + " needs a (C, H, W) feature map, got a vector");
        }
        return this;
    }

    /** This shape if it is a vector; otherwise an error saying that {@code where} needs one. */
    public FeatureShape requireVector(String where) {
        if (isMap()) {
            throw new IllegalArgumentException(where + " needs a flat input; add flatten or global pooling");
        }
        return this;
    }

    /** A (C, h, w) map for {@code where}, or an error saying that this input is too small for it. */
    FeatureShape mapOf(int channels, int h, int w, String where) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(where + ": input " + height() + "x" + width() + " is too small");
        }
        return map(channels, h, w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureShape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
