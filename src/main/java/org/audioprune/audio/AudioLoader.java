package org.audioprune.audio;

import java.nio.file.Path;

/** Reads an audio file as mono float samples in [-1, 1] at a requested sample rate. */
public final class AudioLoader {
    private AudioLoader() {
    }

    /**
     * Decodes {@code file} (WAV, see {@link WavReader}), mixes it down to mono by averaging the
     * channels and resamples it to {@code targetSampleRate} with the band-limited Kaiser-sinc
     * {@link Resampler} (80 dB stop-band attenuation). Computation is in double; the result is
     * rounded to float once at the end.
     *
     * @throws org.audioprune.AudioPruneException naming the file and the problem
     */
    public static float[] loadMono(Path file, int targetSampleRate) {
        if (targetSampleRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be positive: " + targetSampleRate);
        }
        WavReader.MonoAudio audio = WavReader.readMono(file);
        double[] x = audio.sampleRate() == targetSampleRate ? audio.samples()
                : Resampler.of(audio.sampleRate(), targetSampleRate).resample(audio.samples());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
