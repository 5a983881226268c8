package org.audioprune.prune;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Active criteria from the singular values of each feature map (H×W), averaged over the sample;
 * the lowest mean is pruned first. {@code hrank} (Lin et al. 2020): the matrix rank, counting
 * singular values above numpy's default tolerance σ_max · max(H, W) · ε. {@code energy} (Yeom et al.):
 * the nuclear norm Σσ.
 */
public final class FeatureMapSpectrum implements FilterImportance {
    private final boolean rank;

    private FeatureMapSpectrum(boolean rank) {
        this.rank = rank;
    }

    public static FeatureMapSpectrum hrank() {
        return new FeatureMapSpectrum(true);
    }

    public static FeatureMapSpectrum energy() {
        return new FeatureMapSpectrum(false);
    }

    @Override
    public FilterRanking rank(LayerEvidence layer) {
        FeatureMaps maps = layer.featureMaps();
        int h = maps.height();
        int w = maps.width();
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(h, w, false, false, true);
        DMatrixRMaj map = new DMatrixRMaj(h, w);
        double[] scores = new double[maps.channels()];
        for (int c = 0; c < maps.channels(); c++) {
            double sum = 0;
            for (int n = 0; n < maps.samples(); n++) {
                System.arraycopy(maps.data(), ((n * maps.channels()) + c) * h * w, map.data, 0, h * w);
                if (!svd.decompose(map)) {
                    throw new IllegalStateException("SVD did not converge for channel " + c + ", sample " + n);
                }
                double[] sv = svd.getSingularValues();
                int count = svd.numberOfSingularValues();
                double max = 0;
                double nuclear = 0;
                for (int i = 0; i < count; i++) {
                    max = Math.max(max, sv[i]);
                    nuclear += sv[i];
                }
                if (rank) {
                    double tol = max * Math.max(h, w) * maps.epsilon();
                    int r = 0;
                    for (int i = 0; i < count; i++) {
                        r += sv[i] > tol ? 1 : 0;
                    }
                    sum += r;
                } else {
                    sum += nuclear;
                }
            }
            scores[c] = sum / maps.samples();
        }
        return FilterRanking.byScore(scores, false);
    }
}
