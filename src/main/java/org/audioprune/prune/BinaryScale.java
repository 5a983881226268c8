package org.audioprune.prune;

/**
 * Scaling by a power of two, so that criteria never overflow or underflow on weights of any
 * magnitude. Multiplying by 2^k only changes the exponent of a double, so (while no result is
 * subnormal) every product, sum, square root and quotient of scaled values is exactly 2^k times the
 * unscaled one: a criterion computed on scaled weights and scaled back is bit-identical to the direct
 * computation wherever that does not overflow, and still right where it would (weights ×1e200).
 */
final class BinaryScale {
    private BinaryScale() {
    }

    /** The exponent e with max |data[from..to)| · 2^−e in [1, 2); 0 for all-zero data. */
    static int exponent(double[] data, int from, int to) {
        double max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(data[i]));
        }
        return max == 0 ? 0 : Math.getExponent(max);
    }

    /** data[from..to) · 2^−e into {@code out[0..to−from)}. */
    static void scaleDown(double[] data, int from, int to, int e, double[] out) {
        for (int i = from; i < to; i++) {
            out[i - from] = Math.scalb(data[i], -e);
        }
    }
}
