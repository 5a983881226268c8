package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How members' scores combine into a group's ranking, worked by hand with l1 (sum of |w| per filter). */
class GroupImportanceTest {
    private static final CriterionChoice L1 = Criterion.byLabel("l1").builder().build();

    /** Four 1×1 single-channel filters with these weights. */
    private static ConvWeights filters(double... w) {
        return new ConvWeights(w.length, 1, 1, 1, w);
    }

    private static final ConvWeights A = filters(1, 2, 3, 40);
    private static final ConvWeights B = filters(4, 0, -2, 2);

    @Test
    void meanNormalisedAveragesScoresOverTheirLargestMagnitude() {
        // A / 40 = (.025, .05, .075, 1), B / 4 = (1, 0, .5, .5): mean (.5125, .025, .2875, .75), lowest first
        FilterRanking r = L1.rankGroup(List.of(A, B));
        assertArrayEquals(new double[] {0.5125, 0.025, 0.2875, 0.75}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 2, 0, 3}, r.pruneOrder());
    }

    @Test
    void concatenatedRanksTheJoinedFilters() {
        // joined filters (1, 4), (2, 0), (3, -2), (40, 2): l1 = 5, 2, 5, 42 (ties keep the lower index first)
        CriterionChoice joined = Criterion.byLabel("l1").builder().optGroupImportance(GroupImportance.CONCATENATED).build();
        FilterRanking r = joined.rankGroup(List.of(A, B));
        assertArrayEquals(new double[] {5, 2, 5, 42}, r.scores(), 1e-12);
        assertArrayEquals(new int[] {1, 0, 2, 3}, r.pruneOrder());
    }

    @Test
    void aGroupOfOneIsRankedAsItsLayer() {
        for (GroupImportance g : GroupImportance.values()) {
            CriterionChoice c = Criterion.byLabel("wdc").builder().optGroupImportance(g).build();
            ConvWeights w = new ConvWeights(3, 2, 1, 2, new double[] {1, 0, 2, 1, 0, 1, 1, 1, 3, -1, 0, 2});
            assertArrayEquals(c.rank(LayerEvidence.ofWeights(w)).pruneOrder(), c.rankGroup(List.of(w)).pruneOrder());
        }
    }

    @Test
    void unknownLabelNamesTheChoices() {
        Exception e = assertThrows(org.audioprune.AudioPruneException.class, () -> GroupImportance.byLabel("max"));
        assertEquals("unknown group importance 'max' (valid: mean-normalised, concatenated)", e.getMessage());
    }
}
