package org.audioprune.data;

import java.util.List;
import org.audioprune.audio.AudioLoader;

/** A labelled audio dataset on disk, already split. Engine-free: no DJL types here. */
public interface AudioDataset {
    /** The {@code KIND:PATH} string it was opened from. */
    String spec();

    /** Class names; label indices point into this list. */
    List<String> classNames();

    /** True for tagging data (several labels per clip), false for one label per clip. */
    boolean multiLabel();

    /** The clips of one split, in a deterministic order. */
    List<Clip> clips(Split split);

    /**
     * One clip's audio as mono samples at {@code sampleRate}: by default its WAV file decoded and
     * resampled ({@link AudioLoader}); datasets that pack waveforms into one file read them there.
     */
    default float[] loadMono(Clip clip, int sampleRate) {
        return AudioLoader.loadMono(clip.audio(), sampleRate);
    }
}
