package org.audioprune.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.audioprune.train.ClipPredictions;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
    private static final double[] DRUG1 = SummaryAndPairedSeedsTest.DRUG1;
    private static final double[] DRUG2 = SummaryAndPairedSeedsTest.DRUG2;

    @Test
    void seedsDecideWithTwoOrMoreRuns() {
        PairedComparison c = PairedComparison.of("drug2", SeedRuns.ofMetrics(DRUG2), "drug1", SeedRuns.ofMetrics(DRUG1));
        assertEquals(PairedComparison.Basis.SEEDS, c.basis());
        assertEquals(0.002833, c.pValue(), 5e-7);
        assertEquals(Verdict.SIGNIFICANTLY_BETTER, c.verdict());
        assertEquals(Verdict.SIGNIFICANTLY_WORSE,
                PairedComparison.of("drug1", SeedRuns.ofMetrics(DRUG1), "drug2", SeedRuns.ofMetrics(DRUG2)).verdict());
        assertEquals("drug2 vs drug1: +158.00 points (seeds: 95 % CI +70.01 to +245.99, p = 0.003; n = 10) — "
                + "significantly better", c.sentence());
        assertTrue(c.sentence().endsWith("significantly better"), c.sentence());
        // three noisy seeds: a 1-point mean difference with 2-point spread is not resolvable
        PairedComparison noisy = PairedComparison.of("a", SeedRuns.ofMetrics(0.80, 0.75, 0.78), "b",
                SeedRuns.ofMetrics(0.78, 0.76, 0.76));
        assertEquals(Verdict.NOT_RESOLVABLE, noisy.verdict());
        assertTrue(noisy.sentence().endsWith("not resolvable at this sample size"), noisy.sentence());
    }

    @Test
    void holmAdjustsTheFamilyAndCanWithdrawAVerdict() {
        // p = 0.002833 alone is significant; among comparisons whose p-values are 0.2 and 0.5 it becomes 3 × 0.002833
        PairedComparison strong = PairedComparison.of("drug2", SeedRuns.ofMetrics(DRUG2), "drug1", SeedRuns.ofMetrics(DRUG1));
        double[] base = {0.5, 0.6, 0.7, 0.8};
        PairedComparison weak = PairedComparison.of("x", SeedRuns.ofMetrics(0.52, 0.58, 0.71, 0.83), "y",
                SeedRuns.ofMetrics(base));
        List<PairedComparison> family = PairedComparison.holm(List.of(strong, weak));
        assertEquals(2, family.get(0).familySize());
        assertEquals(Math.max(2 * strong.pValue(), 0), family.get(0).adjustedPValue(), 1e-12);
        assertEquals(Math.max(weak.pValue(), 2 * strong.pValue()), family.get(1).adjustedPValue(), 1e-12);
        assertEquals(Verdict.SIGNIFICANTLY_BETTER, family.get(0).verdict());
        assertTrue(family.get(0).sentence().contains("Holm over 2 comparisons"), family.get(0).sentence());

        // 0.02 survives alone but not among 3 (Holm: 3 × 0.02 = 0.06 ≥ 0.05)
        PairedComparison c = new PairedComparison("a", "b", strong.seeds(), null, List.of(), List.of(),
                PairedComparison.Basis.SEEDS, 0.02, 0.02, 1, Verdict.SIGNIFICANTLY_BETTER);
        PairedComparison other = new PairedComparison("c", "d", strong.seeds(), null, List.of(), List.of(),
                PairedComparison.Basis.SEEDS, 0.9, 0.9, 1, Verdict.NOT_RESOLVABLE);
        assertEquals(Verdict.NOT_RESOLVABLE, PairedComparison.holm(List.of(c, other, other)).get(0).verdict());
    }

    /** Single-label predictions on 100 clips of 2 classes: correct on exactly the clips in {@code right}. */
    private static ClipPredictions single(boolean[] right) {
        int n = right.length;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "clip" + i).toList();
        List<List<Integer>> labels = IntStream.range(0, n).mapToObj(i -> List.of(i % 2)).toList();
        int[] predicted = new int[n];
        double[][] p = new double[n][2];
        for (int i = 0; i < n; i++) {
            predicted[i] = right[i] ? i % 2 : 1 - i % 2;
            p[i][predicted[i]] = 0.9;
            p[i][1 - predicted[i]] = 0.1;
        }
        return new ClipPredictions(ids, labels, predicted, p);
    }

    @Test
    void oneSeedFallsBackToMcNemarOverClips() {
        boolean[][] o = PerClipTestsTest.outcomes(80, 9, 1, 10);
        SeedRuns a = SeedRuns.of(List.of(single(o[0])));
        SeedRuns b = SeedRuns.of(List.of(single(o[1])));
        assertEquals(0.89, a.metric()[0], 1e-12);
        assertEquals(0.81, b.metric()[0], 1e-12);
        PairedComparison c = PairedComparison.of("a", a, "b", b);
        assertEquals(PairedComparison.Basis.MCNEMAR_OVER_CLIPS, c.basis());
        assertEquals(22.0 / 1024, c.pValue(), 1e-12);
        assertEquals(Verdict.SIGNIFICANTLY_BETTER, c.verdict());
        assertEquals(1, c.bootstrap().size());
        assertTrue(c.clips().interval().contains(0.08), c.clips().interval().toString());
        assertTrue(c.sentence().contains("exact McNemar"), c.sentence());
    }

    @Test
    void multiLabelUsesTheBootstrapOfMapAndRefusesMismatchedClips() {
        // 60 clips, 2 tags: A ranks every clip right, B's scores are noise → mAP(A) = 1, clearly better
        int n = 60;
        List<String> ids = IntStream.range(0, n).mapToObj(i -> "c" + i).toList();
        List<List<Integer>> labels = new ArrayList<>();
        double[][] good = new double[n][2];
        double[][] bad = new double[n][2];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            labels.add(i % 3 == 0 ? List.of(0, 1) : List.of(i % 2));
            for (int c = 0; c < 2; c++) {
                good[i][c] = labels.get(i).contains(c) ? 0.9 : 0.1;
                bad[i][c] = r.nextDouble();
            }
        }
        SeedRuns a = SeedRuns.of(List.of(new ClipPredictions(ids, labels, null, good)));
        SeedRuns b = SeedRuns.of(List.of(new ClipPredictions(ids, labels, null, bad)));
        assertEquals(1, a.metric()[0], 1e-12);
        PairedComparison c = PairedComparison.of("a", a, "b", b);
        assertEquals(PairedComparison.Basis.BOOTSTRAP_OVER_CLIPS, c.basis());
        assertTrue(c.mcNemar().isEmpty());
        assertTrue(c.pValue() < 0.01, "p " + c.pValue());
        assertEquals(Verdict.SIGNIFICANTLY_BETTER, c.verdict());

        List<String> otherIds = IntStream.range(0, n).mapToObj(i -> "d" + i).toList();
        SeedRuns elsewhere = SeedRuns.of(List.of(new ClipPredictions(otherIds, labels, null, bad)));
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.of("a", a, "b", elsewhere));
        assertThrows(IllegalArgumentException.class,
                () -> PairedComparison.of("a", SeedRuns.ofMetrics(0.1, 0.2), "b", SeedRuns.ofMetrics(0.1)));
    }

    /** Three seeds, each with the given per-clip outcome counts, the clips shuffled differently per seed. */
    private static SeedRuns[] threeSeeds(int both, int onlyA, int onlyB, int neither) {
        List<ClipPredictions> a = new ArrayList<>();
        List<ClipPredictions> b = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            boolean[][] o = PerClipTestsTest.outcomes(both, onlyA, onlyB, neither);
            java.util.Random r = new java.util.Random(seed);
            for (int i = o[0].length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                boolean ta = o[0][i];
                boolean tb = o[1][i];
                o[0][i] = o[0][j];
                o[1][i] = o[1][j];
                o[0][j] = ta;
                o[1][j] = tb;
            }
            a.add(single(o[0]));
            b.add(single(o[1]));
        }
        return new SeedRuns[] {SeedRuns.of(a), SeedRuns.of(b)};
    }

    @Test
    void agreeingSeedsAreNotEnoughWhenTheTestSetCannotResolveTheDifference() {
        // every seed: A right on 28 clips B misses, B on 32 A misses → −0.8 points three times over; the
        // t test sees no spread at all (p = 0), but 60 discordant clips of 500 cannot resolve 4 clips
        SeedRuns[] runs = threeSeeds(350, 28, 32, 90);
        PairedComparison c = PairedComparison.of("a", runs[0], "b", runs[1]);
        assertEquals(PairedComparison.Basis.SEEDS_AND_CLIPS, c.basis());
        assertEquals(-0.008, c.difference(), 1e-12);
        assertEquals(0, c.seeds().tPValue());
        assertTrue(c.clips().pValue() > 0.2, "clips p " + c.clips().pValue());
        assertEquals(c.clips().pValue(), c.pValue());
        assertEquals(Verdict.NOT_RESOLVABLE, c.verdict());
        assertEquals(3, c.mcNemar().size());
        assertEquals(3, c.bootstrap().size());
        assertTrue(c.sentence().contains("seeds: 95 % CI") && c.sentence().contains("clips: 95 % CI"), c.sentence());

        // 40 vs 5 discordant clips in every seed: both tests reject
        runs = threeSeeds(350, 40, 5, 105);
        PairedComparison clear = PairedComparison.of("a", runs[0], "b", runs[1]);
        assertEquals(0.07, clear.difference(), 1e-12);
        assertTrue(clear.pValue() < 0.001, "p " + clear.pValue());
        assertEquals(Verdict.SIGNIFICANTLY_BETTER, clear.verdict());
        assertEquals(Verdict.SIGNIFICANTLY_WORSE, PairedComparison.of("b", runs[1], "a", runs[0]).verdict());
    }

    @Test
    void pValuesReadAsEqualOrBelowTheirFloor() {
        // "p = < 0.001" was printed before: the relation belongs to the formatted value
        assertEquals("< 0.001", PairedComparison.formatP(2e-7));
        assertEquals("= 0.014", PairedComparison.formatP(0.0141));
    }
}
