package org.audioprune.report;

import java.util.List;
import org.audioprune.prune.Sensitivity;
import org.audioprune.stats.PairedComparison;
import org.audioprune.stats.Summary;

/**
 * A sweep's results: per cell (configuration × criterion) the mean and 95 % interval over its
 * runs, the paired comparisons between criteria, the claim check, and every run.
 *
 * @param command     the exact command line
 * @param baseline    the unpruned networks (over baseline seeds)
 * @param cells       in configuration, then criterion order
 * @param comparisons every pair of criteria at every configuration (Holm-adjusted per configuration)
 * @param claims      the claim check, one sentence each
 * @param units       every run
 * @param sensitivity the sensitivities that guided budget configurations (empty without)
 */
public record SweepReport(String network, String dataset, String metricName, String command,
                          Environment environment, Baseline baseline, List<Cell> cells, List<Comparison> comparisons,
                          List<String> claims, List<String> notes, List<UnitRow> units, List<Sensitivity> sensitivity) {
    public SweepReport {
        cells = List.copyOf(cells);
        comparisons = List.copyOf(comparisons);
        claims = List.copyOf(claims);
        notes = List.copyOf(notes);
        units = List.copyOf(units);
        sensitivity = List.copyOf(sensitivity);
    }

    /**
     * The unpruned network(s).
     *
     * @param metric test metric over baselines
     * @param params at the reference input
     * @param macs   at the reference input
     * @param latencyBatch1  in its fastest inference form (no speed-up: it is the reference)
     */
    public record Baseline(Summary metric, long params, long macs, Latency latencyBatch1, Latency latencyBatch64) {
    }

    /**
     * One criterion at one configuration, over baselines × seeds.
     *
     * @param plan      the resolved ratios (a budget's found ratios)
     * @param pruned    metric right after surgery
     * @param finetuned metric after fine-tuning, or {@code null} without
     * @param delta     final metric minus its baseline's, in points (×100)
     * @param latencyBatch1 of the cell's architecture in its fastest form, with the speed-up over the baseline
     */
    public record Cell(String configuration, String criterion, String plan, long params, long macs, Summary pruned,
                       Summary finetuned, Summary delta, Latency latencyBatch1, Latency latencyBatch64) {
        /** The summary the comparison uses. */
        public Summary last() {
            return finetuned != null ? finetuned : pruned;
        }
    }

    /** Two criteria at one configuration, on the same baselines, seeds and clips. */
    public record Comparison(String configuration, PairedComparison result) {
    }

    /** One run. */
    public record UnitRow(String unit, String baseline, String criterion, String configuration, int seed, String plan,
                          long params, long macs, double prunedMetric, double finetunedMetric) {
    }
}
