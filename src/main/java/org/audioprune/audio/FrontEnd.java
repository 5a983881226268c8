package org.audioprune.audio;

/**
 * Turns mono audio at {@link #sampleRate()} into an un-normalised log-mel spectrogram.
 * Implementations are immutable and thread-safe.
 */
public interface FrontEnd {
    /** Short name used on the command line and in checkpoints: {@code dcase21}, {@code panns}. */
    String name();

    /** The sample rate the front end expects; callers resample to it first. */
    int sampleRate();

    /** Number of mel bands (rows of the output). */
    int nMels();

    /** Number of frames produced for {@code nSamples} samples (centred framing). */
    int frames(int nSamples);

    /**
     * Every parameter that changes the output, as one stable string; the feature cache keys on it,
     * so a changed parameter invalidates cached features.
     */
    String cacheKey();

    /**
     * Multiply-accumulates to compute {@code frames} frames of {@code nMels} bands, counted as the
     * complexity tables count them (docs/models.md); reported apart from the network's.
     */
    long macs(int nMels, int frames);

    /** The log-mel spectrogram, shape (nMels, frames(mono.length)). */
    float[][] compute(float[] mono);
}
