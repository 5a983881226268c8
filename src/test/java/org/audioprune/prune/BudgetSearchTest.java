package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Complexity;
import org.junit.jupiter.api.Test;

/**
 * Budget searches against the published dcase21 counts: unpruned 46 246 parameters and
 * 286 637 800 MACs; the paper preset (C1 = C2 = 50 %, widths 8, 8, 32) 23 822 and 80 602 600.
 */
class BudgetSearchTest {
    private final ArchitectureSpec dcase21 = Architectures.create("dcase21", 10);

    private BudgetSearch.Found uniform(String budget) {
        return BudgetSearch.uniform(Budget.parse(budget), dcase21);
    }

    @Test
    void theTightestBudgetThatThePaperPresetMeetsGivesThePaperPreset() {
        BudgetSearch.Found f = uniform("macs<=80602600@C1-C2");
        assertEquals(Map.of("C1", 0.5, "C2", 0.5), f.plan().ratios());
        assertEquals(80_602_600L, f.macs());
        assertEquals(23_822L, f.params());
        assertEquals(Map.of("C1", 0.5, "C2", 0.5), uniform("params<=23822@C1-C2").plan().ratios());
    }

    @Test
    void oneMacLessNeedsTheNextWidthDown() {
        BudgetSearch.Found f = uniform("macs<=80602599@C1-C2");
        // widths change only at p = 1 − k/16: the next point keeps 7 of 16 filters
        assertEquals(Map.of("C1", 1 - 7.0 / 16, "C2", 1 - 7.0 / 16), f.plan().ratios());
        assertEquals(Map.of("C1", 7, "C2", 7), f.plan().keptWidths(dcase21));
        assertTrue(f.macs() <= 80_602_599L);
    }

    @Test
    void theDcaseLimitOverEveryLayerIsMetByTheSmallestUniformRatio() {
        BudgetSearch.Found f = uniform("macs<=30M");
        assertTrue(f.macs() <= 30_000_000L, "achieved " + f.macs());
        assertEquals(List.of("C1", "C2", "C3"), List.copyOf(f.plan().ratios().keySet()));
        // brute force on a fine grid: the first ratio whose widths meet the budget has the same widths
        for (int i = 0; i < 10_000; i++) {
            double p = i / 10_000.0;
            PruningPlan plan = PruningPlan.uniform(p, "all", dcase21);
            if (Complexity.of(dcase21.withConvWidths(plan.keptWidths(dcase21))).macs() <= 30_000_000L) {
                assertEquals(plan.keptWidths(dcase21), f.plan().keptWidths(dcase21), "at p = " + p);
                assertTrue(f.plan().ratios().get("C1") <= p);
                return;
            }
        }
        fail("no ratio below 1 meets 30M");
    }

    @Test
    void anUnreachableBudgetNamesTheMinimum() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> uniform("macs<=1000"));
        long min = Complexity.of(dcase21.withConvWidths(Map.of("C1", 1, "C2", 1, "C3", 1))).macs();
        assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains("minimum achievable"),
                e.getMessage());
        assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "%.2f M", min / 1e6)), e.getMessage());
    }

    @Test
    void amountsTakeDecimalSuffixes() {
        assertEquals(30_000_000L, Budget.parseAmount("30M", "x"));
        assertEquals(23_000L, Budget.parseAmount("23k", "x"));
        assertEquals(128_000L, Budget.parseAmount("128K", "x"));
        assertEquals(1_500_000_000L, Budget.parseAmount("1.5G", "x"));
        assertEquals(46246L, Budget.parseAmount("46246", "x"));
        assertThrows(AudioPruneException.class, () -> Budget.parseAmount("30 MMACs", "x"));
        assertThrows(AudioPruneException.class, () -> Budget.parseAmount("-3k", "x"));
        assertEquals(new Budget(Budget.Measure.PARAMS, 128_000, "C2-C3"), Budget.parse("params<=128k@C2-C3"));
        assertThrows(AudioPruneException.class, () -> Budget.parse("flops<=3M"));
    }

    @Test
    void aSensitivityGuidePrunesTheInsensitiveLayersFirst() {
        List<Double> grid = List.of(0.25, 0.5, 0.75);
        Sensitivity s = new Sensitivity("l1", 0.9, List.of(
                new Sensitivity.Curve("C1", grid, List.of(0.9, 0.9, 0.9)),
                new Sensitivity.Curve("C2", grid, List.of(0.89, 0.88, 0.87)),
                new Sensitivity.Curve("C3", grid, List.of(0.5, 0.3, 0.1))));
        long target = Complexity.of(dcase21.withConvWidths(Map.of("C1", 4, "C2", 4))).macs();
        BudgetSearch.Found f = BudgetSearch.guided(new Budget(Budget.Measure.MACS, target, null), dcase21, s);
        assertEquals(Map.of("C1", 0.75, "C2", 0.75), f.plan().ratios());
        assertEquals(target, f.macs());
        // a uniform search spends C3 too
        assertTrue(BudgetSearch.uniform(new Budget(Budget.Measure.MACS, target, null), dcase21).plan().ratios()
                .containsKey("C3"));
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> BudgetSearch.guided(
                new Budget(Budget.Measure.MACS, 1_000_000, null), dcase21, s));
        assertTrue(e.getMessage().contains("out of reach of the sensitivity grid"), e.getMessage());
    }
}
