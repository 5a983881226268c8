package org.audioprune.model.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEndId;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.Activation;
import org.audioprune.model.layer.Conv;
import org.audioprune.model.layer.Dense;
import org.audioprune.model.layer.GlobalPool;
import org.audioprune.model.layer.MelBatchNorm;
import org.audioprune.model.layer.Pool;
import org.audioprune.model.layer.PoolKind;
import org.junit.jupiter.api.Test;

/** The optimised forward against the training block's inference forward (NetworkRunner). */
class InferenceOptimizerTest {
    /** The plain network's logits (the training block's inference forward), checked to be non-degenerate. */
    static float[] plainLogits(ArchitectureSpec spec, Map<String, Tensor> weights, float[] x, int batch) {
        float[] plain;
        try (NetworkRunner reference = new NetworkRunner(spec, weights)) {
            plain = reference.logits(x, batch);
        }
        assertEquals(batch * spec.numClasses(), plain.length);
        double scale = 0;
        for (float v : plain) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0.1, "reference logits are degenerate (max |logit| " + scale + ")");
        return plain;
    }

    /** {@code y} agrees with {@code plain} to 1e-4 · max(1, |plain|) ({@link FormSearch#TOLERANCE}). */
    static void assertAgrees(float[] plain, float[] y, String what) {
        assertEquals(plain.length, y.length, what);
        for (int i = 0; i < y.length; i++) {
            assertEquals(plain[i], y[i], 1e-4 * Math.max(1, Math.abs(plain[i])), what + " logit " + i);
        }
    }

    private static void assertMatchesReference(ArchitectureSpec spec, int batch, long seed) {
        Map<String, Tensor> weights = InferenceLatency.randomWeights(spec, seed);
        float[] x = InferenceLatency.randomInput(spec, batch, seed + 1);
        float[] expected = plainLogits(spec, weights, x, batch);
        for (InferenceOptimizer.Options o : InferenceOptimizer.Options.all()) {
            try (InferenceOptimizer fast = InferenceOptimizer.build(spec, weights, o)) {
                assertAgrees(expected, fast.predict(x, batch), spec.name() + " " + o);
            }
        }
    }

    @Test
    void dcase21MatchesTheNetwork() {
        assertMatchesReference(Architectures.create("dcase21", 10, 40, 50), 2, 11);
    }

    @Test
    void prunedDcase21MatchesTheNetwork() {
        ArchitectureSpec paper = Architectures.create("dcase21", 10, 40, 50).withConvWidths(Map.of("C1", 8, "C2", 8));
        assertMatchesReference(paper, 3, 21);
    }

    @Test
    void pannsNetworkWithMelBatchNormMatches() {
        ArchitectureSpec cnn6 = Architectures.create("cnn6", 5, 16, 32).withConvWidths(Map.of("C1", 8, "C2", 16,
                "C3", 24, "C4", 32));
        assertMatchesReference(cnn6, 2, 31);
    }

    /** A per-band affine that is not the first step runs as an op instead of on the upload. */
    @Test
    void melBatchNormAfterAnotherLayerMatches() {
        ArchitectureSpec spec = ArchitectureSpec.builder("pooled-bn0").frontEnd(FrontEndId.PANNS).input(16, 40)
                .classes(4, true)
                .layer(new Pool(PoolKind.AVG, 1, 2))
                .layer(new MelBatchNorm("bn0", 1, 1e-5))
                .layer(Conv.builder("C1", 6).kernel(3, 3).explicitPadding(1, 1).batchNorm(1e-5).build())
                .layer(new GlobalPool(GlobalPool.Mode.PANNS))
                .layer(Dense.of("fc", 4, Activation.LINEAR))
                .build();
        assertMatchesReference(spec, 2, 41);
    }

    @Test
    void rejectsMissingWeightAndShortInput() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        Map<String, Tensor> weights = new HashMap<>(InferenceLatency.randomWeights(spec, 1));
        weights.remove("C2.bn.running_var");
        AudioPruneException missing = assertThrows(AudioPruneException.class,
                () -> InferenceOptimizer.build(spec, weights, InferenceOptimizer.Options.none()));
        assertTrue(missing.getMessage().contains("C2.bn.running_var"), missing.getMessage());
        try (InferenceOptimizer fast = InferenceOptimizer.build(spec, InferenceLatency.randomWeights(spec, 1),
                InferenceOptimizer.Options.none())) {
            assertThrows(AudioPruneException.class, () -> fast.predict(new float[40 * 50], 2));
        }
    }

    @Test
    void interleavedRunsRotateTheirStartAndPairRatios() {
        assertEquals(2.0, InferenceLatency.median(new double[] {5, 1, 2}));
        assertEquals(2.5, InferenceLatency.median(new double[] {4, 1, 3, 2}));
        assertEquals(1.75, InferenceLatency.percentile(new double[] {4, 1, 3, 2}, 25)); // numpy: 1.75
        List<Integer> order = new java.util.ArrayList<>();
        List<InferenceLatency.Samples> m = InferenceLatency.measure(List.of(() -> order.add(1), () -> order.add(2),
                () -> order.add(3)), 0, 3);
        assertEquals(List.of(1, 2, 3, 2, 3, 1, 3, 1, 2), order);
        assertEquals(3, m.size());
        assertEquals(3, m.get(0).wall().length);
        InferenceLatency.Spread r = InferenceLatency.pairedRatios(new double[] {4, 9, 2}, new double[] {2, 3, 2});
        assertEquals(new InferenceLatency.Spread(2, 1.5, 2.5), r);
    }
}
