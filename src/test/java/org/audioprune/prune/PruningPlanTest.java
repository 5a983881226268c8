package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;

class PruningPlanTest {
    private final ArchitectureSpec dcase21 = Architectures.create("dcase21");
    private final ArchitectureSpec cnn14 = Architectures.create("cnn14");

    @Test
    void keepCountIsCeilingOfKeptShareAtLeastOne() {
        assertEquals(8, PruningPlan.keepCount(16, 0.5));
        assertEquals(12, PruningPlan.keepCount(16, 0.25));
        assertEquals(3, PruningPlan.keepCount(10, 0.7), "(1-0.7)*10 is 3.0000000000000004 in binary");
        assertEquals(2, PruningPlan.keepCount(3, 0.5));
        assertEquals(1, PruningPlan.keepCount(1, 0.9));
        assertEquals(1, PruningPlan.keepCount(5, 0.99));
        assertEquals(1536, PruningPlan.keepCount(2048, 0.25));
        assertEquals(192, PruningPlan.keepCount(256, 0.25));
        assertEquals(16, PruningPlan.keepCount(16, 0));
    }

    @Test
    void parsesPerLayerForm() {
        PruningPlan p = PruningPlan.parse("C2=0.5, C1=0.25", dcase21);
        assertEquals(List.of("C1", "C2"), List.copyOf(p.ratios().keySet()), "network order");
        assertEquals(Map.of("C1", 12, "C2", 8), p.keptWidths(dcase21));
        assertEquals("C1=0.25,C2=0.5", p.toString());
    }

    @Test
    void parsesLayerRanges() {
        assertEquals(List.of("C6", "C7", "C8", "C9", "C10", "C11", "C12"), PruningPlan.parseLayers("C6-C12", cnn14));
        assertEquals(List.of("C1", "C7", "C8", "C9", "C10", "C11", "C12"), PruningPlan.parseLayers("c1+c7-c12", cnn14));
        assertEquals(List.of("C1", "C3"), PruningPlan.parseLayers("C1,C3", dcase21));
        assertEquals(dcase21.convLayerNames(), PruningPlan.parseLayers("all", dcase21));
        PruningPlan p = PruningPlan.uniform(0.25, "C6-C12", cnn14);
        assertEquals(1536, p.keptWidths(cnn14).get("C12"));
        assertEquals(192, p.keptWidths(cnn14).get("C6"));
        assertEquals(7, p.ratios().size());
    }

    private static void assertOneLineError(Runnable r, String fragment) {
        AudioPruneException e = assertThrows(AudioPruneException.class, r::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badPlansFailWithOneLine() {
        assertOneLineError(() -> PruningPlan.parse("C9=0.5", dcase21), "C9");
        assertOneLineError(() -> PruningPlan.parse("fc2=0.5", dcase21), "unknown conv layer 'fc2'");
        assertOneLineError(() -> PruningPlan.parse("C1=1.0", dcase21), "1.0 is out of range");
        assertOneLineError(() -> PruningPlan.parse("C1=-0.1", dcase21), "-0.1 is out of range");
        assertOneLineError(() -> PruningPlan.parse("C1=NaN", dcase21), "out of range");
        assertOneLineError(() -> PruningPlan.parse("C1=half", dcase21), "'half' is not a number");
        assertOneLineError(() -> PruningPlan.parse("C1", dcase21), "not LAYER=RATIO");
        assertOneLineError(() -> PruningPlan.parse("C1=0.1,C1=0.2", dcase21), "twice");
        assertOneLineError(() -> PruningPlan.uniform(1.0, "all", dcase21), "out of range");
        assertOneLineError(() -> PruningPlan.uniform(0.5, "C3-C1", dcase21), "backwards");
        assertOneLineError(() -> PruningPlan.uniform(0.5, "C1-C13", cnn14), "C13");
    }

    /** Prunes the highest index first and records the weights it was shown. */
    private static final class HighestFirst implements FilterImportance {
        final Map<String, long[]> seen = new LinkedHashMap<>();
        final List<double[]> data = new ArrayList<>();

        @Override
        public FilterRanking rank(LayerEvidence layer) {
            ConvWeights w = layer.weights();
            seen.put("layer" + seen.size(), new long[] {w.filters(), w.channels(), w.kernelHeight(), w.kernelWidth()});
            data.add(w.data());
            int n = w.filters();
            return new FilterRanking(IntStream.range(0, n).map(i -> n - 1 - i).toArray(), new double[n]);
        }
    }

    static Checkpoint indexCheckpoint(ArchitectureSpec spec) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (ArchitectureSpec.Parameter p : spec.parameters()) {
            Tensor t = Tensor.zeros(p.shape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = i;
            }
            w.put(p.name(), t);
        }
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "c" + i).toList();
        return new Checkpoint(spec, classes, null, null, w, Map.of());
    }

