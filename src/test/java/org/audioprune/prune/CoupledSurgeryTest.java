package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

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
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.model.layer.ChannelGroup;
import org.junit.jupiter.api.Test;

/**
 * Channel groups of the coupled PANNs networks (derived by hand from PANNs' models.py), pruned
 * counts worked out by hand, the refusal of a plan that splits a residual group, and the forward
 * equivalence of surgery: silencing a group's channels (γ = β = 0 in every member) and cutting
 * them gives the same logits.
 */
class CoupledSurgeryTest {

    private static ChannelGroup group(ArchitectureSpec spec, String name) {
        return spec.channelGroups().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void resnet22GroupsTieTheOutputsThatMeetAtAdditions() {
        ArchitectureSpec spec = Architectures.create("resnet22");
        assertEquals(List.of("C1", "C2", "L1_0_c1", "L1_1_c1", "L2_0_c1", "L2_0_c2", "L2_1_c1", "L3_0_c1", "L3_0_c2",
                "L3_1_c1", "L4_0_c1", "L4_0_c2", "L4_1_c1", "A1", "A2"), spec.groupNames());
        ChannelGroup stage1 = group(spec, "C2");
        assertEquals(ChannelGroup.Kind.RESIDUAL, stage1.kind());
        assertEquals(List.of("C2", "L1_0_c2", "L1_1_c2"), stage1.producers());
        assertEquals(List.of("L1_0_c1", "L1_1_c1", "L2_0_c1", "L2_0_ds"), stage1.readers());
        assertEquals(List.of("L1_0", "L1_1"), stage1.additions());
        ChannelGroup stage2 = group(spec, "L2_0_c2");
        assertEquals(List.of("L2_0_c2", "L2_0_ds", "L2_1_c2"), stage2.producers());
        assertEquals(128, stage2.width());
        ChannelGroup inner = group(spec, "L1_0_c1");
        assertEquals(ChannelGroup.Kind.FREE, inner.kind());
        assertEquals(List.of("L1_0_c2"), inner.readers());
        assertEquals(List.of("fc1"), group(spec, "A2").readers());
    }

    @Test
    void mobileNetGroupsCarryTheirDepthwiseConvs() {
        ArchitectureSpec v1 = Architectures.create("mobilenetv1");
        assertEquals(14, v1.channelGroups().size());
        ChannelGroup f0 = group(v1, "F0");
        assertEquals(ChannelGroup.Kind.FREE, f0.kind());
        assertEquals(List.of("F1dw"), f0.followers());
        assertEquals(List.of("F1pw"), f0.readers());
        assertEquals(List.of("F0.weight", "F1dw.weight"), f0.filterTensors());
        assertEquals(List.of(), group(v1, "F13pw").followers());
        ArchitectureSpec v2 = Architectures.create("mobilenetv2");
        ChannelGroup f2 = group(v2, "F2pj");
        assertEquals(ChannelGroup.Kind.RESIDUAL, f2.kind());
        assertEquals(List.of("F2pj", "F3pj"), f2.producers());
        assertEquals(List.of("F3ex", "F4ex"), f2.readers());
        assertEquals(List.of("F3"), f2.additions());
        assertEquals(List.of("F3dw"), group(v2, "F3ex").followers());
        assertEquals(List.of("F1dw"), group(v2, "F0").followers());
    }

    /** Worked by hand from the layer sizes (docs/models.md counting rules), maps 64 × 1001 at the input. */
    @Test
    void prunedCountsMatchHandDerivedExamples() {
        // mobilenetv1 group F0 32 → 16: F0 (3x3, 1 in), F1dw (3x3 depthwise) and F1pw's inputs halve
        assertDelta("mobilenetv1", "F0=0.5", 16 * 9 + 16 * 2 + 16 * 9 + 16 * 2 + 64 * 16, 16 * 2 * 2,
                16L * 9 * 64 * 1001 + 16L * 9 * 32 * 500 + 64L * 16 * 32 * 500);
        // resnet22 residual group C2 64 → 32: C2, L1_0_c2, L1_1_c2 lose outputs; L1_0_c1, L1_1_c1, L2_0_c1, L2_0_ds inputs
        assertDelta("resnet22", "C2=0.5", 5 * 32 * 64 * 9 + 128 * 32 * 9 + 128 * 32 + 3 * 32 * 2, 3 * 32 * 2,
                32L * 64 * 9 * 64 * 1001 + 4 * 32L * 64 * 9 * 32 * 500 + 128L * 32 * 9 * 16 * 250 + 128L * 32 * 16 * 250);
        // mobilenetv2 residual group F2pj 24 → 12: F2pj, F3pj outputs (1x1), F3ex and F4ex inputs (1x1)
        // (F2 expands 16 → 96, F3 and F4 24 → 144)
        assertDelta("mobilenetv2", "F2pj=0.5", 12 * 96 + 3 * 12 * 144 + 2 * 12 * 2, 2 * 12 * 2,
                (12L * 96 + 3 * 12 * 144) * 16 * 250);
    }

    private static void assertDelta(String model, String plan, long trainable, long runningStats, long macs) {
        ArchitectureSpec spec = Architectures.create(model);
        Complexity full = Complexity.of(spec);
        Complexity cut = Complexity.of(spec.withConvWidths(PruningPlan.parse(plan, spec).keptWidths(spec)));
        assertEquals(trainable, full.trainableParams() - cut.trainableParams(), model + " trainable");
        assertEquals(runningStats, (full.params() - full.trainableParams()) - (cut.params() - cut.trainableParams()),
                model + " running statistics");
        assertEquals(macs, full.macs() - cut.macs(), model + " MACs");
    }

    @Test
    void aPlanSplittingAResidualGroupIsRefusedNamingTheGroup() {
        ArchitectureSpec spec = reduced(Architectures.create("resnet22", 3, 64, 64), 8);
        Checkpoint c = SurgeryForwardTest.randomCheckpoint(spec, 1);
        Map<String, int[]> kept = new LinkedHashMap<>();
        kept.put("L2_0_c2", new int[] {0, 1, 2, 3});
        kept.put("L2_0_ds", new int[] {0, 1, 2, 3});
        kept.put("L2_1_c2", new int[] {0, 1, 2, 5});
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Surgery.apply(c, kept));
        assertTrue(e.getMessage().contains("channel group L2_0_c2"), e.getMessage());
        kept.remove("L2_1_c2");
        e = assertThrows(AudioPruneException.class, () -> Surgery.apply(c, kept));
        assertTrue(e.getMessage().contains("channel group L2_0_c2"), e.getMessage());
        e = assertThrows(AudioPruneException.class, () -> PruningPlan.parse("L2_0_ds=0.5", spec));
        assertTrue(e.getMessage().contains("is in channel group L2_0_c2"), e.getMessage());
    }

