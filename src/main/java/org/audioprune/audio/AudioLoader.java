package org.audioprune.audio;

import java.nio.file.Path;

/** Reads an audio file as mono float samples in [-1, 1] at a requested sample rate. */
public final class AudioLoader {
    private AudioLoader() {
    }

    /**
     * Decodes {@code file}, mixes it down to mono and resamples it to {@code targetSampleRate}.
     *
     * @throws org.audioprune.AudioPruneException naming the file and the problem
     */
    public static float[] loadMono(Path file, int targetSampleRate) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
