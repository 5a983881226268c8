package org.audioprune.audio;

import java.util.Arrays;
import java.util.Locale;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Log-mel spectrogram as librosa computes it with {@code stft(center=True, pad_mode='reflect')}
 * followed by {@code filters.mel(htk=False, norm='slaney')}:
 * <ol>
 *   <li>pad the signal by {@code n_fft/2} on both sides by reflection (numpy 'reflect', edge sample
 *       not repeated); frame {@code t} starts at padded index {@code t·hop}; {@code 1 + n/hop} frames;</li>
 *   <li>multiply by the periodic window of {@code winLength} samples, centred in {@code n_fft} with
 *       {@code (n_fft − winLength)/2} zeros before it;</li>
 *   <li>real FFT of length {@code n_fft} (JTransforms); |X| or |X|² per bin {@code 0 … n_fft/2};</li>
 *   <li>{@code mel = M·spectrum} with the Slaney {@link MelFilterBank};</li>
 *   <li>{@code ln(mel + ε)} or {@code 10·log10(max(mel, floor))}.</li>
 * </ol>
 * Computed in double, returned as float. Immutable and thread-safe: every thread gets its own
 * FFT plan and buffers.
 */
public final class LogMelFrontEnd implements FrontEnd {
    /** Analysis window, periodic (the DFT-even form librosa/scipy use for spectra). */
    public enum Window {
        /** 0.54 − 0.46·cos(2πn/N). */
        HAMMING,
        /** 0.5 − 0.5·cos(2πn/N). */
        HANN;

        double value(int n, int length) {
            double c = Math.cos(2.0 * Math.PI * n / length);
            return this == HAMMING ? 0.54 - 0.46 * c : 0.5 - 0.5 * c;
        }
    }

    /** Which spectrum enters the mel filter bank. */
    public enum Spectrum { MAGNITUDE, POWER }

    /** How mel energies become log values. */
    public enum LogScale {
        /** ln(x + c). */
        NATURAL_LOG_PLUS,
        /** 10·log10(max(x, c)). */
        DECIBEL_FLOOR
    }

    /** Every parameter of the front end. */
    public record Config(String name, int sampleRate, int nFft, int winLength, int hopLength, Window window,
                         Spectrum spectrum, int nMels, double fMin, double fMax, LogScale logScale,
                         double logConstant) {
        public Config {
            if (sampleRate <= 0 || nFft <= 0 || nFft % 2 != 0 || winLength <= 0 || winLength > nFft
                    || hopLength <= 0 || nMels <= 0 || !(logConstant > 0)) {
                throw new IllegalArgumentException("invalid front-end configuration " + name);
            }
        }
    }

    /** DCASE 2021 Task 1A baseline front end (method.md section 3). */
    public static final Config DCASE21 = new Config("dcase21", 44100, 2048, 1764, 882, Window.HAMMING,
            Spectrum.MAGNITUDE, 40, 0.0, 22050.0, LogScale.NATURAL_LOG_PLUS, Math.ulp(1.0));

    /** PANNs front end (method.md section 3). */
    public static final Config PANNS = new Config("panns", 32000, 1024, 1024, 320, Window.HANN,
            Spectrum.POWER, 64, 50.0, 14000.0, LogScale.DECIBEL_FLOOR, 1e-10);

    private final Config config;
    private final MelFilterBank melBank;
    /** The window already placed in its n_fft frame: values for frame offsets [winOffset, winOffset+winLength). */
    private final double[] window;
    private final int winOffset;
    private final ThreadLocal<Workspace> workspace;

    public LogMelFrontEnd(Config config) {
        this.config = config;
        this.melBank = new MelFilterBank(config.sampleRate(), config.nFft(), config.nMels(), config.fMin(),
                config.fMax());
        this.window = new double[config.winLength()];
        for (int n = 0; n < window.length; n++) {
            window[n] = config.window().value(n, config.winLength());
        }
        this.winOffset = (config.nFft() - config.winLength()) / 2;
        this.workspace = ThreadLocal.withInitial(() -> new Workspace(config.nFft(), config.nMels()));
    }

    /** Per-thread FFT plan and buffers. */
    private static final class Workspace {
        final DoubleFFT_1D fft;
        final double[] frame;
        final double[] spectrum;
        final double[] mel;

