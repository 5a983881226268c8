package org.audioprune.audio;

/**
 * Triangular mel filter bank equal to {@code librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax,
 * htk=False, norm='slaney')} (computed in double; librosa returns float32 by default).
 *
 * <p>Mel scale (Slaney): linear below 1000 Hz with 200/3 Hz per mel, logarithmic above with
 * {@code ln(6.4)/27} per mel starting at mel 15. Band {@code m} is the triangle between the mel-spaced
 * frequencies {@code f[m], f[m+1], f[m+2]} ({@code n_mels + 2} points evenly spaced in mel between
 * {@code hz_to_mel(fmin)} and {@code hz_to_mel(fmax)}), sampled at the FFT frequencies
 * {@code k·sr/n_fft}, {@code k = 0 … n_fft/2}, and scaled by {@code 2/(f[m+2] − f[m])} so that every
 * band has the same area (Slaney normalisation). Each band is non-zero on one contiguous bin range,
 * which {@link #apply} exploits.
 */
public final class MelFilterBank {
    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOGSTEP = Math.log(6.4) / 27.0;

    private final int nBins;
    private final double[] edgesHz;
    private final double[][] weights;
    /** Band m is non-zero exactly on bins [firstBin[m], endBin[m]). */
    private final int[] firstBin;
    private final int[] endBin;

    public MelFilterBank(int sampleRate, int nFft, int nMels, double fMin, double fMax) {
        if (sampleRate <= 0 || nFft <= 0 || nMels <= 0 || fMin < 0 || fMax <= fMin) {
            throw new IllegalArgumentException("bad mel filter bank: sr=" + sampleRate + " n_fft=" + nFft
                    + " n_mels=" + nMels + " fmin=" + fMin + " fmax=" + fMax);
        }
        nBins = nFft / 2 + 1;
        edgesHz = new double[nMels + 2];
        double melMin = hzToMel(fMin);
        double melMax = hzToMel(fMax);
        for (int i = 0; i < edgesHz.length; i++) {
            // same arithmetic as numpy.linspace: start + i·step, last point exact
            double mel = i == edgesHz.length - 1 ? melMax
                    : melMin + i * ((melMax - melMin) / (edgesHz.length - 1));
            edgesHz[i] = melToHz(mel);
        }
        weights = new double[nMels][nBins];
        firstBin = new int[nMels];
        endBin = new int[nMels];
        for (int m = 0; m < nMels; m++) {
            double lowerWidth = edgesHz[m + 1] - edgesHz[m];
            double upperWidth = edgesHz[m + 2] - edgesHz[m + 1];
            double norm = 2.0 / (edgesHz[m + 2] - edgesHz[m]);
            int first = -1;
            int end = 0;
            for (int k = 0; k < nBins; k++) {
                double f = fftFrequency(k, sampleRate, nFft);
                double rising = (f - edgesHz[m]) / lowerWidth;
                double falling = (edgesHz[m + 2] - f) / upperWidth;
                double w = Math.max(0.0, Math.min(rising, falling)) * norm;
                weights[m][k] = w;
                if (w > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    end = k + 1;
                }
            }
            firstBin[m] = Math.max(first, 0);
            endBin[m] = end;
        }
    }

    /** Hz to mel on the Slaney scale (librosa {@code hz_to_mel(f, htk=False)}). */
    public static double hzToMel(double hz) {
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
    }

    /** Mel to Hz on the Slaney scale (librosa {@code mel_to_hz(m, htk=False)}). */
    public static double melToHz(double mel) {
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }

    /** Centre frequency of FFT bin {@code k}: k·sr/n_fft. */
    public static double fftFrequency(int k, int sampleRate, int nFft) {
        return (double) k * sampleRate / nFft;
    }

    public int nMels() {
        return weights.length;
    }

    public int nBins() {
        return nBins;
    }

    /** The n_mels + 2 band edge frequencies in Hz. */
    public double[] edgesHz() {
        return edgesHz.clone();
    }

    /** Weight of FFT bin {@code k} in band {@code m}. */
    public double weight(int m, int k) {
        return weights[m][k];
    }

    /** First bin with a non-zero weight in band {@code m}. */
    public int firstBin(int m) {
        return firstBin[m];
    }

    /** One past the last bin with a non-zero weight in band {@code m}. */
    public int endBin(int m) {
        return endBin[m];
    }

    /** {@code out[m] = Σ_k weight(m, k)·spectrum[k]}, visiting only each band's non-zero range. */
    public void apply(double[] spectrum, double[] out) {
        for (int m = 0; m < weights.length; m++) {
            double[] w = weights[m];
            double acc = 0;
            for (int k = firstBin[m], end = endBin[m]; k < end; k++) {
                acc += w[k] * spectrum[k];
            }
            out[m] = acc;
        }
    }
}
