package org.audioprune.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact McNemar, Holm and the paired bootstrap against hand-worked values. */
class PerClipTestsTest {
    /** Correctness arrays with the given counts of (both right, only A, only B, both wrong). */
    static boolean[][] outcomes(int both, int onlyA, int onlyB, int neither) {
        int n = both + onlyA + onlyB + neither;
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        int i = 0;
        for (int k = 0; k < both; k++, i++) {
            a[i] = b[i] = true;
        }
        for (int k = 0; k < onlyA; k++, i++) {
            a[i] = true;
        }
        for (int k = 0; k < onlyB; k++, i++) {
            b[i] = true;
        }
        return new boolean[][] {a, b};
    }

    @Test
    void exactMcNemarIsTheBinomialTailOfTheDiscordantClips() {
        // 9 clips only A gets right, 1 only B: 2 · (C(10,0) + C(10,1)) / 2¹⁰ = 22 / 1024
        boolean[][] o = outcomes(80, 9, 1, 10);
        McNemar m = McNemar.of(o[0], o[1]);
        assertEquals(100, m.clips());
        assertEquals(9, m.onlyA());
        assertEquals(1, m.onlyB());
        assertEquals(0.08, m.difference(), 1e-12);
        assertEquals(22.0 / 1024, m.pValue(), 1e-12);
        // symmetric in A and B, apart from the sign of the difference
        McNemar r = McNemar.of(o[1], o[0]);
        assertEquals(m.pValue(), r.pValue(), 1e-15);
        assertEquals(-0.08, r.difference(), 1e-12);
        // 6 vs 0: 2 / 2⁶
        o = outcomes(10, 6, 0, 4);
        assertEquals(2.0 / 64, McNemar.of(o[0], o[1]).pValue(), 1e-12);
        // balanced or no discordant clips: no evidence at all
        o = outcomes(50, 5, 5, 40);
        assertEquals(1, McNemar.of(o[0], o[1]).pValue(), 1e-12);
        o = outcomes(50, 0, 0, 50);
        assertEquals(1, McNemar.of(o[0], o[1]).pValue(), 1e-12);
    }

    @Test
    void holmStepsDownAndKeepsTheOrder() {
        // sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005, 3·0.01, 2·0.03, max(1·0.04, 0.06) (R's p.adjust "holm")
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(0.01, 0.04, 0.03, 0.005), 1e-12);
        assertArrayEquals(new double[] {1, 1}, Holm.adjust(0.6, 0.7), 1e-12);
        double[] withNaN = Holm.adjust(0.01, Double.NaN, 0.04);
        assertEquals(0.02, withNaN[0], 1e-12); // m = 2: NaN does not count
        assertTrue(Double.isNaN(withNaN[1]));
        assertEquals(0.04, withNaN[2], 1e-12);
    }

    @Test
    void bootstrapOfAConstantShiftIsExact() {
        double[] x = new Random(1).doubles(200).toArray();
        PairedBootstrap.ClipMetric mean = clips -> {
            double s = 0;
            for (int i : clips) {
                s += x[i];
            }
            return s / clips.length;
        };
        PairedBootstrap.ClipMetric shifted = clips -> mean.on(clips) - 0.1;
        PairedBootstrap b = PairedBootstrap.of(x.length, mean, shifted, 500, 7);
        assertEquals(0.1, b.observed(), 1e-12);
        assertEquals(0.1, b.interval().lower(), 1e-12);
        assertEquals(0.1, b.interval().upper(), 1e-12);
        assertEquals(1.0 / 501, b.pValue(), 1e-12); // no resample comes near a zero difference
        PairedBootstrap same = PairedBootstrap.of(x.length, mean, mean, 500, 7);
        assertEquals(0, same.observed());
        assertEquals(1, same.pValue(), 1e-12);
    }

    @Test
    void bootstrapIntervalOfAMeanDifferenceApproachesTheNormalOne() {
        // paired differences d ~ N(0.05, 1), n = 2000: the interval of the mean is ≈ d̄ ± 1.96 · s / √n
        Random r = new Random(3);
        int n = 2000;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 0.05 + r.nextGaussian();
        }
        PairedBootstrap.ClipMetric a = clips -> {
            double s = 0;
            for (int i : clips) {
                s += d[i];
            }
            return s / clips.length;
        };
        PairedBootstrap b = PairedBootstrap.of(n, a, clips -> 0, 2000, 11);
        Summary s = Summary.of(d);
        double normalHalf = 1.96 * s.standardDeviation() / Math.sqrt(n);
        assertEquals(s.mean() - normalHalf, b.interval().lower(), 0.1 * normalHalf);
        assertEquals(s.mean() + normalHalf, b.interval().upper(), 0.1 * normalHalf);
        // same seed, same result: reports stay byte-identical
        assertEquals(b, PairedBootstrap.of(n, a, clips -> 0, 2000, 11));
    }
}
