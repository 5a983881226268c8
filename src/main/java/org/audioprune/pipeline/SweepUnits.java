package org.audioprune.pipeline;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.audioprune.work.WorkUnit;

/** The units of work of a sweep and the result rows they record (small, serialisable values). */
public final class SweepUnits {
    private SweepUnits() {
    }

    /** Baseline {@code index}, trained with seed base + index; id {@code b0}, {@code b1}, ... */
    public record Baseline(int index) implements WorkUnit {
        @Override
        public String id() {
            return "b" + index;
        }
    }

    /**
     * One pruning run: a baseline × criterion × configuration × fine-tuning seed.
     *
     * @param baseline      the baseline's id ({@code b0}, or {@value #GIVEN} for {@code --checkpoint})
     * @param criterion     the criterion's label
     * @param configuration preset, ratio list or budget, as written
     * @param seed          the fine-tuning seed's index k (seed base + k)
     */
    public record Run(String baseline, String criterion, String configuration, int seed) implements WorkUnit {
        /** The baseline id of a sweep over a given checkpoint. */
        public static final String GIVEN = "ckpt";

        /** {@code b0-wdc-paper-s1}; a configuration's characters outside file names become {@code _}. */
        @Override
        public String id() {
            String config = configuration.trim().replace("<=", "-le-").replace(',', '+').replaceAll("[^A-Za-z0-9._=+-]",
                    "_");
            return baseline + "-" + criterion + "-" + config + "-s" + seed;
        }
    }

    /**
     * What training a baseline recorded (its per-clip test predictions are in the unit's
     * {@value SweepWork#PREDICTIONS}).
     *
     * @param metric test metric
     */
    public record BaselineRow(String unit, long seed, long params, long macs, double metric) implements Serializable {
    }

    /**
     * What a pruning run recorded (the final network's per-clip test predictions are in the unit's
     * {@value SweepWork#PREDICTIONS}).
     *
     * @param plan            the resolved per-layer ratios
     * @param widths          the pruned network's conv widths
     * @param params          parameters at the reference input
     * @param macs            MACs at the reference input
     * @param prunedMetric    test metric right after surgery
     * @param finetunedMetric test metric after fine-tuning, NaN without
     */
    public record RunRow(String unit, String baseline, String criterion, String configuration, int seed, String plan,
                         Map<String, Integer> widths, long params, long macs, double prunedMetric, boolean finetuned,
                         double finetunedMetric, Map<String, List<Integer>> keptFilters)
            implements Serializable {
        /** The metric the comparison uses: fine-tuned when there was fine-tuning. */
        public double last() {
            return finetuned ? finetunedMetric : prunedMetric;
        }
    }
}
