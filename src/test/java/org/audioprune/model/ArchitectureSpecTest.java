package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.layer.AdaptivePool;
import org.audioprune.model.layer.Conv;
import org.audioprune.model.layer.Dense;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.Pool;
import org.audioprune.model.layer.TensorSpec;
import org.junit.jupiter.api.Test;

class ArchitectureSpecTest {

    @Test
    void dcase21HasTheBaselineLayersAndShapes() {
        ArchitectureSpec s = Architectures.create("dcase21");
        assertEquals(List.of("C1", "C2", "C3"), s.convLayerNames());
        assertEquals(10, s.numClasses());
        assertFalse(s.multiLabel());
        List<FeatureShape> shapes = s.outputShapes();
        // spec table: C1 16x40x500, C2+pool 16x8x100, C3+pool 32x2x1, dense 100, dense 10
        assertArrayEquals(new int[] {16, 40, 500}, shapes.get(0).toArray());
        assertArrayEquals(new int[] {16, 8, 100}, shapes.get(2).toArray());
        assertArrayEquals(new int[] {32, 2, 1}, shapes.get(5).toArray());
        assertArrayEquals(new int[] {64}, shapes.get(7).toArray());
        assertArrayEquals(new int[] {10}, shapes.get(shapes.size() - 1).toArray());
    }

    @Test
    void dcase21ShortInputsStillFlattenTo64() {
        for (int frames : new int[] {50, 100, 503}) {
            ArchitectureSpec s = Architectures.create("dcase21", 10, 40, frames);
            Pool p = ((AdaptivePool) s.layers().get(5)).resolvedAt(s.inputShapes().get(5));
            assertEquals(4, p.kernelH());
            assertEquals(frames / 5, p.kernelW());
            assertEquals(64, s.layer("fc1", Dense.class).inFeatures(), "frames " + frames);
        }
    }

    @Test
    void pannsFamiliesHaveTheirConvCounts() {
        assertEquals(12, Architectures.create("cnn14").convLayerNames().size());
        assertEquals(8, Architectures.create("cnn10").convLayerNames().size());
        assertEquals(4, Architectures.create("cnn6").convLayerNames().size());
        ArchitectureSpec cnn14 = Architectures.create("cnn14", 527);
        assertTrue(cnn14.multiLabel());
        assertEquals(2048, cnn14.conv("C12").outChannels());
        assertEquals(5, Architectures.create("cnn6").layer("C1", Conv.class).kernelH());
        // 1001 frames x 64 mels, five 2x2 pools: 64 -> 2, 1001 -> 31
        List<FeatureShape> shapes = cnn14.outputShapes();
        int c12 = cnn14.layers().indexOf(cnn14.conv("C12"));
        assertArrayEquals(new int[] {2048, 2, 31}, shapes.get(c12).toArray());
    }

