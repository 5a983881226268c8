package org.audioprune.model.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Every inference form the form search can choose, of every network, against the plain network
 * (the training block's inference forward) to 1e-4; and how the search chooses.
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
        float[] plain = InferenceOptimizerTest.plainLogits(spec, weights, x, batch);
        List<InferenceForm> forms = FormSearch.forms(spec, weights, List.of(1, 2));
        if (expectedForms > 0) {
            assertEquals(2 * expectedForms, forms.size(), forms.toString());
        }
        // ONNX Runtime is registered as a service from interchange: one form per thread count
        assertEquals(2, forms.stream().filter(f -> f.backend().equals("onnxruntime")).count(), forms.toString());
        for (InferenceForm f : forms) {
            try (CompiledNetwork net = f.compile(spec, weights)) {
                InferenceOptimizerTest.assertAgrees(plain, EngineThreads.with(1, () -> f.call(net, x, batch)),
                        spec.name() + " " + f.label());
            }
        }
    }

    @Test
    void everyFormOfDcase21MatchesThePlainNetwork() {
        // conv + BN + ReLU before max-pool: all three rewrites find work, 2^3 distinct programs, and packed
        // convolutions with BN folded: 2^2 more; and ONNX Runtime's one
        assertEveryFormMatches(Architectures.create("dcase21", 10, 40, 100), 3, 13);
    }

    @Test
    void everyFormOfPrunedDcase21MatchesThePlainNetwork() {
        ArchitectureSpec paper = Architectures.create("dcase21", 10, 40, 100).withConvWidths(Map.of("C1", 8, "C2", 8));
        assertEveryFormMatches(paper, 5, 13);
    }

    @Test
    void everyFormOfReducedCnn14MatchesThePlainNetwork() {
        // PANNs pool by averaging, which does not commute with ReLU: ReLU-after-pool is no distinct form (2^2 + 2, + ONNX Runtime)
        assertEveryFormMatches(reducedCnn14(), 7, 7);
    }

    /** The coupled networks (depthwise convs, residual sums), each channel group at a quarter of its width. */
    @Test
    void everyFormOfTheCoupledNetworksMatchesThePlainNetwork() {
        for (String name : List.of("mobilenetv1", "mobilenetv2", "resnet22")) {
            ArchitectureSpec spec = Architectures.create(name, 3, 64, 64);
            Map<String, Integer> widths = new LinkedHashMap<>();
            spec.channelGroups().forEach(g -> g.producers().forEach(p -> widths.put(p, Math.max(2, g.width() / 4))));
            assertEveryFormMatches(spec.withConvWidths(widths), 9, -1);
        }
    }

    @Test
    void searchChoosesTheCandidateWithTheLowestMedian() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        FormSearch.Choice c = FormSearch.fastest(spec, InferenceLatency.randomWeights(spec, 1), 1, List.of(1),
                FormSearch.Memory.NONE);
        assertFalse(c.cached());
        assertTrue(c.rejected().isEmpty(), c.rejected().toString());
        assertEquals(13, c.candidates().size());
        assertEquals(InferenceLatency.Clock.CPU, c.clock());
        double best = c.candidates().stream().mapToDouble(FormSearch.Candidate::medianMs).min().orElseThrow();
        assertEquals(best, c.candidates().stream().filter(k -> k.form().equals(c.form())).findFirst()
                .orElseThrow().medianMs());
    }

    @Test
    void moreThreadsAreComparedOnWallTime() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        FormSearch.Choice c = FormSearch.fastest(spec, InferenceLatency.randomWeights(spec, 2), 1, List.of(1, 2),
                FormSearch.Memory.NONE);
        assertEquals(InferenceLatency.Clock.WALL, c.clock());
        assertEquals(26, c.candidates().size());
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
