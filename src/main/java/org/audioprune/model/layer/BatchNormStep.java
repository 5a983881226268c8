package org.audioprune.model.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.BatchNorm;

/** Batch norm at inference over the channel axis: running statistics, then γ and β. */
record BatchNormStep(float[] mean, float[] var, float[] gamma, float[] beta, double eps) implements InferenceStep {

    @Override
    public Op compile(NDManager manager, boolean channelsLast) {
        long n = mean.length;
        NDArray m = InferenceStep.upload(manager, mean, n);
        NDArray v = InferenceStep.upload(manager, var, n);
        NDArray g = InferenceStep.upload(manager, gamma, n);
        NDArray b = InferenceStep.upload(manager, beta, n);
        float e = (float) eps;
        return x -> BatchNorm.batchNorm(x, m, v, g, b, 1, 0f, e, false).singletonOrThrow();
    }

    /**
     * The batch norm as y = x·scale + shift: scale = γ/√(σ²+ε), shift = β − μ·scale, computed in
     * double; returns {scale, shift}.
     */
    float[][] affine() {
        int n = mean.length;
        float[] scale = new float[n];
        float[] shift = new float[n];
        for (int i = 0; i < n; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + eps);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        return new float[][] {scale, shift};
    }
}