    @Test
    void unknownNameIsOneLineErrorListingTheNames() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Architectures.create("resnet"));
        assertEquals("unknown model 'resnet' (known: dcase21, cnn14, cnn10, cnn6, mobilenetv1, mobilenetv2, resnet22, resnet38)", e.getMessage());
    }

    @Test
    void tooSmallInputIsAUserError() {
        assertThrows(AudioPruneException.class, () -> Architectures.create("cnn14", 527, 64, 20));
        assertThrows(AudioPruneException.class, () -> Architectures.create("dcase21", 10, 40, 4));
        assertThrows(AudioPruneException.class, () -> Architectures.create("dcase21", 1));
    }

    @Test
    void withConvWidthsRewiresNextInputsAndDense() {
        ArchitectureSpec s = Architectures.create("dcase21").withConvWidths(Map.of("C2", 8, "C3", 24));
        assertEquals(16, s.conv("C1").outChannels());
        assertEquals(8, s.conv("C2").outChannels());
        assertEquals(8, s.layer("C3", Conv.class).inChannels());
        assertEquals(24 * 2, s.layer("fc1", Dense.class).inFeatures());

        ArchitectureSpec p = Architectures.create("cnn14").withConvWidths(Map.of("C12", 1536));
        assertEquals(1536, p.layer("fc1", Dense.class).inFeatures());
        assertEquals(2048, p.layer("fc_audioset", Dense.class).inFeatures(),
                "fc1 output (classifier input) is not a conv width");
    }

    @Test
    void withConvWidthsRejectsUnknownLayerAndZeroWidth() {
        ArchitectureSpec s = Architectures.create("dcase21");
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> s.withConvWidths(Map.of("C9", 3)));
        assertTrue(e.getMessage().contains("C9") && e.getMessage().contains("C1, C2, C3"), e.getMessage());
        assertThrows(AudioPruneException.class, () -> s.withConvWidths(Map.of("C1", 0)));
    }

    @Test
    void parametersFollowTheNamingConvention() {
        ArchitectureSpec s = Architectures.create("dcase21");
        List<String> names = s.parameters().stream().map(TensorSpec::name).toList();
        assertEquals(List.of("C1.weight", "C1.bias", "C1.bn.gamma", "C1.bn.beta", "C1.bn.running_mean",
                "C1.bn.running_var"), names.subList(0, 6));
        assertTrue(names.containsAll(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")));
        assertArrayEquals(new long[] {32, 16, 7, 7}, s.parameters().get(12).shape());
        assertArrayEquals(new long[] {100, 64}, s.parameters().get(18).shape());

        List<String> cnn14 = Architectures.create("cnn14").parameters().stream()
                .map(TensorSpec::name).toList();
        assertEquals("bn0.gamma", cnn14.get(0));
        assertFalse(cnn14.contains("C1.bias"), "PANNs convs have no bias");
        assertTrue(cnn14.contains("fc_audioset.weight"));
    }

    @Test
    void jsonRoundTripIsIdentical() {
        for (String n : Architectures.names()) {
            ArchitectureSpec s = Architectures.create(n);
            assertEquals(s, ArchitectureSpec.fromJson(s.toJson(), "test.json"));
        }
        ArchitectureSpec pruned = Architectures.create("dcase21").withConvWidths(Map.of("C1", 3));
        assertEquals(pruned, ArchitectureSpec.fromJson(pruned.toJson(), "test.json"));
    }

    @Test
    void inconsistentJsonIsRefusedWithOneLine() {
        String json = Architectures.create("dcase21").toJson();
        String broken = json.replaceFirst("\"inChannels\" : 16", "\"inChannels\" : 15");
        assertNotEquals(json, broken);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(broken, "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        String unknownField = json.replaceFirst("\"numClasses\"", "\"bogus\" : 1, \"numClasses\"");
        assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(unknownField, "x.json"));
        String missing = json.replaceFirst("\"multiLabel\" : false,", "");
        assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(missing, "x.json"));
    }

    @Test
    void optionsAreEnumsWithReadableJson() {
        String json = Architectures.create("dcase21").toJson();
        for (String v : List.of("\"padding\" : \"same\"", "\"activation\" : \"relu\"", "\"activation\" : \"linear\"",
                "\"kind\" : \"max\"", "\"frontEnd\" : \"dcase21\"")) {
            assertTrue(json.contains(v), v);
        }
        assertTrue(Architectures.create("cnn6").toJson().contains("\"mode\" : \"panns\""));
        String bad = json.replaceFirst("\"padding\" : \"same\"", "\"padding\" : \"valid\"");
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(bad, "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: ") && e.getMessage().contains("valid"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** A short-clip network is reported at its reference input: the same network at 10 s. */
    @Test
    void atReferenceInputIsTheTenSecondNetwork() {
        Map<String, Integer> widths = Map.of("C1", 8, "C2", 8);
        ArchitectureSpec shortClips = Architectures.create("dcase21", 10, 40, 50).withConvWidths(widths);
        assertEquals(Architectures.create("dcase21", 10).withConvWidths(widths), shortClips.atReferenceInput());
        assertEquals(80_602_600L, Complexity.of(shortClips.atReferenceInput()).macs());
        assertEquals(shortClips.parameters(), shortClips.atReferenceInput().parameters(), "the weights fit both");
        ArchitectureSpec cnn6 = Architectures.create("cnn6", 3, 64, 101);
        assertEquals(new ArchitectureSpec.InputShape(1, 64, 1001), cnn6.atReferenceInput().input());
    }

    /** Nothing is looked up by family name: a spec under another name builds, counts, reports and keeps its presets. */
    @Test
    void theSpecStandsAloneUnderAnotherName() {
        ArchitectureSpec dcase = Architectures.create("dcase21", 10, 40, 50);
        ArchitectureSpec mine = ArchitectureSpec.fromJson(dcase.toJson().replace("\"name\" : \"dcase21\"",
                "\"name\" : \"my-net\""), "mine.json");
        assertEquals("my-net", mine.name());
        assertEquals(Complexity.of(dcase).params(), Complexity.of(mine).params());
        assertEquals(286_637_800L, Complexity.of(mine.atReferenceInput()).macs());
        assertEquals(dcase.presets(), mine.presets());
        assertEquals(List.of(8, 8, 32), List.copyOf(mine.withConvWidths(Map.of("C1", 8, "C2", 8)).convWidths().values()));
    }

    @Test
    void presetsAndReferenceInputAreChecked() {
        String json = Architectures.create("dcase21").toJson();
        String unknownLayer = json.replace("\"C2\" : 0.5", "\"fc1\" : 0.5");
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> ArchitectureSpec.fromJson(unknownLayer, "x.json"));
        assertTrue(e.getMessage().contains("unknown channel group 'fc1'"), e.getMessage());
        String badRatio = json.replace("\"C2\" : 0.5", "\"C2\" : 1.0");
        assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(badRatio, "x.json"));
        // a reference input with other mel bands would change bn0's tensors: the weights would not fit
        String cnn6 = Architectures.create("cnn6").toJson();
        String otherMels = cnn6.replaceFirst("\"referenceInput\" : \\{\\s*\"channels\" : 1,\\s*\"nMels\" : 64",
                "\"referenceInput\" : { \"channels\" : 1, \"nMels\" : 80");
        assertNotEquals(cnn6, otherMels);
        e = assertThrows(AudioPruneException.class, () -> ArchitectureSpec.fromJson(otherMels, "x.json"));
        assertTrue(e.getMessage().contains("do not fit the reference input 1x80x1001"), e.getMessage());
    }

    @Test
    void buildersWireInputSizesFromTheShapes() {
        ArchitectureSpec s = ArchitectureSpec.builder("tiny").frontEnd(org.audioprune.audio.FrontEndId.DCASE21)
                .input(12, 20).classes(3, false)
                .layer(Conv.builder("A", 4).kernel(3, 5).bias().batchNorm(1e-3).build())
                .layer(new Pool(org.audioprune.model.layer.PoolKind.AVG, 2, 2))
                .layer(Conv.builder("B", 6).kernel(1, 1).explicitPadding(0, 1).build())
                .layer(new org.audioprune.model.layer.Flatten())
                .layer(Dense.of("out", 3, org.audioprune.model.layer.Activation.LINEAR))
                .build();
        Conv b = s.layer("B", Conv.class);
        assertEquals(4, b.inChannels());
        assertEquals(Conv.Padding.EXPLICIT, b.padding());
        assertEquals(List.of(0, 1), List.of(b.padH(), b.padW()));
        assertEquals(List.of(1, 2), List.of(s.layer("A", Conv.class).padH(), s.layer("A", Conv.class).padW()));
        // A keeps 12x20, the pool halves it to 6x10, B pads W by 1: 6 x 6 x 12 = 432 features
        assertEquals(6 * 6 * 12, s.layer("out", Dense.class).inFeatures());
        assertEquals(s.input(), s.referenceInput());
        assertEquals(s, ArchitectureSpec.fromJson(s.toJson(), "tiny.json"));
    }
}
