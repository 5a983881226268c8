package org.audioprune.report;

import java.util.List;

/**
 * The whole comparison: a baseline and any number of pruning runs of it.
 *
 * @param network    architecture name
 * @param dataset    {@code KIND:PATH} of the evaluation data
 * @param metricName {@code accuracy} or {@code mAP}
 * @param baseline   the unpruned network
 * @param runs       one entry per criterion × configuration
 * @param notes      free text shown under the table (settings, what was shortened and why)
 */
public record PruningReport(String network, String dataset, String metricName, StageResult baseline,
                            List<PruningRunResult> runs, List<String> notes) {
    public PruningReport {
        runs = List.copyOf(runs);
        notes = List.copyOf(notes);
    }
}
