package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Small layers whose rankings are worked out by hand (derivations in the comments); the betweenness
 * values follow networkx 2.8's Dijkstra step by step, including its quirks.
 */
class HandWorkedRankingsTest {

    /** One input channel, 1×2 kernels: the representative is the normalised filter. */
    static ConvWeights layer(double[]... filters) {
        double[] data = new double[filters.length * 2];
        for (int i = 0; i < filters.length; i++) {
            System.arraycopy(filters[i], 0, data, 2 * i, 2);
        }
        return new ConvWeights(filters.length, 1, 1, 2, data);
    }

    // Filters 0, 1, 2 point the same way (at different magnitudes), filter 3 is orthogonal:
    // S_01 = S_02 = S_12 = 1, S_i3 = 0.
    static final ConvWeights THREE_SAME_ONE_ORTHOGONAL =
            layer(new double[] {2, 0}, new double[] {1, 0}, new double[] {3, 0}, new double[] {0, 1});

    // Filters at 0°, 90°, 180°: S_01 = 0, S_12 = 0, S_02 = −1.
    static final ConvWeights QUARTER_TURNS = layer(new double[] {1, 0}, new double[] {0, 1}, new double[] {-1, 0});

    static FilterRanking rank(String criterion, ConvWeights w) {
        return RankingTests.rank(criterion, 0, w);
    }

    @Test
    void weightedDegreeCountsSimilarNeighbours() {
        // c_i = Σ_{j≠i} S_ij = 1 + 1 + 0 for filters 0..2, 0 for filter 3; ties keep index order
        FilterRanking r = rank("wdc", THREE_SAME_ONE_ORTHOGONAL);
        assertArrayEquals(new int[] {0, 1, 2, 3}, r.pruneOrder());
        assertArrayEquals(new double[] {2, 2, 2, 0}, r.scores(), 1e-12);
    }

