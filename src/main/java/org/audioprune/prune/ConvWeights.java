package org.audioprune.prune;

import java.util.Arrays;
import org.audioprune.AudioPruneException;

/**
 * One conv layer's weights in PyTorch layout (N filters, C input channels, kH, kW), row-major.
 * Engine-free so that criteria can be tested and used without DJL.
 */
public record ConvWeights(int filters, int channels, int kernelHeight, int kernelWidth, double[] data) {
    public ConvWeights {
        if (filters < 1 || channels < 1 || kernelHeight < 1 || kernelWidth < 1) {
            throw new AudioPruneException("conv weights need a positive shape, got ("
                    + filters + ", " + channels + ", " + kernelHeight + ", " + kernelWidth + ")");
        }
        if ((long) filters * channels * kernelHeight * kernelWidth != data.length) {
            throw new AudioPruneException("conv weights of shape (" + filters + ", " + channels + ", "
                    + kernelHeight + ", " + kernelWidth + ") need "
                    + (long) filters * channels * kernelHeight * kernelWidth + " values, got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                throw new AudioPruneException("conv weights contain a non-finite value (" + data[i]
                        + ") at flat index " + i);
            }
        }
    }

    /** Values of one filter (C·kH·kW of them), a copy. */
    public double[] filter(int i) {
        int len = filterLength();
        return Arrays.copyOfRange(data, i * len, (i + 1) * len);
    }

    /** C·kH·kW. */
    public int filterLength() {
        return channels * kernelHeight * kernelWidth;
    }
}
