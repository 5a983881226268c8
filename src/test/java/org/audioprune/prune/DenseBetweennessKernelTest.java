package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float-filtered kernel of {@link DenseBetweenness} (vector API and scalar pass, 1 and 3 threads)
 * against the implementation it replaced ({@link DenseBetweennessBefore}, itself checked against
 * networkx), bit for bit, on graphs chosen to reach every path of the new code: float-decided
 * comparisons, comparisons the floats cannot decide (lengths that differ below float resolution),
 * exact ties in the next-pop choice and equal-length paths (lengths from a few exact values,
 * duplicated filters), settled nodes gaining equal paths (non-negative lengths), padding columns
 * (n not a multiple of 4) and tiny graphs.
 */
class DenseBetweennessKernelTest {

    record Graph(String name, int n, double[] length) {
        @Override
        public String toString() {
            return name + " n=" + n;
        }
    }

    static final DoubleUnaryOperator[] LENGTHS = {s -> s, s -> 1 - s, s -> 1 - Math.abs(s)};
    static final String[] LENGTH_NAMES = {"S", "1-S", "1-|S|"};

    /** Filter graph of a layer with Gaussian float32 weights (like trained ones), 3×3 kernels. */
    static FilterGraph gaussianLayer(int n, int channels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] d = new double[n * channels * 9];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        return FilterGraph.of(Representatives.of(new ConvWeights(n, channels, 3, 3, d)));
    }

    /** A layer whose filters are copies (some negated) of a few: many similarities exactly ±1 or equal. */
    static FilterGraph duplicatedLayer(int n, int distinct, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] base = new double[distinct][9];
        for (double[] b : base) {
            for (int i = 0; i < 9; i++) {
                b[i] = rnd.nextInt(-3, 4);
            }
            b[0] = 1 + rnd.nextInt(3); // never all zero
        }
        double[] d = new double[n * 9];
        for (int f = 0; f < n; f++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            double[] b = base[rnd.nextInt(distinct)];
            for (int i = 0; i < 9; i++) {
                d[f * 9 + i] = sign * b[i];
            }
        }
        return FilterGraph.of(Representatives.of(new ConvWeights(n, 1, 3, 3, d)));
    }

    static double[] symmetric(int n, SplittableRandom rnd, java.util.function.DoubleSupplier value) {
        double[] len = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                len[i * n + j] = len[j * n + i] = value.getAsDouble();
            }
        }
        return len;
    }

    static List<Graph> graphs() {
        List<Graph> out = new ArrayList<>();
        int[] sizes = {1, 2, 3, 4, 5, 7, 16, 33, 64, 130, 257};
        for (int n : sizes) {
            FilterGraph g = gaussianLayer(n, 4, 1000 + n);
            for (int l = 0; l < LENGTHS.length; l++) {
                out.add(new Graph("gaussian 3x3, length " + LENGTH_NAMES[l], n, g.transformed(LENGTHS[l])));
            }
        }
        for (int n : new int[] {6, 23, 40, 97}) {
            FilterGraph g = duplicatedLayer(n, 3, 2000 + n);
            for (int l = 0; l < LENGTHS.length; l++) {
                out.add(new Graph("duplicated filters, length " + LENGTH_NAMES[l], n, g.transformed(LENGTHS[l])));
            }
        }
        for (int n : new int[] {5, 9, 30, 61, 128}) {
            SplittableRandom rnd = new SplittableRandom(3000 + n);
            double[] few = {-1, -0.5, 0, 0.5, 1};
            out.add(new Graph("lengths from {-1,-0.5,0,0.5,1}", n, symmetric(n, rnd, () -> few[rnd.nextInt(few.length)])));
            SplittableRandom rnd2 = new SplittableRandom(4000 + n);
            out.add(new Graph("lengths from {1,2}", n, symmetric(n, rnd2, () -> 1 + rnd2.nextInt(2))));
            // eighths plus offsets far below float resolution: the float pass cannot decide most
            // comparisons between them, the exact sums can (and sometimes tie)
            SplittableRandom rnd3 = new SplittableRandom(5000 + n);
            out.add(new Graph("eighths + 1e-12 offsets", n,
                    symmetric(n, rnd3, () -> rnd3.nextInt(-8, 9) / 8.0 + rnd3.nextInt(-2, 3) * 1e-12)));
        }
        return out;
    }

    static long[] bits(double[] x) {
        long[] b = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Double.doubleToRawLongBits(x[i]);
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void newKernelEqualsPreviousImplementationBitForBit(Graph g) {
        long[] before = bits(DenseBetweennessBefore.compute(g.length(), g.n(), 1));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                bits(DenseBetweenness.compute(g.length(), g.n(), 1, false)), "scalar pass, 1 thread");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                bits(DenseBetweenness.compute(g.length(), g.n(), 3, false)), "scalar pass, 3 threads");
        if (DenseBetweenness.vectorised()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                    bits(DenseBetweenness.compute(g.length(), g.n(), 1, true)), "vector pass, 1 thread");
            org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                    bits(DenseBetweenness.compute(g.length(), g.n(), 3, true)), "vector pass, 3 threads");
        }
    }

    @Test
    void theVectorKernelRunsUnderTheBuild() {
        // surefire, the launcher and bench/run all add jdk.incubator.vector; without it the scalar pass
        // runs (same results, slower), which would make the bit-for-bit test above half as strong
        assertTrue(DenseBetweenness.vectorised(), "jdk.incubator.vector not resolved in the test JVM");
    }

    @Test
    void theHardCasesAreReallyExercised() {
        // the near-resolution graph has lengths that round to the same float but differ as doubles
        Graph g = graphs().stream().filter(x -> x.name().startsWith("eighths") && x.n() == 30).findFirst().orElseThrow();
        int sameFloatDifferentDouble = 0;
        for (int i = 0; i < g.n() * g.n(); i++) {
            for (int j = i + 1; j < Math.min(i + 40, g.n() * g.n()); j++) {
                double a = g.length()[i];
                double b = g.length()[j];
                if (a != b && (float) a == (float) b) {
                    sameFloatDifferentDouble++;
                }
            }
        }
        assertTrue(sameFloatDifferentDouble > 100, "only " + sameFloatDifferentDouble);
    }

    @Test
    void nonFiniteLengthsAreRejected() {
        double[] len = {0, 1, 2, 1, 0, Double.NaN, 2, Double.NaN, 0};
        var e = assertThrows(IllegalArgumentException.class, () -> DenseBetweenness.compute(len, 3, 1));
        assertTrue(e.getMessage().contains("(1, 2)"), e.getMessage());
        double[] diagonalIgnored = {Double.NaN, 1, 2, 1, Double.NaN, 3, 2, 3, Double.NaN};
        assertEquals(3, DenseBetweenness.compute(diagonalIgnored, 3, 1).length);
    }
}
