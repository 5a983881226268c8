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
 * small (every common pair of rates: then the output is the definition exactly). For other pairs
 * ({@code up} in the tens of thousands, e.g. 44 101 → 44 100 Hz) the kernel is tabulated at
 * {@value #PHASES_PER_ZERO_CROSSING} positions per zero crossing of its sinc (so
 * ⌈{@value #PHASES_PER_ZERO_CROSSING}·c⌉ per input sample, about 10⁵ taps in all whatever the rates,
 * small enough for the cache) and linearly interpolated between the two nearest positions (Smith's
 * bandlimited interpolation): two dot products per output sample, within about twice the cost of a
 * common pair, where evaluating the kernel per sample cost 15 times as much. The interpolated kernel
 * differs from h by less than 1e-5 in L1 norm (an output error below −100 dB of full scale, far under
 * the 80 dB stop band; {@code ResamplerTest}). Instances are immutable and thread-safe;
 * {@link #of(int, int)} caches them.
 */
public final class Resampler {
    /** Stop-band attenuation of the Kaiser design, dB. */
    public static final double STOPBAND_DB = 80.0;
    /** Pass-band edge as a fraction of the lower Nyquist frequency. */
    public static final double PASSBAND_EDGE = 0.90;

    private static final int MAX_TABLE = 1 << 21;
    /** Kernel positions per zero crossing of the sinc in the interpolated table. */
    static final int PHASES_PER_ZERO_CROSSING = 1024;
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
    /** Taps per output phase, phase-major (exact); null for an interpolated resampler. */
    private final double[] table;
    /** Positions per input sample of the interpolated table; 0 for an exact resampler. */
    private final int phases;
    /** Taps at fractional positions r/phases, r = 0..phases, row-major; null for an exact one. */
    private final double[] fine;

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
                fillTaps((double) p / up, table, p * taps);
            }
            phases = 0;
            fine = null;
        } else {
            table = null;
            phases = (int) Math.ceil(PHASES_PER_ZERO_CROSSING * cutoff);
            fine = new double[(phases + 1) * taps];
            for (int r = 0; r <= phases; r++) {
                fillTaps((double) r / phases, fine, r * taps);
            }
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
        int half = taps / 2;
        for (int i = 0; i < n; i++) {
            long num = (long) i * down;
            int q = (int) (num / up);
            int phase = (int) (num % up);
            // tap j multiplies x[q - half + 1 + j], i.e. the kernel at τ = phase/up + half - 1 - j
            int base = q - half + 1;
            int jStart = Math.max(0, -base);
            int jEnd = Math.min(taps, x.length - base);
            if (table != null) {
                y[i] = dot(table, phase * taps, x, base, jStart, jEnd);
            } else {
                // phase/up = (r + a)/phases: the rows r and r + 1 around it, weighted linearly
                long scaled = (long) phase * phases;
                int r = (int) (scaled / up);
                double a = (double) (scaled % up) / up;
                y[i] = interpolatedDot(fine, r * taps, taps, a, x, base, jStart, jEnd);
            }
        }
        return y;
    }

    /** The taps for output position {@code frac} (in [0, 1]) past an input sample. */
    private void fillTaps(double frac, double[] out, int off) {
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

    /**
     * Σ x[base + j]·((1 − a)·h[off + j] + a·h[off + taps + j]) over j in [from, to): the rows r and
     * r + 1 of the interpolated table in one pass over x.
     */
    private static double interpolatedDot(double[] h, int off, int taps, double a, double[] x, int base, int from,
            int to) {
        double lo0 = 0;
        double lo1 = 0;
        double hi0 = 0;
        double hi1 = 0;
        int up = off + taps;
        int j = from;
        for (; j + 1 < to; j += 2) {
            double x0 = x[base + j];
            double x1 = x[base + j + 1];
            lo0 += h[off + j] * x0;
            lo1 += h[off + j + 1] * x1;
            hi0 += h[up + j] * x0;
            hi1 += h[up + j + 1] * x1;
        }
        for (; j < to; j++) {
            lo0 += h[off + j] * x[base + j];
            hi0 += h[up + j] * x[base + j];
        }
        double lo = lo0 + lo1;
        return lo + a * ((hi0 + hi1) - lo);
    }

    /** Kernel half length W in input samples (tests evaluate the definition directly with it). */
    double halfWidth() {
        return halfWidth;
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
