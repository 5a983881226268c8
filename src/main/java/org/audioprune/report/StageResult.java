package org.audioprune.report;

/**
 * What was measured of one network at one stage (baseline, after pruning, after fine-tuning).
 *
 * @param metric           accuracy (single-label) or mAP (multi-label) on the test split, in [0, 1]
 * @param params           parameters incl. batch-norm running statistics
 * @param macs             conv + dense multiply-accumulates for one clip of the default input
 * @param latencyMsBatch1  median CPU inference time of one clip, ms
 * @param latencyMsBatch64 median CPU inference time of a batch of 64 clips, ms
 */
public record StageResult(double metric, long params, long macs, double latencyMsBatch1, double latencyMsBatch64) {
}
