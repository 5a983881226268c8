package org.audioprune.data;

import java.util.List;

/**
 * The log-mel features of one split, every clip cropped or padded to the same number of frames.
 * Backed by a memory-mapped cache file; values are un-normalised (normalisation is fitted on the
 * training split by the trainer and stored in the checkpoint).
 */
public interface FeatureSet {
    int size();

    int nMels();

    int frames();

    /** Copies clip {@code i}'s features, row-major (nMels, frames), into {@code dst} at {@code offset}. */
    void copyFeatures(int i, float[] dst, int offset);

    /** Clip {@code i}'s label indices. */
    List<Integer> labels(int i);

    /** Clip {@code i}'s recording device, or {@code null}. */
    String device(int i);

    /** Clip {@code i}'s id (see {@link Clip#id()}). */
    String clipId(int i);

    List<String> classNames();

    boolean multiLabel();
}
