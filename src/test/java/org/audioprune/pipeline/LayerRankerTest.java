package org.audioprune.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.FeatureMaps;
import org.audioprune.prune.FilterRanking;
import org.audioprune.prune.LayerEvidence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LayerRanker's wiring for active criteria, against feature maps assembled here the slow, obvious
 * way: one clip at a time, normalised by hand, each layer taken by its position in the network.
 */
class LayerRankerTest {
    private static final int MELS = 40;
    private static final int FRAMES = 20;
    private static ArchitectureSpec spec;
    private static Checkpoint checkpoint;

    @BeforeAll
    static void network() {
        EngineThreads.configure(1);
        spec = Architectures.create("dcase21", 2, MELS, FRAMES);
        float[] mean = new float[MELS];
        float[] std = new float[MELS];
        for (int m = 0; m < MELS; m++) {
            mean[m] = 0.1f * m;
            std[m] = 1 + 0.05f * m;
        }
        checkpoint = new Checkpoint(spec, List.of("a", "b"), mean, std, InferenceLatency.randomWeights(spec, 11), null);
    }

    /** {@code n} distinct clips of Gaussian noise with a clip-dependent level. */
    static FeatureSet clips(int n) {
        return clips(n, MELS, FRAMES);
    }

    static FeatureSet clips(int n, int mels, int frames) {
        Random r = new Random(n);
        List<float[]> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[mels * frames];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) (r.nextGaussian() * (1 + i % 7) + 0.1 * i);
            }
            data.add(x);
        }
        return new FeatureSet() {
            public int size() {
                return n;
            }

            public int nMels() {
                return mels;
            }

            public int frames() {
                return frames;
            }

            public void copyFeatures(int i, float[] dst, int offset) {
                System.arraycopy(data.get(i), 0, dst, offset, mels * frames);
            }

            public List<Integer> labels(int i) {
                return List.of(i % 2);
            }

            public String device(int i) {
                return null;
            }

            public String clipId(int i) {
                return "clip" + i;
            }

            public List<String> classNames() {
                return List.of("a", "b");
            }

            public boolean multiLabel() {
                return false;
            }
        };
    }

    /** The first min(n, 64) clips' maps of conv layer number {@code convIndex}, clip by clip. */
    static FeatureMaps referenceMaps(FeatureSet sample, int convIndex) {
        int clips = Math.min(sample.size(), LayerRanker.ACTIVE_SAMPLE_CLIPS);
        float[] all = null;
        long[] shape = null;
        try (NetworkRunner runner = new NetworkRunner(spec, checkpoint.weights())) {
            for (int c = 0; c < clips; c++) {
                float[] x = new float[MELS * FRAMES];
                sample.copyFeatures(c, x, 0);
                for (int m = 0; m < MELS; m++) {
                    for (int t = 0; t < FRAMES; t++) {
                        x[m * FRAMES + t] = (x[m * FRAMES + t] - checkpoint.bandMean()[m]) / checkpoint.bandStd()[m];
                    }
                }
                Tensor t = runner.featureMaps(x, 1).get(convIndex);
                if (all == null) {
                    shape = t.shape();
                    all = new float[clips * t.data().length];
                }
                System.arraycopy(t.data(), 0, all, c * t.data().length, t.data().length);
            }
        }
        return FeatureMaps.ofFloat32(clips, (int) shape[1], (int) shape[2], (int) shape[3], all);
    }

    static FilterRanking reference(Criterion criterion, FeatureSet sample, int convIndex) {
        return criterion.builder().build().rank(new LayerEvidence(null, referenceMaps(sample, convIndex)));
    }

    static void assertSameScores(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), what + ", filter " + i);
        }
    }

    @Test
    void batchesCoverEveryClipOnceInOrderUpToTheSampleSize() {
        // 40 clips: batches of 16, 16 and a partial 8; 70 clips: only the first 64 are used
        for (int n : new int[] {40, 70}) {
            FeatureSet sample = clips(n);
            Map<String, FilterRanking> r = LayerRanker.rank(checkpoint, List.of("C1", "C2", "C3"),
                    Criterion.ENERGY.builder().build(), sample);
            for (int layer = 0; layer < 3; layer++) {
                String name = "C" + (layer + 1);
                assertSameScores(reference(Criterion.ENERGY, sample, layer).scores(), r.get(name).scores(),
                        n + " clips, " + name);
            }
        }
    }

    @Test
    void eachLayerGetsItsOwnMapsWhateverTheOrderAsked() {
        FeatureSet sample = clips(20);
        Map<String, FilterRanking> c2 = LayerRanker.rank(checkpoint, List.of("C2"), Criterion.ENERGY.builder().build(),
                sample);
        assertSameScores(reference(Criterion.ENERGY, sample, 1).scores(), c2.get("C2").scores(), "C2 alone");
        Map<String, FilterRanking> backwards = LayerRanker.rank(checkpoint, List.of("C3", "C1"),
                Criterion.ENERGY.builder().build(), sample);
        assertEquals(List.of("C3", "C1"), List.copyOf(backwards.keySet()));
        assertSameScores(reference(Criterion.ENERGY, sample, 2).scores(), backwards.get("C3").scores(), "C3");
        assertSameScores(reference(Criterion.ENERGY, sample, 0).scores(), backwards.get("C1").scores(), "C1");
    }

    /** Filters by score, lowest or highest first, equal scores lower index first. */
    static int[] sortedByScore(double[] scores, boolean highestFirst) {
        Comparator<Integer> byScore = Comparator.comparingDouble(i -> scores[i]);
        Comparator<Integer> order = (highestFirst ? byScore.reversed() : byScore).thenComparingInt(i -> i);
        return IntStream.range(0, scores.length).boxed().sorted(order).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void reversalPrunesTheHighestFirstWithTiesStillByIndex() {
        FeatureSet sample = clips(20);
        for (Criterion criterion : List.of(Criterion.HRANK, Criterion.ENERGY)) {
            CriterionChoice forward = criterion.builder().build();
            CriterionChoice reversed = criterion.builder().optReversed(true).build();
            Map<String, FilterRanking> f = LayerRanker.rank(checkpoint, List.of("C2", "C3"), forward, sample);
            Map<String, FilterRanking> b = LayerRanker.rank(checkpoint, List.of("C2", "C3"), reversed, sample);
            for (String layer : f.keySet()) {
                String what = criterion.label() + " " + layer;
                double[] scores = f.get(layer).scores();
                assertArrayEquals(scores, b.get(layer).scores(), what + ": same scores");
                assertArrayEquals(sortedByScore(scores, false), f.get(layer).pruneOrder(), what + ", lowest first");
                assertArrayEquals(sortedByScore(scores, true), b.get(layer).pruneOrder(), what + ", reversed");
            }
        }
        // C3's maps are 8×4: hrank's integer ranks tie, so the reversal is not the order read backwards
        double[] ranks = LayerRanker.rank(checkpoint, List.of("C3"), Criterion.HRANK.builder().build(), sample)
                .get("C3").scores();
        assertTrue(java.util.Arrays.stream(ranks).distinct().count() < ranks.length, "ties exist");
    }

    /**
     * A free group scores by its producer's maps (mobilenetv1: F0, followed by a depthwise conv);
     * convs inside residual blocks have no captured maps, so their groups are refused by name.
     */
    @Test
    void activeCriteriaOnChannelGroups() {
        FeatureSet sample = clips(4, 64, 32);
        for (String model : List.of("mobilenetv1", "resnet22")) {
            ArchitectureSpec full = Architectures.create(model, 2, 64, 32);
            Map<String, Integer> widths = new java.util.LinkedHashMap<>();
            full.channelGroups().forEach(g -> g.producers().forEach(p -> widths.put(p, g.width() / 4)));
            ArchitectureSpec s = full.withConvWidths(widths);
            Checkpoint c = new Checkpoint(s, List.of("a", "b"), null, null, InferenceLatency.randomWeights(s, 5), null);
            if (model.equals("mobilenetv1")) {
                FilterRanking r = LayerRanker.rank(c, List.of("F0", "F13pw"), Criterion.ENERGY.builder().build(), sample)
                        .get("F0");
                assertEquals(8, r.pruneOrder().length);
                continue;
            }
            for (String group : List.of("C2", "L1_0_c1")) {
                var e = assertThrows(AudioPruneException.class, () -> LayerRanker.rank(c, List.of(group),
                        Criterion.HRANK.builder().build(), sample));
                assertTrue(e.getMessage().contains("channel group " + group), e.getMessage());
            }
            assertEquals(16, LayerRanker.rank(c, List.of("C1"), Criterion.HRANK.builder().build(), sample).get("C1")
                    .pruneOrder().length);
        }
    }

    @Test
    void activeCriteriaNeedASample() {
        var e = assertThrows(AudioPruneException.class, () -> LayerRanker.rank(checkpoint, List.of("C1"),
                Criterion.HRANK.builder().build(), null));
        assertTrue(e.getMessage().contains("hrank") && e.getMessage().contains("--dataset"), e.getMessage());
    }
}