    /** Every group's width divided by {@code factor} (at least 2), the same for all convs of a group. */
    static ArchitectureSpec reduced(ArchitectureSpec spec, int factor) {
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (ChannelGroup g : spec.channelGroups()) {
            g.producers().forEach(p -> widths.put(p, Math.max(2, g.width() / factor)));
        }
        return spec.withConvWidths(widths);
    }

    private static int[] keep(int n, int modulus) {
        return IntStream.range(0, n).filter(i -> i % modulus != 1).toArray();
    }

    /** The kept channels of group {@code name}, the same for each of its convs. */
    private static void keepGroup(Map<String, int[]> kept, ArchitectureSpec spec, String name, int modulus) {
        ChannelGroup g = group(spec, name);
        g.producers().forEach(p -> kept.put(p, keep(g.width(), modulus)));
    }

    @Test
    void depthwiseGroupOfMobileNetV1() {
        ArchitectureSpec spec = reduced(Architectures.create("mobilenetv1", 5, 64, 64), 4);
        Checkpoint c = lively(SurgeryForwardTest.randomCheckpoint(spec, 21));
        Map<String, int[]> kept = new LinkedHashMap<>();
        keepGroup(kept, spec, "F0", 3);    // followed by F1dw (stride 1)
        keepGroup(kept, spec, "F11pw", 2); // followed by F12dw (stride 2: depthwise, pool, ReLU)
        keepGroup(kept, spec, "F12pw", 3); // followed by F13dw (stride 1)
        assertSameForward(c, kept);
    }

    @Test
    void invertedResidualGroupOfMobileNetV2() {
        ArchitectureSpec spec = reduced(Architectures.create("mobilenetv2", 5, 64, 64), 2);
        Checkpoint c = lively(SurgeryForwardTest.randomCheckpoint(spec, 22));
        Map<String, int[]> kept = new LinkedHashMap<>();
        keepGroup(kept, spec, "F2pj", 3); // F2pj + F3pj, added in F3
        keepGroup(kept, spec, "F3ex", 2); // the expansion inside the residual, with F3dw
        assertSameForward(c, kept);
    }

    @Test
    void residualGroupWithDownsampleOfResNet22() {
        ArchitectureSpec spec = reduced(Architectures.create("resnet22", 5, 64, 64), 8);
        Checkpoint c = lively(SurgeryForwardTest.randomCheckpoint(spec, 23));
        Map<String, int[]> kept = new LinkedHashMap<>();
        keepGroup(kept, spec, "L2_0_c2", 3); // L2_0_c2 + downsample L2_0_ds + L2_1_c2
        keepGroup(kept, spec, "C2", 2);      // identity shortcuts of stage 1
        assertSameForward(c, kept);
    }

    /**
     * Batch-norm γ near 1 (1 + |N(0, 0.3)|-ish), so that the signal survives these deep networks and
     * silencing a group visibly changes the logits.
     */
    private static Checkpoint lively(Checkpoint c) {
        Map<String, Tensor> w = new LinkedHashMap<>(c.weights());
        java.util.Random r = new java.util.Random(3);
        w.replaceAll((name, t) -> {
            if (!name.endsWith(".bn.gamma")) {
                return t;
            }
            float[] d = new float[t.data().length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) (1.2 + 0.3 * r.nextGaussian());
            }
            return new Tensor(t.shape(), d);
        });
        return c.withWeights(c.spec(), w);
    }

    /** Logits of the DJL block and of the inference form agree, unpruned and cut, to 1e-5. */
    private static void assertSameForward(Checkpoint c, Map<String, int[]> kept) {
        SurgeryForwardTest.assertSameForward(c, kept, 31, 1e-5);
        Checkpoint cut = Surgery.apply(c, kept);
        for (Checkpoint n : List.of(c, cut)) {
            float[] x = InferenceLatency.randomInput(n.spec(), 2, 5);
            float[] block = SurgeryForwardTest.logits(n, x, 2);
            try (InferenceOptimizer fast = InferenceOptimizer.build(n.spec(), n.weights())) {
                float[] steps = fast.predict(x, 2);
                double scale = 0;
                for (float v : block) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertArrayEquals(block, steps, (float) (1e-5 * scale + 1e-6));
            }
        }
        assertEquals(kept.get(kept.keySet().iterator().next()).length,
                cut.spec().convWidths().get(kept.keySet().iterator().next()));
    }
}
