package org.audioprune.model.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every inference form the form search can choose, of every network, against the plain network
 * (the training block's inference forward) to 1e-4; and the search's cache.
 */
class InferenceFormsTest {

    private static ArchitectureSpec reducedCnn14() {
        Map<String, Integer> widths = new LinkedHashMap<>();
        int[] w = {8, 8, 16, 16, 24, 24, 32, 32, 32, 32, 48, 48};
        for (int i = 0; i < w.length; i++) {
            widths.put("C" + (i + 1), w[i]);
        }
        return Architectures.create("cnn14", 5, 64, 96).withConvWidths(widths);
    }

    private static void assertEveryFormMatches(ArchitectureSpec spec, long seed, int expectedForms) {
        Map<String, Tensor> weights = InferenceLatency.randomWeights(spec, seed);
        int batch = 3;
        float[] x = InferenceLatency.randomInput(spec, batch, seed + 1);
        float[] plain;
        try (NetworkRunner reference = new NetworkRunner(spec, weights)) {
            plain = reference.logits(x, batch);
        }
        double scale = 0;
        for (float v : plain) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0.1, "reference logits are degenerate (max |logit| " + scale + ")");
        List<InferenceForm> forms = FormSearch.forms(spec, weights, List.of(1, 2));
        assertEquals(2 * expectedForms, forms.size(), forms.toString());
        for (InferenceForm f : forms) {
            try (CompiledNetwork net = f.compile(spec, weights)) {
                float[] y = EngineThreads.with(1, () -> f.call(net, x, batch));
                assertEquals(plain.length, y.length);
                for (int i = 0; i < y.length; i++) {
                    assertEquals(plain[i], y[i], 1e-4 * Math.max(1, Math.abs(plain[i])),
                            spec.name() + " " + f.label() + " logit " + i);
                }
            }
        }
    }

    @Test
    void everyFormOfDcase21MatchesThePlainNetwork() {
        // conv + BN + ReLU before max-pool: all three rewrites find work, 2^3 distinct programs, and packed
        // convolutions with BN folded: 2^2 more
        assertEveryFormMatches(Architectures.create("dcase21", 10, 40, 100), 3, 12);
    }

    @Test
    void everyFormOfPrunedDcase21MatchesThePlainNetwork() {
        ArchitectureSpec paper = Architectures.create("dcase21", 10, 40, 100).withConvWidths(Map.of("C1", 8, "C2", 8));
        assertEveryFormMatches(paper, 5, 12);
    }

    @Test
    void everyFormOfReducedCnn14MatchesThePlainNetwork() {
        // PANNs pool by averaging, which does not commute with ReLU: ReLU-after-pool is no distinct form (2^2 + 2)
        assertEveryFormMatches(reducedCnn14(), 7, 6);
    }

    @Test
    void searchChoosesACandidateAndRemembersItPerNetworkContent(@TempDir Path dir) throws Exception {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        Map<String, Tensor> weights = InferenceLatency.randomWeights(spec, 1);
        FormCache cache = new FormCache(dir, "test machine");
        FormSearch.Choice first = FormSearch.fastest(spec, weights, 1, List.of(1), cache);
        assertFalse(first.cached());
        assertTrue(first.rejected().isEmpty(), first.rejected().toString());
        assertEquals(12, first.candidates().size());
        double best = first.candidates().stream().mapToDouble(FormSearch.Candidate::medianMs).min().orElseThrow();
        assertEquals(best, first.candidates().stream().filter(c -> c.form().equals(first.form())).findFirst()
                .orElseThrow().medianMs());
        assertEquals(InferenceLatency.Clock.CPU, first.clock());

        FormSearch.Choice again = FormSearch.fastest(spec, weights, 1, List.of(1), cache);
        assertTrue(again.cached());
        assertEquals(first.form(), again.form());
        assertEquals(first.candidates(), again.candidates());

        // another batch size, another machine, other weights: each its own entry
        assertFalse(FormSearch.fastest(spec, weights, 2, List.of(1), cache).cached());
        assertFalse(FormSearch.fastest(spec, weights, 1, List.of(1), new FormCache(dir, "other machine")).cached());
        Map<String, Tensor> changed = new HashMap<>(weights);
        Tensor w = weights.get("C1.weight");
        float[] data = w.data().clone();
        data[0] += 1e-3f;
        changed.put("C1.weight", new Tensor(w.shape(), data));
        assertNotEquals(FormCache.contentHash(spec, weights), FormCache.contentHash(spec, changed));
        assertFalse(FormSearch.fastest(spec, changed, 1, List.of(1), cache).cached());

        // a damaged entry is measured again, not trusted
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.writeString(p, "{ not json");
            }
        }
        assertFalse(FormSearch.fastest(spec, weights, 1, List.of(1), cache).cached());
        assertTrue(FormSearch.fastest(spec, weights, 1, List.of(1), cache).cached());
    }

    @Test
    void moreThreadsAreComparedOnWallTime() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        FormSearch.Choice c = FormSearch.fastest(spec, InferenceLatency.randomWeights(spec, 2), 1, List.of(1, 2),
                FormCache.none());
        assertEquals(InferenceLatency.Clock.WALL, c.clock());
        assertEquals(24, c.candidates().size());
        assertFalse(c.cached());
    }

    @Test
    void aFormFarBehindAfterARoundStopsRunning() {
        int[] calls = new int[2];
        double[] medians = FormSearch.race(List.of(() -> sleep(2, calls, 0), () -> sleep(40, calls, 1)), 0, 5,
                InferenceLatency.Clock.WALL);
        assertEquals(5, calls[0]);
        assertEquals(1, calls[1], "40 ms is more than 1.5 × 2 ms after the first round");
        assertTrue(medians[0] < medians[1]);
    }

    private static void sleep(long ms, int[] calls, int k) {
        calls[k]++;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void deviationIsRelativeAboveOneAndCatchesNaN() {
        assertEquals(0.5, FormSearch.deviation(new float[] {1.5f}, new float[] {1f}), 1e-9);
        assertEquals(0.1, FormSearch.deviation(new float[] {11f}, new float[] {10f}), 1e-6);
        assertEquals(0.25, FormSearch.deviation(new float[] {0.25f}, new float[] {0f}), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, FormSearch.deviation(new float[] {Float.NaN}, new float[] {0f}));
        assertEquals(Double.POSITIVE_INFINITY, FormSearch.deviation(new float[] {0f, 0f}, new float[] {0f}));
    }
}