    @Test
    void keptFiltersScoreUnprunedWeightsAndDropTheFirstOfThePruneOrder() {
        Checkpoint ckpt = indexCheckpoint(dcase21);
        HighestFirst crit = new HighestFirst();
        Map<String, int[]> kept = PruningPlan.parse("C1=0.5,C2=0.25", dcase21).keptFilters(ckpt, crit);
        assertArrayEquals(IntStream.range(0, 8).toArray(), kept.get("C1"));
        assertArrayEquals(IntStream.range(0, 12).toArray(), kept.get("C2"));
        assertFalse(kept.containsKey("C3"));
        // C2 was scored with all 16 input channels although C1 is pruned too (one shot)
        assertArrayEquals(new long[] {16, 16, 7, 7}, crit.seen.get("layer1"));
        assertEquals(12543.0, crit.data.get(1)[12543]);
    }

    @Test
    void keptIsTheComplementOfThePrunedPrefixSortedAscending() {
        FilterRanking r = new FilterRanking(new int[] {3, 0, 5, 1, 4, 2}, new double[6]);
        assertArrayEquals(new int[] {1, 2, 4}, PruningPlan.kept("C1", r, 3));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, PruningPlan.kept("C1", r, 6));
        assertArrayEquals(new int[] {2}, PruningPlan.kept("C1", r, 1));
        FilterRanking bad = new FilterRanking(new int[] {0, 0, 1}, new double[3]);
        assertOneLineError(() -> PruningPlan.kept("C1", bad, 2), "not a permutation");
    }

    @Test
    void dcase21PresetsGiveTheSpecSizes() {
        assertEquals(Map.of("C1", 8, "C2", 8), PruningPresets.plan("paper", dcase21).keptWidths(dcase21));
        long[] expectedParams = {27906, 14270, 5338, 23822};
        String[] presets = {"uniform-25", "uniform-50", "uniform-75", "paper"};
        for (int i = 0; i < presets.length; i++) {
            PruningPlan p = PruningPresets.plan(presets[i], dcase21);
            Complexity c = Complexity.of(dcase21.withConvWidths(p.keptWidths(dcase21)));
            assertEquals(expectedParams[i], c.params(), presets[i]);
        }
        assertEquals(80_602_600L, Complexity.of(dcase21.withConvWidths(
                PruningPresets.plan("paper", dcase21).keptWidths(dcase21))).macs());
    }

    private double[] savings(String preset) {
        Complexity full = Complexity.of(cnn14);
        Complexity c = Complexity.of(cnn14.withConvWidths(PruningPresets.plan(preset, cnn14).keptWidths(cnn14)));
        return new double[] {1 - (double) c.trainableParams() / full.trainableParams(),
            1 - (double) c.macsWithFrontEnd() / full.macsWithFrontEnd(), c.trainableParams()};
    }

    @Test
    void cnn14PresetsReproduceThePublishedSavings() {
        double[] headline = savings("c6-c12@25");
        assertEquals(47_039_823, headline[2]);
        assertEquals(0.417, headline[0], 0.0005);
        assertEquals(0.247, headline[1], 0.0005);
        double[] c7 = savings("c7-c12@25");
        assertEquals(0.413, c7[0], 0.0005);
        assertEquals(0.208, c7[1], 0.0005);
        double[] c1c7 = savings("c1+c7-c12@25");
        assertEquals(0.41, c1c7[0], 0.005);
        assertEquals(0.24, c1c7[1], 0.005);
        assertTrue(savings("c7-c12@75")[0] > savings("c7-c12@50")[0]);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        assertOneLineError(() -> PruningPresets.plan("c6-c12@25", dcase21),
                "unknown pruning preset 'c6-c12@25' for dcase21 (known: uniform-25, uniform-50, uniform-75, paper)");
        assertTrue(PruningPresets.names(cnn14).contains("c1+c7-c12@25"));
        assertEquals(4, PruningPresets.plan("uniform-50", Architectures.create("cnn6")).ratios().size());
    }
}
