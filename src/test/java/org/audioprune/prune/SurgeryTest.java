package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every weight's value is its flat index in its unpruned tensor, so a slice can be checked by hand. */
class SurgeryTest {
    @TempDir
    Path dir;

    private final Checkpoint dcase21 = PruningPlanTest.indexCheckpoint(Architectures.create("dcase21"));

    @Test
    void pruningNothingKeepsIdenticalWeights() {
        assertEquals(dcase21.weights(), Surgery.apply(dcase21, Map.of()).weights());
        Map<String, int[]> all = Map.of("C1", IntStream.range(0, 16).toArray(), "C3", IntStream.range(0, 32).toArray());
        Checkpoint same = Surgery.apply(dcase21, all);
        assertEquals(dcase21.weights(), same.weights());
        assertEquals(dcase21.spec(), same.spec());
    }

    @Test
    void slicesExactlyTheKeptIndicesIncludingTheNextLayerAndTheFlattenedDense() {
        int[] c1 = {0, 3, 15};
        int[] c2 = {5, 2}; // any order: surgery sorts
        int[] c3 = {1, 5, 31};
        Checkpoint p = Surgery.apply(dcase21, Map.of("C1", c1, "C2", c2, "C3", c3));
        int[] c2Sorted = {2, 5};

        Tensor w1 = p.weight("C1.weight");
        assertArrayEquals(new long[] {3, 1, 7, 7}, w1.shape());
        for (int o = 0; o < 3; o++) {
            for (int j = 0; j < 49; j++) {
                assertEquals(c1[o] * 49 + j, w1.data()[o * 49 + j]);
            }
        }
        for (String s : new String[] {"C1.bias", "C1.bn.gamma", "C1.bn.beta", "C1.bn.running_mean", "C1.bn.running_var"}) {
            assertArrayEquals(new float[] {0, 3, 15}, p.weight(s).data(), s);
        }
        Tensor w2 = p.weight("C2.weight"); // (16 out, 16 in, 7, 7) -> (2, 3, 7, 7)
        assertArrayEquals(new long[] {2, 3, 7, 7}, w2.shape());
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 49; j++) {
                    assertEquals((c2Sorted[o] * 16 + c1[i]) * 49 + j, w2.data()[(o * 3 + i) * 49 + j]);
                }
            }
        }
        Tensor w3 = p.weight("C3.weight"); // (32, 16, 7, 7) -> (3, 2, 7, 7)
        assertEquals((31 * 16 + 5) * 49 + 48, w3.data()[(2 * 2 + 1) * 49 + 48]);
        assertArrayEquals(new float[] {1, 5, 31}, p.weight("C3.bn.running_var").data());
        // C3 output after pooling is 32x2x1: channel c owns flatten features 2c and 2c+1
        Tensor fc1 = p.weight("fc1.weight");
        assertArrayEquals(new long[] {100, 6}, fc1.shape());
        int[] cols = {2, 3, 10, 11, 62, 63};
        for (int r = 0; r < 100; r++) {
            for (int k = 0; k < 6; k++) {
                assertEquals(r * 64 + cols[k], fc1.data()[r * 6 + k]);
            }
        }
        assertEquals(dcase21.weight("fc1.bias"), p.weight("fc1.bias"));
        assertEquals(dcase21.weight("fc2.weight"), p.weight("fc2.weight"), "the classifier is never pruned");
        assertEquals(Map.of("C1", 3, "C2", 2, "C3", 3), p.spec().convWidths());
    }

    @Test
    void globalPoolingHeadLosesTheKeptChannelsOfTheLastConv() {
        Checkpoint cnn6 = PruningPlanTest.indexCheckpoint(Architectures.create("cnn6", 5, 64, 100));
        Checkpoint p = Surgery.apply(cnn6, Map.of("C3", new int[] {7}, "C4", new int[] {0, 511}));
        Tensor c4 = p.weight("C4.weight"); // (512, 256, 5, 5) -> (2, 1, 5, 5)
        assertArrayEquals(new long[] {2, 1, 5, 5}, c4.shape());
        assertEquals((511 * 256 + 7) * 25 + 24, c4.data()[25 + 24]);
        Tensor fc1 = p.weight("fc1.weight"); // (512, 512) -> (512, 2): columns 0 and 511
        assertArrayEquals(new long[] {512, 2}, fc1.shape());
        assertEquals(100 * 512 + 511, fc1.data()[100 * 2 + 1]);
        assertEquals(cnn6.weight("bn0.gamma"), p.weight("bn0.gamma"));
        assertEquals(cnn6.weight("fc_audioset.weight"), p.weight("fc_audioset.weight"));
    }

    @Test
    void prunedCheckpointHasTheSpecCountsAndReloads() {
        int[] half = IntStream.range(0, 8).toArray();
        Checkpoint p = Surgery.apply(dcase21, Map.of("C1", half, "C2", half));
        Complexity c = Complexity.of(p.spec());
        assertEquals(23822, c.params());
        assertEquals(80_602_600L, c.macs());
        long stored = p.weights().values().stream().mapToLong(t -> t.data().length).sum();
        assertEquals(23822, stored, "tensors hold exactly the counted parameters");
        Path f = dir.resolve("pruned.ckpt");
        p.save(f);
        Checkpoint back = Checkpoint.load(f);
        assertEquals(p.weights(), back.weights());
        assertEquals(p.spec(), back.spec());
    }

    @Test
    void planAndSurgeryTogether() {
        ArchitectureSpec spec = dcase21.spec();
        Map<String, int[]> kept = PruningPresets.plan("paper", spec).keptFilters(dcase21, new FilterImportance() {
            @Override
            public FilterRanking rank(LayerEvidence layer) {
                ConvWeights w = layer.weights();
                int n = w.filters();
                int[] order = IntStream.concat(IntStream.range(0, n).filter(i -> i % 2 == 0),
                        IntStream.range(0, n).filter(i -> i % 2 == 1)).toArray();
                return new FilterRanking(order, new double[n]);
            }
        });
        Checkpoint p = Surgery.apply(dcase21, kept);
        assertArrayEquals(new float[] {1, 3, 5, 7, 9, 11, 13, 15}, p.weight("C2.bias").data());
    }

    private void assertRefused(Map<String, int[]> kept, String fragment) {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Surgery.apply(dcase21, kept));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void badKeptListsAreRefused() {
        assertRefused(Map.of("C9", new int[] {0}), "C9");
        assertRefused(Map.of("fc1", new int[] {0}), "fc1");
        assertRefused(Map.of("C1", new int[0]), "every filter");
        assertRefused(Map.of("C1", new int[] {1, 1}), "twice");
        assertRefused(Map.of("C1", new int[] {16}), "out of range");
        assertRefused(Map.of("C1", new int[] {-1}), "out of range");
    }
}