    @Test
    void weightedDegreeSignedVersusAbsolute() {
        // signed: c = [0 + (−1), 0 + 0, −1 + 0] = [−1, 0, −1]; abs: [1, 0, 1]
        FilterRanking signed = rank("wdc", QUARTER_TURNS);
        assertArrayEquals(new double[] {-1, 0, -1}, signed.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2}, signed.pruneOrder());
        FilterRanking abs = rank("wdc-abs", QUARTER_TURNS);
        assertArrayEquals(new double[] {1, 0, 1}, abs.scores(), 1e-12);
        assertArrayEquals(new int[] {0, 2, 1}, abs.pruneOrder());
    }

    @Test
    void signedBetweennessFollowsNetworkxThroughZeroLengthEdges() {
        // Lengths: 1 inside {0,1,2}, 0 to filter 3. Source 0 pushes 1, 2 (length 1) and 3 (0); pops 3,
        // which offers 0 to 1 and 2 and re-reaches the settled source at equal length 0 (σ_0 += σ_3);
        // popping 1 and then 2 each re-reach the settled 3 at equal length (σ_3 += σ_1, then σ_3 +=
        // σ_2 with σ_2 = σ_3 = 4). σ (doubled by networkx's self-pop of the source): 1 → 2, 3 → 2 → 4
        // → 8, 1 → 2, 2 → 4. Accumulation: δ_3 = 8/4 + 8/2 = 6, δ_1 = δ_2 = 0. The same for sources 1
        // and 2; source 3 adds nothing to others. bc_3 = 3·6 / ((4−1)(4−2)) = 3.
        FilterRanking r = rank("bc", THREE_SAME_ONE_ORTHOGONAL);
        assertArrayEquals(new double[] {0, 0, 0, 3}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {3, 0, 1, 2}, r.pruneOrder());
    }

    @Test
    void signedBetweennessWithNegativeLengthsAndSettledNodes() {
        // Lengths 0-1: 0, 1-2: 0, 0-2: −1. Source 0: pops 2 (−1), then 1 (−1 via 2), which re-reaches the
        // settled 2 at equal length −1: σ_2 = 2 + 2 = 4, P_2 = [0, 1]; δ_2 = σ_2·(1/σ_1) = 4/2 = 2, so
        // bc_2 += 2 and the late δ_1 is lost. Source 2 mirrors it: bc_0 += 2. Source 1: pops 0 (counter
        // 1 before 2), 2 improves to −1 via 0; δ_0 = σ_0·(1/σ_2) = 1: bc_0 += 1.
        // bc = [3, 0, 2] / ((3−1)(3−2)) = [1.5, 0, 1].
        FilterRanking r = rank("bc", QUARTER_TURNS);
        assertArrayEquals(new double[] {1.5, 0, 1}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {0, 2, 1}, r.pruneOrder());
    }

    @Test
    void distanceBetweennessSplitsEqualPaths() {
        // 1 − S: 0-1: 1, 1-2: 1, 0-2: 2 = 1 + 1, so the pair (0, 2) has two shortest paths, one via 1:
        // 1/2 for each direction, normalised by 1/((3−1)(3−2)): bc_1 = 0.5.
        FilterRanking r = rank("bc-dist", QUARTER_TURNS);
        assertArrayEquals(new double[] {0, 0.5, 0}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2}, r.pruneOrder());
    }

    @Test
    void absoluteDistanceBetweennessBreaksTiesByPushOrder() {
        // 1 − |S|: 0-1: 1, 1-2: 1, 0-2: 0. Source 0: pops 2 (0), which reaches 1 at equal length 1
        // (P_1 = [0, 2]) and the settled 0 at 0 (σ_0 = 4); σ_1 = 2 + 4 = 6; δ_2 = (2/6)... bc_2 += 1/3.
        // Source 2 mirrors it: bc_0 += 1/3. Source 1: 0 and 2 both at 1, 0 popped first (earlier push);
        // 2 gains P = [1, 0], σ_2 = 4; popping 2 re-reaches the settled 0 at equal length: σ_0 = 6,
        // δ_0 = 6/4 = 1.5 while δ_2 arrives too late. bc = [1/3 + 1.5, 0, 1/3] / 2.
        FilterRanking r = rank("bc-absdist", QUARTER_TURNS);
        assertArrayEquals(new double[] {11.0 / 12, 0, 1.0 / 6}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {0, 2, 1}, r.pruneOrder());
    }

    @Test
    void normsPruneTheSmallestFirst() {
        // l1 = l2 = [2, 1, 3, 1]: ascending, ties by index
        assertArrayEquals(new int[] {1, 3, 0, 2}, rank("l1", THREE_SAME_ONE_ORTHOGONAL).pruneOrder());
        assertArrayEquals(new double[] {2, 1, 3, 1}, rank("l1", THREE_SAME_ONE_ORTHOGONAL).scores(), 0);
        ConvWeights w = layer(new double[] {3, -4}, new double[] {-1, -1}, new double[] {0, 4});
        // l1 = [7, 2, 4] → [1, 2, 0]; l2 = [5, √2, 4] → [1, 2, 0]
        assertArrayEquals(new double[] {7, 2, 4}, rank("l1", w).scores(), 0);
        assertArrayEquals(new double[] {5, Math.sqrt(2), 4}, rank("l2", w).scores(), 1e-15);
        assertArrayEquals(new int[] {1, 2, 0}, rank("l2", w).pruneOrder());
    }

    @Test
    void fpgmPrunesTheFilterClosestToTheOthers() {
        // (2,0), (1,0), (3,0), (0,1): sums of distances 1+1+√5, 1+2+√2, 1+2+√10, √5+√2+√10
        FilterRanking r = rank("fpgm", THREE_SAME_ONE_ORTHOGONAL);
        double s5 = Math.sqrt(5);
        double s2 = Math.sqrt(2);
        double s10 = Math.sqrt(10);
        assertArrayEquals(new double[] {2 + s5, 3 + s2, 3 + s10, s5 + s2 + s10}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3}, r.pruneOrder());
    }

    @Test
    void gmeanPrunesTheFilterNearestTheLayerGeometricMean() {
        // |W|: (1, 4), (2, 8), (4, 16): F = 2, 4, 8; G = (1·4·2·8·4·16)^(1/6) = 4096^(1/6) = 4
        // scores (4 − F)² = 4, 0, 16 → [1, 0, 2]
        ConvWeights w = layer(new double[] {1, -4}, new double[] {2, 8}, new double[] {-4, 16});
        FilterRanking r = rank("gmean", w);
        assertArrayEquals(new double[] {4, 0, 16}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2}, r.pruneOrder());
    }

    @Test
    void pairwiseMarksNearestNeighboursRedundant() {
        // D = 1 − S: 0 inside {0,1,2}, 1 to filter 3. Nearest neighbours (lowest index on ties):
        // 0→1, 1→0, 2→0, 3→0 with distances 0, 0, 0, 1. In that order: keep 0, mark 1; skip 1; keep 2,
        // mark 0 (already kept); keep 3. Redundant and not kept: [1]; then the kept [0, 2, 3].
        FilterRanking r = rank("pairwise", THREE_SAME_ONE_ORTHOGONAL);
        assertArrayEquals(new int[] {1, 0, 2, 3}, r.pruneOrder());
        assertArrayEquals(new double[] {0, 0, 0, 1}, r.scores(), 1e-12);
    }

    @Test
    void pairwiseClosestPairFirst() {
        // angles 0°, 10°, 50°, 120°: nearest distances 1−cos10°, 1−cos10°, 1−cos40°, 1−cos70°.
        // keep 0 (marks 1), skip 1, keep 2 (marks 1 again), keep 3 (marks 2, already kept)
        // → redundant [1], then kept [0, 2, 3]
        ConvWeights w = layer(angle(0), angle(10), angle(50), angle(120));
        FilterRanking r = rank("pairwise", w);
        assertArrayEquals(new int[] {1, 0, 2, 3}, r.pruneOrder());
        double[] d = {1 - Math.cos(Math.toRadians(10)), 1 - Math.cos(Math.toRadians(10)),
            1 - Math.cos(Math.toRadians(40)), 1 - Math.cos(Math.toRadians(70))};
        assertArrayEquals(d, r.scores(), 1e-12);
    }

    static double[] angle(double degrees) {
        return new double[] {Math.cos(Math.toRadians(degrees)), Math.sin(Math.toRadians(degrees))};
    }

    @Test
    void closenessUsesOneMinusAbsoluteSimilarity() {
        // distances 0 inside {0,1,2}, 1 to filter 3: closeness 3/1 for 0..2, 3/3 for filter 3
        FilterRanking r = rank("closeness", THREE_SAME_ONE_ORTHOGONAL);
        assertArrayEquals(new double[] {3, 3, 3, 1}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {0, 1, 2, 3}, r.pruneOrder());
    }

    @Test
    void eigenvectorAndPagerankPutTheIsolatedFilterLast() {
        // |S| is a triangle of weight 1 plus a filter joined only by weight-0 edges: the principal
        // eigenvector is (1, 1, 1, 0)/√3
        FilterRanking e = rank("eigenvector", THREE_SAME_ONE_ORTHOGONAL);
        assertEquals(3, e.pruneOrder()[3]);
        assertEquals(0, e.scores()[3], 1e-9);
        assertEquals(e.scores()[0], e.scores()[1], 1e-9);
        FilterRanking p = rank("pagerank", THREE_SAME_ONE_ORTHOGONAL);
        assertEquals(3, p.pruneOrder()[3]);
        for (double s : p.scores()) {
            assertTrue(Double.isFinite(s));
        }
    }

    @Test
    void reverseIsTheAblationWithTiesStillByIndex() {
        // wdc scores [2, 2, 2, 0]: reversed → 3 first, then 0, 1, 2 (not 2, 1, 0)
        FilterImportance rev = Criterion.WDC.builder().optReversed(true).build();
        assertArrayEquals(new int[] {3, 0, 1, 2}, rev.rank(THREE_SAME_ONE_ORTHOGONAL).pruneOrder());
        FilterImportance revPairwise = Criterion.PAIRWISE.builder().optReversed(true).build();
        assertArrayEquals(new int[] {3, 2, 0, 1}, revPairwise.rank(THREE_SAME_ONE_ORTHOGONAL).pruneOrder());
    }

    @Test
    void randomIsASeededPermutation() {
        ConvWeights w = layer(filters(40));
        int[] a = rank("random", w).pruneOrder();
        int[] b = RankingTests.rank("random", 0, w).pruneOrder();
        int[] c = RankingTests.rank("random", 1, w).pruneOrder();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    static double[][] filters(int n) {
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = angle(7.0 * i);
        }
        return f;
    }

    @Test
    void registryListsEveryCriterionAndRejectsUnknownOnes() {
        assertEquals(java.util.List.of("wdc", "wdc-abs", "bc", "bc-dist", "bc-absdist", "l1", "l2", "fpgm",
                "gmean", "pairwise", "random", "eigenvector", "closeness", "pagerank", "hrank", "energy"),
                Criterion.labels());
        for (Criterion c : Criterion.values()) {
            assertEquals(c, Criterion.byLabel(c.label()));
            assertEquals(c == Criterion.HRANK || c == Criterion.ENERGY, c.needsFeatureMaps(), c.label());
        }
        var e = assertThrows(org.audioprune.AudioPruneException.class, () -> Criterion.byLabel("bcx"));
        assertTrue(e.getMessage().contains("bcx") && e.getMessage().contains("wdc-abs"));
    }
}
