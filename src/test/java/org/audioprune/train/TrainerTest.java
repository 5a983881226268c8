package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.NetworkRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /** One intra-op thread: the suite must stay fast on a shared, busy machine (see EngineThreads). */
    @BeforeAll
    static void singleThread() {
        EngineThreads.configure(1);
    }
    private static final int MELS = 40;
    private static final int FRAMES = 50;

    @Test
    void singleBatchOverfits() {
        ArchitectureSpec spec = Architectures.create("dcase21", 4, MELS, FRAMES);
        int batch = 4;
        Random r = new Random(3);
        float[] x = new float[batch * MELS * FRAMES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[batch * 4];
        for (int b = 0; b < batch; b++) {
            y[b * 4 + b % 4] = 1;
        }
        TrainingSession.seed(1);
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            TrainingSession session = new TrainingSession(runner, 1e-2f);
            float first = session.step(x, y, batch);
            float last = first;
            int steps = 0;
            while (steps < 100 && last > 0.05f) {
                last = session.step(x, y, batch);
                steps++;
            }
            assertTrue(first > 0.5 * Math.log(4), "an untrained network is near chance (ln 4), got " + first);
            assertTrue(last < 0.05f, "loss after at most 100 steps: " + last);
            // Inference on the memorised batch: every clip's argmax is its label.
            float[] logits = runner.logits(x, batch);
            for (int b = 0; b < batch; b++) {
                double[] row = new double[4];
                for (int c = 0; c < 4; c++) {
                    row[c] = logits[b * 4 + c];
                }
                assertEquals(b % 4, Metrics.argmax(row));
            }
        }
    }

    @Test
    void oneAdamStepMovesEveryWeightByTheLearningRateAndClearsGradients() {
        // Adam's first step is lr·m̂/(√v̂ + ε) with m̂ = g and v̂ = g²: ±lr for any gradient ≫ ε.
        ArchitectureSpec spec = Architectures.create("dcase21", 3, MELS, FRAMES);
        float[] x = new float[4 * MELS * FRAMES];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0};
        float lr = 0.01f;
        TrainingSession.seed(3);
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            float[] before = runner.weights().get("C1.weight").data();
            new TrainingSession(runner, lr).step(x, y, 4);
            float[] after = runner.weights().get("C1.weight").data();
            int movedByLr = 0;
            for (int i = 0; i < before.length; i++) {
                movedByLr += Math.abs(Math.abs(after[i] - before[i]) - lr) < 0.01 * lr ? 1 : 0;
            }
            assertTrue(movedByLr > 0.95 * before.length, movedByLr + " of " + before.length + " moved by lr");
            for (var e : runner.network().namedParameters().entrySet()) {
                if (e.getValue().requiresGradient()) {
                    try (var grad = e.getValue().getArray().getGradient()) {
                        assertEquals(0f, grad.abs().max().getFloat(), e.getKey() + " gradient left for the next step");
                    }
                }
            }
        }
    }

    @Test
    void normalisationIsFittedOnTheTrainingSplitOnly() {
        InMemoryFeatureSet train = InMemoryFeatureSet.separable(8, 2, MELS, FRAMES, 0f, 3f, 1);
        InMemoryFeatureSet validation = InMemoryFeatureSet.separable(8, 2, MELS, FRAMES, 0f, -50f, 2);
        Trainer.Result result = Trainer.train(Architectures.create("dcase21", 2, MELS, FRAMES), train, validation,
                new TrainingConfig(1, 4, 1e-3f, 1, false, false, false));
        Checkpoint ckpt = result.checkpoint();
        for (int m = 0; m < MELS; m++) {
            double sum = 0;
            double sumSq = 0;
            float[] clip = new float[MELS * FRAMES];
            for (int i = 0; i < train.size(); i++) {
                train.copyFeatures(i, clip, 0);
                for (int t = 0; t < FRAMES; t++) {
                    sum += clip[m * FRAMES + t];
                    sumSq += clip[m * FRAMES + t] * clip[m * FRAMES + t];
                }
            }
            double n = train.size() * FRAMES;
            double mean = sum / n;
            assertEquals(mean, ckpt.bandMean()[m], 1e-4, "band " + m);
            assertEquals(Math.sqrt(sumSq / n - mean * mean), ckpt.bandStd()[m], 1e-4, "band " + m);
        }
        // The validation offset (−50) would drag any pooled fit far below the train mean of ≈ 3.
        assertTrue(ckpt.bandMean()[0] > 2.5f);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        InMemoryFeatureSet train = InMemoryFeatureSet.separable(12, 3, MELS, FRAMES, 1f, 0f, 4);
        InMemoryFeatureSet validation = InMemoryFeatureSet.separable(6, 3, MELS, FRAMES, 1f, 0f, 5);
        ArchitectureSpec spec = Architectures.create("dcase21", 3, MELS, FRAMES);
        TrainingConfig config = new TrainingConfig(1, 4, 1e-3f, 42, true, true, false);
        Checkpoint a = Trainer.train(spec, train, validation, config).checkpoint();
        Checkpoint b = Trainer.train(spec, train, validation, config).checkpoint();
        Checkpoint c = Trainer.train(spec, train, validation,
                new TrainingConfig(1, 4, 1e-3f, 43, true, true, false)).checkpoint();
        boolean anyDifferent = false;
        for (String name : a.weights().keySet()) {
            assertArrayEquals(a.weight(name).data(), b.weight(name).data(), name);
            anyDifferent |= !Arrays.equals(a.weight(name).data(), c.weight(name).data());
        }
        assertTrue(anyDifferent, "another seed gives other weights");
    }

    @Test
    void learnsSeparableClassesAndKeepsTheBestEpoch() {
        InMemoryFeatureSet train = InMemoryFeatureSet.separable(40, 4, MELS, FRAMES, 1.5f, 0f, 6);
        InMemoryFeatureSet validation = InMemoryFeatureSet.separable(20, 4, MELS, FRAMES, 1.5f, 0f, 7);
        InMemoryFeatureSet test = InMemoryFeatureSet.separable(20, 4, MELS, FRAMES, 1.5f, 0f, 8);
        Trainer.Result result = Trainer.train(Architectures.create("dcase21", 4, MELS, FRAMES), train, validation,
                new TrainingConfig(6, 8, 3e-3f, 1, false, false, false));
        double best = result.history().stream().mapToDouble(Trainer.EpochRecord::validationMetric).max().orElseThrow();
        assertEquals(best, result.history().get(result.bestEpoch() - 1).validationMetric());
        // The kept weights are the best epoch's: evaluating them reproduces its validation accuracy.
        assertEquals(best, Evaluator.evaluate(result.checkpoint(), validation, "validation").accuracy(), 1e-12);
        EvaluationResult r = Evaluator.evaluate(result.checkpoint(), test, "test");
        assertTrue(r.accuracy() >= 0.9, "test accuracy on separable data: " + r.accuracy());
        assertEquals(Double.valueOf(r.accuracy()), Double.valueOf(
                (r.perDeviceAccuracy().get("a") + r.perDeviceAccuracy().get("b")) / 2), 1e-12);
        assertEquals(20, Arrays.stream(r.confusion()).flatMapToInt(Arrays::stream).sum());
    }

    @Test
    void finetuningStartsFromTheGivenWeightsAndKeepsNormalisation() {
        InMemoryFeatureSet train = InMemoryFeatureSet.separable(12, 3, MELS, FRAMES, 1f, 2f, 9);
        ArchitectureSpec spec = Architectures.create("dcase21", 3, MELS, FRAMES);
        Checkpoint start = Trainer.train(spec, train, null, new TrainingConfig(1, 4, 1e-3f, 1, false, false, false))
                .checkpoint();
        InMemoryFeatureSet shifted = InMemoryFeatureSet.separable(12, 3, MELS, FRAMES, 1f, 40f, 10);
        Checkpoint tuned = Trainer.train(start, shifted, null, new TrainingConfig(1, 4, 1e-9f, 1, false, false, false))
                .checkpoint();
        assertArrayEquals(start.bandMean(), tuned.bandMean());
        // A negligible learning rate leaves the trainable weights (almost) where they started.
        float[] w0 = start.weight("C2.weight").data();
        float[] w1 = tuned.weight("C2.weight").data();
        for (int i = 0; i < w0.length; i++) {
            assertEquals(w0[i], w1[i], 1e-5);
        }
    }

    @Test
    void taggingNetworkTrainsWithBceAugmentationAndReportsMapAucDPrime() {
        InMemoryFeatureSet train = InMemoryFeatureSet.tagged(8, 3, 64, 32, 1);
        InMemoryFeatureSet validation = InMemoryFeatureSet.tagged(6, 3, 64, 32, 2);
        Trainer.Result result = Trainer.train(Architectures.create("cnn6", 3, 64, 32), train, validation,
                new TrainingConfig(1, 4, 1e-3f, 1, true, true, false));
        assertEquals("mAP", result.metricName());
        assertEquals(0, result.checkpoint().bandMean().length, "PANNs normalise with bn0, not in the checkpoint");
        EvaluationResult r = Evaluator.evaluate(result.checkpoint(), validation, "validation");
        assertTrue(r.multiLabel());
        assertTrue(r.meanAveragePrecision() > 0 && r.meanAveragePrecision() <= 1, "mAP " + r.meanAveragePrecision());
        assertTrue(r.meanAuc() >= 0 && r.meanAuc() <= 1, "AUC " + r.meanAuc());
        assertEquals(Math.sqrt(2) * Metrics.inverseNormalCdf(r.meanAuc()), r.dPrime(), 1e-12);
        assertEquals(r.meanAveragePrecision(), result.history().get(0).validationMetric(), 1e-12);
    }

    @Test
    void mismatchedFeaturesAreAUserError() {
        InMemoryFeatureSet train = InMemoryFeatureSet.separable(8, 2, MELS, 30, 1f, 0f, 1);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Trainer.train(
                Architectures.create("dcase21", 2, MELS, FRAMES), train, null,
                new TrainingConfig(1, 4, 1e-3f, 1, false, false, false)));
        assertTrue(e.getMessage().contains("40x30"), e.getMessage());
    }

    @Test
    void specAugmentMasksStripesWithinBounds() {
        int mels = 40;
        int frames = 100;
        int batch = 16;
        float[] x = new float[batch * mels * frames];
        Arrays.fill(x, 1f);
        Trainer.specAugment(x, batch, mels, frames, new Random(5));
        int masked = 0;
        java.util.Set<String> masks = new java.util.HashSet<>();
        for (int b = 0; b < batch; b++) {
            int o = b * mels * frames;
            boolean[] zeroRow = new boolean[mels];
            boolean[] zeroColumn = new boolean[frames];
            for (int m = 0; m < mels; m++) {
                boolean all = true;
                for (int t = 0; t < frames; t++) {
                    all &= x[o + m * frames + t] == 0f;
                }
                zeroRow[m] = all;
            }
            for (int t = 0; t < frames; t++) {
                boolean all = true;
                for (int m = 0; m < mels; m++) {
                    all &= x[o + m * frames + t] == 0f;
                }
                zeroColumn[t] = all;
            }
            for (int m = 0; m < mels; m++) {
                for (int t = 0; t < frames; t++) {
                    float v = x[o + m * frames + t];
                    assertTrue(v == 1f || v == 0f && (zeroRow[m] || zeroColumn[t]),
                            "a value is kept or lies in a whole masked band or frame: clip " + b + " (" + m + ", " + t + ")");
                    masked += v == 0f ? 1 : 0;
                }
            }
            // two stripes of each kind: at most two runs, each narrower than its limit
            assertRuns(zeroRow, 7, "mel stripes of clip " + b);
            assertRuns(zeroColumn, 63, "time stripes of clip " + b);
            assertTrue(!allTrue(zeroColumn), "never the whole clip");
            masks.add(Arrays.toString(zeroRow) + Arrays.toString(zeroColumn));
        }
        assertTrue(masked > batch * (mels + frames), "stripes were masked: " + masked + " zeros");
        assertTrue(masks.size() > batch / 2, "every clip draws its own stripes: " + masks.size() + " distinct masks");
    }

    /** At most two runs of true, each of at most {@code maxWidth} (two stripes may overlap or touch: then one run ≤ 2·max). */
    private static void assertRuns(boolean[] zero, int maxWidth, String what) {
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (boolean z : zero) {
            if (z) {
                run++;
            } else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        if (run > 0) {
            runs.add(run);
        }
        assertTrue(runs.size() <= 2, what + ": " + runs);
        int total = runs.stream().mapToInt(Integer::intValue).sum();
        assertTrue(total <= 2 * maxWidth && (runs.size() == 1 || runs.stream().allMatch(r -> r <= maxWidth)),
                what + ": " + runs);
    }

    private static boolean allTrue(boolean[] a) {
        for (boolean v : a) {
            if (!v) {
                return false;
            }
        }
        return true;
    }

    @Test
    void mixupBlendsInputsAndTargetsAlike() {
        // clip i is the one-hot vector e_i as input and as target: mixed, input and target must stay equal
        int batch = 6;
        float[] x = new float[batch * batch];
        float[] y = new float[batch * batch];
        for (int i = 0; i < batch; i++) {
            x[i * batch + i] = 1;
            y[i * batch + i] = 1;
        }
        Trainer.mixup(x, y, batch, batch, batch, new Random(1));
        for (int i = 0; i < batch; i++) {
            float own = x[i * batch + i];
            int partners = 0;
            double sum = 0;
            for (int k = 0; k < batch; k++) {
                float v = x[i * batch + k];
                assertEquals(v, y[i * batch + k], 1e-6, "input and target of clip " + i + " mix with the same lambda");
                sum += v;
                partners += k != i && v > 0 ? 1 : 0;
            }
            assertEquals(1, sum, 1e-6, "convex weights of clip " + i);
            assertTrue(own > 0 && own < 1, "clip " + i + " is a blend, not itself: lambda " + own);
            assertEquals(1, partners, "clip " + i + " mixes with exactly one other clip");
        }
    }
}
