package org.audioprune.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc kernel, evaluated as a polyphase
 * filter bank.
 *
 * <p>Definition (tools/reference_frontend.py implements the same one in numpy). Let the rate ratio
 * be reduced to {@code up/down} = {@code toRate/fromRate}, {@code fLow = min(fromRate, toRate)} and
 * {@code x[k] = 0} outside the signal. Output sample {@code n} sits at input time
 * {@code t = n·down/up} and is {@code y[n] = Σ_k x[k]·h(t − k)} with
 * <pre>
 *   h(τ) = c·sinc(c·τ)·I0(β·sqrt(1 − (τ/W)²)) / I0(β)   for |τ| &lt; W, else 0
 *   c    = 2·fc/fromRate,  fc = 0.95·fLow/2           (cut-off, Hz)
 *   W    = (A − 7.95) / (2.285·2π·Δf/fromRate) / 2    (half length, input samples)
 *   Δf   = 0.1·fLow/2                                 (transition width, Hz)
 *   β    = 0.1102·(A − 8.7),  A = 80 dB
 * </pre>
 * i.e. pass band up to 0.90 of the lower Nyquist frequency, stop band from the lower Nyquist
 * frequency on, <b>stop-band attenuation 80 dB</b> (Kaiser's design formulas), pass-band ripple
 * about 1e-4 (0.001 dB). The output has {@code ceil(n·up/down)} samples. Equal rates return a copy.
 *
 * <p>The kernel taps for each of the {@code up} output phases are precomputed when that table is
 * small (every common pair of rates); otherwise they are evaluated per output sample. Instances are
 * immutable and thread-safe; {@link #of(int, int)} caches them.
 */
public final class Resampler {
    /** Stop-band attenuation of the Kaiser design, dB. */
    public static final double STOPBAND_DB = 80.0;
    /** Pass-band edge as a fraction of the lower Nyquist frequency. */
    public static final double PASSBAND_EDGE = 0.90;

    private static final int MAX_TABLE = 1 << 21;
    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int fromRate;
    private final int toRate;
    private final int up;
    private final int down;
    private final double cutoff;
    private final double halfWidth;
    private final double beta;
    private final double i0Beta;
    /** Taps per output sample: input indices floor(t) − taps/2 + 1 ... floor(t) + taps/2, in that order. */
    private final int taps;
    /** Per-phase taps, phase-major; null when evaluated on the fly. */
    private final double[] table;

    private Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        double fLow = Math.min(fromRate, toRate);
        double fc = (PASSBAND_EDGE + 1.0) / 2.0 * fLow / 2.0;
        double transition = (1.0 - PASSBAND_EDGE) * fLow / 2.0;
        this.cutoff = 2.0 * fc / fromRate;
        this.halfWidth = (STOPBAND_DB - 7.95) / (2.285 * 2.0 * Math.PI * transition / fromRate) / 2.0;
        this.beta = 0.1102 * (STOPBAND_DB - 8.7);
        this.i0Beta = besselI0(beta);
        this.taps = 2 * (int) Math.ceil(halfWidth);
        if ((long) up * taps <= MAX_TABLE) {
            table = new double[up * taps];
            for (int p = 0; p < up; p++) {
                fillTaps(p, table, p * taps);
            }
        } else {
            table = null;
        }
    }

    /** The (cached) resampler from {@code fromRate} to {@code toRate} Hz. */
    public static Resampler of(int fromRate, int toRate) {
        return CACHE.computeIfAbsent(((long) fromRate << 32) | (toRate & 0xffffffffL),
                k -> new Resampler(fromRate, toRate));
    }

    /** Number of output samples for {@code n} input samples: ceil(n·toRate/fromRate). */
    public int outputLength(int n) {
        long len = ((long) n * up + down - 1) / down;
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled signal too long: " + len + " samples");
        }
        return (int) len;
    }

    /** Resamples {@code x}; see the class comment for the exact definition. */
    public double[] resample(double[] x) {
        if (up == down) {
            return x.clone();
        }
        int n = outputLength(x.length);
        double[] y = new double[n];
        double[] scratch = table == null ? new double[taps] : null;
        int half = taps / 2;
        for (int i = 0; i < n; i++) {
            long num = (long) i * down;
            int q = (int) (num / up);
            int phase = (int) (num % up);
            double[] h;
            int off;
            if (table != null) {
                h = table;
                off = phase * taps;
            } else {
                fillTaps(phase, scratch, 0);
                h = scratch;
                off = 0;
            }
            // tap j multiplies x[q - half + 1 + j], i.e. the kernel at τ = phase/up + half - 1 - j
            int base = q - half + 1;
            int jStart = Math.max(0, -base);
            int jEnd = Math.min(taps, x.length - base);
            y[i] = dot(h, off, x, base, jStart, jEnd);
        }
        return y;
    }

    private void fillTaps(int phase, double[] out, int off) {
        double frac = (double) phase / up;
        int half = taps / 2;
        for (int j = 0; j < taps; j++) {
            out[off + j] = kernel(frac + half - 1 - j);
        }
    }

    /** Σ h[off + j]·x[base + j] over j in [from, to), with four partial sums to keep the FPU busy. */
    private static double dot(double[] h, int off, double[] x, int base, int from, int to) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int j = from;
        for (; j + 3 < to; j += 4) {
            a0 += h[off + j] * x[base + j];
            a1 += h[off + j + 1] * x[base + j + 1];
            a2 += h[off + j + 2] * x[base + j + 2];
            a3 += h[off + j + 3] * x[base + j + 3];
        }
        for (; j < to; j++) {
            a0 += h[off + j] * x[base + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    /** h(τ) of the class comment. */
    double kernel(double tau) {
        double r = tau / halfWidth;
        if (Math.abs(r) >= 1.0) {
            return 0.0;
        }
        double arg = Math.PI * cutoff * tau;
        double sinc = arg == 0.0 ? 1.0 : Math.sin(arg) / arg;
        return cutoff * sinc * besselI0(beta * Math.sqrt(1.0 - r * r)) / i0Beta;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (no JDK/EJML routine). */
    static double besselI0(double x) {
        double term = 1.0;
        double sum = 1.0;
        double q = x * x / 4.0;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public String toString() {
        return "Resampler[" + fromRate + " -> " + toRate + " Hz, Kaiser sinc, " + STOPBAND_DB + " dB, "
                + taps + " taps]";
    }
}