        Workspace(int nFft, int nMels) {
            fft = new DoubleFFT_1D(nFft);
            frame = new double[nFft];
            spectrum = new double[nFft / 2 + 1];
            mel = new double[nMels];
        }
    }

    public Config config() {
        return config;
    }

    /** The analysis window placed in its n_fft frame: (n_fft − winLength)/2 zeros, the window, zeros. */
    public double[] frameWindow() {
        double[] w = new double[config.nFft()];
        System.arraycopy(window, 0, w, winOffset, window.length);
        return w;
    }

    public MelFilterBank melFilterBank() {
        return melBank;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public int sampleRate() {
        return config.sampleRate();
    }

    @Override
    public int nMels() {
        return config.nMels();
    }

    @Override
    public int frames(int nSamples) {
        return 1 + nSamples / config.hopLength();
    }

    /**
     * The STFT as a real matrix product, frames × n_fft × (n_fft/2+1) × 2 (real and imaginary part),
     * plus the mel projection, frames × (n_fft/2+1) × n_mels.
     */
    @Override
    public long macs(int nMels, int frames) {
        long bins = config.nFft() / 2 + 1;
        return (long) frames * config.nFft() * bins * 2 + (long) frames * bins * nMels;
    }

    @Override
    public String cacheKey() {
        Config c = config;
        return String.format(Locale.ROOT, "logmel-v1;name=%s;sr=%d;n_fft=%d;win_length=%d;window=%s-periodic;"
                        + "hop=%d;center=reflect;spectrum=%s;n_mels=%d;fmin=%s;fmax=%s;mel=slaney;norm=slaney;"
                        + "log=%s(%s);resampler=kaiser-sinc-%sdB-pass%s",
                c.name(), c.sampleRate(), c.nFft(), c.winLength(), c.window().name().toLowerCase(Locale.ROOT),
                c.hopLength(), c.spectrum().name().toLowerCase(Locale.ROOT), c.nMels(), c.fMin(), c.fMax(),
                c.logScale().name().toLowerCase(Locale.ROOT), c.logConstant(), Resampler.STOPBAND_DB,
                Resampler.PASSBAND_EDGE);
    }

    @Override
    public float[][] compute(float[] mono) {
        int n = mono.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot compute features of an empty signal");
        }
        int nFft = config.nFft();
        int half = nFft / 2;
        int hop = config.hopLength();
        int frames = frames(n);
        float[][] out = new float[config.nMels()][frames];
        Workspace ws = workspace.get();
        double[] frame = ws.frame;
        double[] spec = ws.spectrum;
        boolean power = config.spectrum() == Spectrum.POWER;
        for (int t = 0; t < frames; t++) {
            // signal index of frame offset 0 (the padded signal starts n_fft/2 before the signal)
            int start = t * hop - half + winOffset;
            Arrays.fill(frame, 0, winOffset, 0.0);
            Arrays.fill(frame, winOffset + window.length, nFft, 0.0);
            if (start >= 0 && start + window.length <= n) {
                for (int i = 0; i < window.length; i++) {
                    frame[winOffset + i] = window[i] * mono[start + i];
                }
            } else {
                for (int i = 0; i < window.length; i++) {
                    frame[winOffset + i] = window[i] * mono[reflect(start + i, n)];
                }
            }
            ws.fft.realForward(frame);
            // JTransforms packing: [Re0, Re(n/2), Re1, Im1, Re2, Im2, ...]
            spec[0] = frame[0] * frame[0];
            spec[half] = frame[1] * frame[1];
            for (int k = 1; k < half; k++) {
                double re = frame[2 * k];
                double im = frame[2 * k + 1];
                spec[k] = re * re + im * im;
            }
            if (!power) {
                for (int k = 0; k <= half; k++) {
                    spec[k] = Math.sqrt(spec[k]);
                }
            }
            melBank.apply(spec, ws.mel);
            for (int m = 0; m < ws.mel.length; m++) {
                out[m][t] = (float) logOf(ws.mel[m]);
            }
        }
        return out;
    }

    private double logOf(double x) {
        double c = config.logConstant();
        return config.logScale() == LogScale.NATURAL_LOG_PLUS ? Math.log(x + c) : 10.0 * Math.log10(Math.max(x, c));
    }

    /** numpy.pad 'reflect' index: mirror at the end samples without repeating them, periodically. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }

    @Override
    public String toString() {
        return "LogMelFrontEnd[" + cacheKey() + "]";
    }
}
