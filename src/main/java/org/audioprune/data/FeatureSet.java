package org.audioprune.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
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

    /**
     * A digest that changes whenever the clips, their labels or their features change (saved
     * training state is keyed on it, so a resumed run continues only on the same data). The default
     * hashes everything; a cached set answers with its cache key.
     */
    default String identity() {
        MessageDigest sha = Digests.sha256();
        sha.update((size() + " " + nMels() + " " + frames() + " " + multiLabel() + " " + classNames() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        float[] clip = new float[nMels() * frames()];
        ByteBuffer bytes = ByteBuffer.allocate(clip.length * Float.BYTES);
        for (int i = 0; i < size(); i++) {
            sha.update((clipId(i) + " " + labels(i) + " " + device(i) + "\n").getBytes(StandardCharsets.UTF_8));
            copyFeatures(i, clip, 0);
            bytes.clear();
            bytes.asFloatBuffer().put(clip);
            sha.update(bytes.array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
