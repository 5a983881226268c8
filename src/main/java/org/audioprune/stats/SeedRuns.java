package org.audioprune.stats;

import java.util.List;
import org.audioprune.train.ClipPredictions;
import org.audioprune.train.Metrics;

/**
 * One cell's runs (a criterion at a configuration) over seeds, in seed order: run i of every cell
 * that is compared with this one must share baseline i, fine-tuning seed i and the test set.
 *
 * @param metric      each run's primary test metric (accuracy or mAP, as a fraction)
 * @param predictions each run's per-clip test predictions, or null when only the metrics are known
 *                    (then no per-clip test is possible)
 */
public record SeedRuns(double[] metric, List<ClipPredictions> predictions) {
    public SeedRuns {
        metric = metric.clone();
        predictions = predictions == null ? null : List.copyOf(predictions);
        if (metric.length == 0) {
            throw new IllegalArgumentException("a cell needs at least one run");
        }
        if (predictions != null && predictions.size() != metric.length) {
            throw new IllegalArgumentException(metric.length + " metrics but " + predictions.size() + " predictions");
        }
    }

    /** Runs whose metric is computed from their predictions: accuracy (single-label) or mAP (multi-label). */
    public static SeedRuns of(List<ClipPredictions> predictions) {
        double[] metric = new double[predictions.size()];
        for (int i = 0; i < metric.length; i++) {
            ClipPredictions p = predictions.get(i);
            metric[i] = clipMetric(p).on(java.util.stream.IntStream.range(0, p.size()).toArray());
        }
        return new SeedRuns(metric, predictions);
    }

    /** Runs known only by their metric. */
    public static SeedRuns ofMetrics(double... metric) {
        return new SeedRuns(metric, null);
    }

    public int size() {
        return metric.length;
    }

    public Summary summary() {
        return Summary.of(metric);
    }

    /** Accuracy (single-label) or mAP (multi-label) of {@code p} on a multiset of its clips. */
    static PairedBootstrap.ClipMetric clipMetric(ClipPredictions p) {
        if (p.predicted() != null) {
            boolean[] correct = p.correct();
            return clips -> {
                int hits = 0;
                for (int i : clips) {
                    hits += correct[i] ? 1 : 0;
                }
                return (double) hits / clips.length;
            };
        }
        boolean[][] truth = p.truth();
        double[][] probabilities = p.probabilities();
        return clips -> {
            double[][] scores = new double[clips.length][];
            boolean[][] t = new boolean[clips.length][];
            for (int k = 0; k < clips.length; k++) {
                scores[k] = probabilities[clips[k]];
                t[k] = truth[clips[k]];
            }
            return Metrics.meanAveragePrecision(scores, t);
        };
    }
}
