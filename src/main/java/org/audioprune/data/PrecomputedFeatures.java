package org.audioprune.data;

import org.audioprune.audio.FrontEnd;

/**
 * A dataset that holds log-mel features rather than audio (the authors' {@code X_*.npy} release).
 * The feature cache hands these features through instead of running a front end.
 */
public interface PrecomputedFeatures {
    /**
     * The features of one split, the first {@code frames} frames of each clip.
     *
     * @throws org.audioprune.AudioPruneException if the file's mel bands differ from {@code frontEnd}'s
     *                                            or it has fewer than {@code frames} frames
     */
    FeatureSet features(Split split, FrontEnd frontEnd, int frames);

    /** Frames per clip in the file. */
    int frames();
}
