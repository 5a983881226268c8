package org.audioprune.train;

import org.audioprune.AudioPruneException;
import org.audioprune.data.FeatureSet;

/**
 * Per-mel-band standardisation (x − mean[band]) / std[band], fitted on the training split only and
 * stored in the checkpoint. An empty normalisation (no bands) leaves features unchanged: PANNs
 * networks normalise their input themselves (bn0).
 */
public record BandNormalisation(float[] mean, float[] std) {
    /** Below this a band is treated as constant and only centred (std 1), never divided by ~0. */
    private static final double MIN_STD = 1e-6;

    public static BandNormalisation none() {
        return new BandNormalisation(new float[0], new float[0]);
    }

    /** Mean and (population) standard deviation of every band over all frames of all clips of {@code train}. */
    public static BandNormalisation fit(FeatureSet train) {
        int mels = train.nMels();
        int frames = train.frames();
        double[] sum = new double[mels];
        double[] sumSq = new double[mels];
        float[] clip = new float[mels * frames];
        for (int i = 0; i < train.size(); i++) {
            train.copyFeatures(i, clip, 0);
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < frames; t++) {
                    double v = clip[m * frames + t];
                    if (!Double.isFinite(v)) {
                        throw new AudioPruneException("features of training clip '" + train.clipId(i) + "' are "
                                + v + " at mel band " + m + ", frame " + t + " (a damaged feature cache? delete it)");
                    }
                    sum[m] += v;
                    sumSq[m] += v * v;
                }
            }
        }
        float[] mean = new float[mels];
        float[] std = new float[mels];
        double n = (double) train.size() * frames;
        for (int m = 0; m < mels; m++) {
            double mu = sum[m] / n;
            double sd = Math.sqrt(Math.max(sumSq[m] / n - mu * mu, 0));
            mean[m] = (float) mu;
            std[m] = (float) (sd < MIN_STD ? 1 : sd);
        }
        return new BandNormalisation(mean, std);
    }

    /** Normalises one clip (nMels × frames, row-major) in place at {@code offset}. */
    public void apply(float[] data, int offset, int frames) {
        for (int m = 0; m < mean.length; m++) {
            float mu = mean[m];
            float inv = 1f / std[m];
            int row = offset + m * frames;
            for (int t = 0; t < frames; t++) {
                data[row + t] = (data[row + t] - mu) * inv;
            }
        }
    }

    /** Copies clips {@code order[from..to)} of {@code set} into {@code dst}, normalised. */
    void fillBatch(FeatureSet set, int[] order, int from, int to, float[] dst) {
        int clipSize = set.nMels() * set.frames();
        for (int k = from; k < to; k++) {
            int offset = (k - from) * clipSize;
            set.copyFeatures(order[k], dst, offset);
            apply(dst, offset, set.frames());
        }
    }
}
