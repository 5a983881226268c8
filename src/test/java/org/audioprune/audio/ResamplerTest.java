package org.audioprune.audio;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static double[] sine(double freq, int rate, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(2 * Math.PI * freq * i / rate);
        }
        return x;
    }

    /** Amplitude of the {@code freq} component of y[from..to) by least squares on sin/cos. */
    private static double amplitude(double[] y, double freq, int rate, int from, int to) {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = from; i < to; i++) {
            double s = Math.sin(2 * Math.PI * freq * i / rate);
            double c = Math.cos(2 * Math.PI * freq * i / rate);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += y[i] * s;
            yc += y[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return Math.hypot(a, b);
    }

    private static double rms(double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += y[i] * y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void oneKilohertzKeepsItsAmplitudeWithinATenthOfADecibel() {
        int[][] pairs = {{48000, 44100}, {44100, 32000}, {22050, 44100}, {48000, 32000}, {16000, 44100}};
        for (int[] p : pairs) {
            double[] y = Resampler.of(p[0], p[1]).resample(sine(1000, p[0], p[0] / 2));
            int margin = p[1] / 20; // skip the edges where the kernel runs off the signal
            double db = 20 * Math.log10(amplitude(y, 1000, p[1], margin, y.length - margin));
            assertEquals(0.0, db, 0.1, p[0] + " -> " + p[1]);
            assertEquals(0.0, db, 0.01, "the design ripple is ~0.001 dB: " + p[0] + " -> " + p[1]);
        }
    }

    @Test
    void outputIsTheSineAtTheNewRateSampleBySample() {
        // checks timing (no delay, no phase error), not just level: y[n] = sin(2π f n / toRate)
        double[] y = Resampler.of(48000, 44100).resample(sine(3000, 48000, 9600));
        double[] expected = sine(3000, 44100, y.length);
        for (int i = 200; i < y.length - 200; i++) {
            assertEquals(expected[i], y[i], 1e-3, "sample " + i);
        }
    }

    @Test
    void tonesAboveTheNewNyquistAreAttenuatedBy60dB() {
        // {from, to, tone}: every tone lies above to/2
        int[][] cases = {{44100, 32000, 16500}, {44100, 32000, 20000}, {48000, 44100, 22500},
            {48000, 22050, 12000}, {32000, 16000, 8200}};
        for (int[] c : cases) {
            double[] y = Resampler.of(c[0], c[1]).resample(sine(c[2], c[0], c[0] / 2));
            int margin = c[1] / 20;
            double level = rms(y, margin, y.length - margin) * Math.sqrt(2); // relative to amplitude 1
            double db = 20 * Math.log10(level);
            assertTrue(db <= -60, c[2] + " Hz, " + c[0] + " -> " + c[1] + ": only " + db + " dB");
        }
    }

    @Test
    void constantSignalKeepsUnitGainAwayFromTheEdges() {
        double[] x = new double[4000];
        java.util.Arrays.fill(x, 1.0);
        for (int to : new int[] {44100, 32000, 11025}) {
            double[] y = Resampler.of(22050, to).resample(x);
            for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
                assertEquals(1.0, y[i], 2e-4, "22050 -> " + to + " at " + i);
            }
        }
    }

    @Test
    void lengthIsTheCeilingOfTheScaledLength() {
        assertEquals(3200, Resampler.of(44100, 32000).outputLength(4410));
        assertEquals(726, Resampler.of(44100, 32000).outputLength(1000)); // 725.62 -> 726
        assertEquals(1, Resampler.of(48000, 44100).outputLength(1)); // 0.92 -> 1
        assertEquals(1, Resampler.of(48000, 44100).resample(new double[1]).length);
        assertEquals(0, Resampler.of(48000, 44100).resample(new double[0]).length);
    }

    @Test
    void equalRatesReturnACopy() {
        double[] x = {1, 2, 3};
        double[] y = Resampler.of(16000, 16000).resample(x);
        assertArrayEquals(x, y);
        assertNotSame(x, y);
    }

    @Test
    void unusualRatePairsWithoutATableGiveTheSameAnswer() {
        // 44101 -> 32000 has 32000 phases: too many to tabulate exactly, the kernel is interpolated
        double[] y = Resampler.of(44101, 32000).resample(sine(1000, 44101, 22050));
        double db = 20 * Math.log10(amplitude(y, 1000, 32000, 2000, y.length - 2000));
        assertEquals(0.0, db, 0.01);
    }

    @Test
    void besselI0MatchesTabulatedValues() {
        // Abramowitz & Stegun table 9.8: I0(1) = 1.266065878, I0(5) = 27.23987182
        assertEquals(1.0, Resampler.besselI0(0), 0);
        assertEquals(1.2660658777520082, Resampler.besselI0(1), 1e-14);
        assertEquals(27.239871823604442, Resampler.besselI0(5), 1e-12);
    }
}
