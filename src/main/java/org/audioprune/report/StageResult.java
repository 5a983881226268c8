package org.audioprune.report;

/**
 * What was measured of one network at one stage (baseline, after pruning, after fine-tuning).
 *
 * @param metric         accuracy (single-label) or mAP (multi-label) on the test split, in [0, 1]
 * @param params         parameters incl. batch-norm running statistics
 * @param macs           conv + dense multiply-accumulates for one clip of the default input
 * @param latencyBatch1  inference time of one clip, with the speed-up over the baseline
 * @param latencyBatch64 inference time of a batch of 64 clips, with the speed-up over the baseline
 */
public record StageResult(double metric, long params, long macs, Latency latencyBatch1, Latency latencyBatch64) {
}
