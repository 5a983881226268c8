package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.audioprune.audio.FrontEndId;
import org.audioprune.audio.FrontEnds;
import org.junit.jupiter.api.Test;

/** Oracles: the numbers of method.md §3 (published tables), not values computed by the code. */
class ComplexityTest {

    /** PANNs' front end on a 10 s clip (1001 frames, 64 bands). */
    static long pannsFrontEnd() {
        return FrontEnds.of(FrontEndId.PANNS).macs(64, 1001);
    }

    private static Complexity dcase21(int c1, int c2, int c3) {
        return Complexity.of(Architectures.create("dcase21").withConvWidths(Map.of("C1", c1, "C2", c2, "C3", c3)));
    }

    @Test
    void dcase21TotalsMatchTheSpec() {
        Complexity c = Complexity.of(Architectures.create("dcase21", 10, 40, 500));
        assertEquals(46118, c.trainableParams());
        assertEquals(46246, c.params());
        assertEquals(286_637_800L, c.macs());
    }

    @Test
    void dcase21RowsMatchTheSpecTable() {
        Complexity c = Complexity.of(Architectures.create("dcase21"));
        assertRow(c.layer("C1"), 800, 64, 15_680_000L);
        assertRow(c.layer("C2"), 12_560, 64, 250_880_000L);
        assertRow(c.layer("C3"), 25_120, 128, 20_070_400L);
        assertRow(c.layer("fc1"), 6_500, 0, 6_400L);
        assertRow(c.layer("fc2"), 1_010, 0, 1_000L);
        assertArrayEquals(new int[] {16, 8, 100}, c.layer("pool1").outputShape());
        assertArrayEquals(new int[] {32, 2, 1}, c.layer("pool2").outputShape());
        assertEquals(0, c.layer("dropout1").macs());
        assertEquals(16, c.layer("C2").outChannels());
    }

    private static void assertRow(Complexity.Row r, long weights, long bn, long macs) {
        assertEquals(weights, r.weightParams(), r.name() + " params");
        assertEquals(bn, r.batchNormParams(), r.name() + " BN params");
        assertEquals(macs, r.macs(), r.name() + " MACs");
    }

    @Test
    void prunedDcase21SizesMatchTheSpecList() {
        assertEquals(23822, dcase21(8, 8, 32).params());
        assertEquals(80_602_600L, dcase21(8, 8, 32).macs());
        assertEquals(27906, dcase21(12, 12, 24).params());
        assertEquals(164_175_400L, dcase21(12, 12, 24).macs());
        // the rest of the list, MACs published to 0.01 M
        int[][] kept = {{8, 8, 16}, {4, 4, 8}, {12, 12, 32}, {4, 4, 32}};
        long[] params = {14270, 5338, 34250, 14962};
        double[] megaMacs = {75.58, 20.86, 167.94, 24.62};
        for (int i = 0; i < kept.length; i++) {
            Complexity c = dcase21(kept[i][0], kept[i][1], kept[i][2]);
            assertEquals(params[i], c.params(), "params of " + java.util.Arrays.toString(kept[i]));
            assertEquals(megaMacs[i], c.macs() / 1e6, 0.005, "MACs of " + java.util.Arrays.toString(kept[i]));
        }
    }

    @Test
    void cnn14TotalsMatchPanns() {
        Complexity c = Complexity.of(Architectures.create("cnn14", 527, 64, 1001));
        assertEquals(80_753_615L, c.trainableParams());
        assertEquals(20_041_926_656L, c.macs());
        assertEquals(21.13, (c.macs() + pannsFrontEnd()) / 1e9, 0.005);
        // bn0: 64 γ/β trainable + 64 running mean/var
        assertEquals(128, c.layer("bn0").trainableParams());
        assertEquals(256, c.layer("bn0").params());
    }

    @Test
    void frontEndIsSTFTPlusMelAsMatrixProducts() {
        assertEquals(1001L * 1024 * 513 * 2 + 1001L * 513 * 64, FrontEnds.of(FrontEndId.PANNS).macs(64, 1001));
        assertEquals(500L * 2048 * 1025 * 2 + 500L * 1025 * 40, FrontEnds.of(FrontEndId.DCASE21).macs(40, 500));
    }

    @Test
    void cnn14HeadlineConfiguration() {
        ArchitectureSpec full = Architectures.create("cnn14");
        Map<String, Integer> kept = new HashMap<>();
        for (int i = 6; i <= 12; i++) {
            String n = "C" + i;
            kept.put(n, (int) Math.ceil(0.75 * full.conv(n).outChannels()));
        }
        Complexity c = Complexity.of(full.withConvWidths(kept));
        assertEquals(47_039_823L, c.trainableParams());
        assertEquals(15.92, (c.macs() + pannsFrontEnd()) / 1e9, 0.005);
    }

    @Test
    void smallerPannsMatchTorchReferences() {
        // oracle: numel of PyTorch modules built like PANNs' Cnn10 / Cnn6 (torch 1.13), and MACs from
        // the torch conv output shapes for a 1001 x 64 input
        Complexity c10 = Complexity.of(Architectures.create("cnn10"));
        assertEquals(5_219_279L, c10.trainableParams());
        assertEquals(5_223_247L, c10.params());
        assertEquals(13_015_920_128L, c10.macs());
        Complexity c6 = Complexity.of(Architectures.create("cnn6"));
        assertEquals(4_837_455L, c6.trainableParams());
        assertEquals(4_839_503L, c6.params());
        assertEquals(9_933_434_368L, c6.macs());
        assertEquals(80_769_871L, Complexity.of(Architectures.create("cnn14")).params());
    }
}
