package org.audioprune.audio;

import java.nio.file.Path;
import org.audioprune.AudioPruneException;

/** Reads an audio file as mono float samples in [-1, 1] at a requested sample rate. */
public final class AudioLoader {
    private AudioLoader() {
    }

    /**
     * Decodes {@code file} (WAV, see {@link WavReader}), mixes it down to mono by averaging the
     * channels and resamples it to {@code targetSampleRate} with the band-limited Kaiser-sinc
     * {@link Resampler} (80 dB stop-band attenuation). Computation is in double; the result is
     * rounded to float once at the end. A sample beyond the float32 range (a float WAV holding
     * 1e300, say) is refused rather than turned into infinities and then NaN features.
     *
     * @throws org.audioprune.AudioPruneException naming the file and the problem
     */
    public static float[] loadMono(Path file, int targetSampleRate) {
        if (targetSampleRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be positive: " + targetSampleRate);
        }
        WavReader.MonoAudio audio = WavReader.readMono(file);
        double[] samples = audio.samples();
        for (int i = 0; i < samples.length; i++) {
            if (!(Math.abs(samples[i]) <= Float.MAX_VALUE)) {
                throw new AudioPruneException(file + ": sample frame " + i + " is " + samples[i]
                        + ", beyond the float32 range of the front ends (|x| <= " + Float.MAX_VALUE + ")");
            }
        }
        double[] x = audio.sampleRate() == targetSampleRate ? samples
                : Resampler.of(audio.sampleRate(), targetSampleRate).resample(samples);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
            if (!Float.isFinite(out[i])) {
                throw new AudioPruneException(file + ": resampled sample " + i + " is " + x[i]
                        + ", beyond the float32 range (the signal is too loud)");
            }
        }
        return out;
    }

    /**
     * Checks that features computed from {@code source} are finite, naming the band and frame of the
     * first value that is not (a guard: finite float32 audio gives finite log-mel features).
     */
    public static void requireFinite(float[][] features, Object source) {
        for (int m = 0; m < features.length; m++) {
            for (int t = 0; t < features[m].length; t++) {
                if (!Float.isFinite(features[m][t])) {
                    throw new AudioPruneException(source + ": feature at mel band " + m + ", frame " + t + " is "
                            + features[m][t]);
                }
            }
        }
    }
}
