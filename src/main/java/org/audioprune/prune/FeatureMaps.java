package org.audioprune.prune;

import org.audioprune.AudioPruneException;

/**
 * One layer's output feature maps over a data sample, (samples, channels, H, W) row-major.
 *
 * @param epsilon machine epsilon of the precision the maps were computed in; matrix ranks use
 *                numpy's default tolerance σ_max · max(H, W) · epsilon, and numpy takes epsilon from
 *                the array's dtype (float32 activations: 2^-23)
 */
public record FeatureMaps(int samples, int channels, int height, int width, double[] data, double epsilon) {
    /** Machine epsilon of float32, 2^-23. */
    public static final double FLOAT32_EPSILON = Math.ulp(1.0f);
    /** Machine epsilon of float64, 2^-52. */
    public static final double FLOAT64_EPSILON = Math.ulp(1.0);

    public FeatureMaps {
        if (samples < 1 || channels < 1 || height < 1 || width < 1) {
            throw new AudioPruneException("feature maps need a positive shape, got (" + samples + ", "
                    + channels + ", " + height + ", " + width + ")");
        }
        if ((long) samples * channels * height * width != data.length) {
            throw new AudioPruneException("feature maps of shape (" + samples + ", " + channels + ", "
                    + height + ", " + width + ") need " + (long) samples * channels * height * width
                    + " values, got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new AudioPruneException("feature maps contain a non-finite value at flat index " + i);
            }
        }
    }

    /** Maps computed in float32 (the network's precision). */
    public static FeatureMaps ofFloat32(int samples, int channels, int height, int width, float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new FeatureMaps(samples, channels, height, width, d, FLOAT32_EPSILON);
    }
}
