package org.audioprune.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.FeatureSet;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.NetworkRunner;

/** Runs a network over a feature set and computes {@link EvaluationResult} metrics. */
public final class Evaluator {
    /** Clips per forward pass; inference only, so memory is the only limit. */
    static final int BATCH = 64;

    private Evaluator() {
    }

    /** Evaluates a checkpoint (its stored normalisation applied) on {@code set}, called {@code split} in the result. */
    public static EvaluationResult evaluate(Checkpoint checkpoint, FeatureSet set, String split) {
        requireCompatible(checkpoint.spec(), checkpoint.classNames(), set);
        try (NetworkRunner runner = new NetworkRunner(checkpoint.spec(), checkpoint.weights())) {
            return evaluate(runner, new BandNormalisation(checkpoint.bandMean(), checkpoint.bandStd()), set, split);
        }
    }

    /** Evaluates the runner's current weights. */
    public static EvaluationResult evaluate(NetworkRunner runner, BandNormalisation norm, FeatureSet set, String split) {
        double[][] logits = logits(runner, norm, set);
        return set.multiLabel() ? multiLabel(logits, set, split) : singleLabel(logits, set, split);
    }

    /** Fails with a one-line message if {@code set} does not fit the network's input or classes. */
    public static void requireCompatible(ArchitectureSpec spec, List<String> classNames, FeatureSet set) {
        ArchitectureSpec.InputShape in = spec.input();
        if (set.nMels() != in.nMels() || set.frames() != in.frames()) {
            throw new AudioPruneException("features are " + set.nMels() + "x" + set.frames() + " (mels x frames) but the "
                    + spec.name() + " network expects " + in.nMels() + "x" + in.frames());
        }
        requireSameClasses(spec, classNames, set.classNames(), set.multiLabel());
    }

    /**
     * Fails with a one-line message if the dataset's classes do not fit the network's: checked as soon
     * as the dataset is open, before any feature is computed.
     */
    public static void requireCompatible(ArchitectureSpec spec, List<String> classNames, AudioDataset dataset) {
        requireSameClasses(spec, classNames, dataset.classNames(), dataset.multiLabel());
    }

    private static void requireSameClasses(ArchitectureSpec spec, List<String> classNames, List<String> dataClasses,
            boolean multiLabel) {
        if (!dataClasses.equals(classNames)) {
            throw new AudioPruneException("dataset classes " + dataClasses + " differ from the network's "
                    + classNames);
        }
        if (multiLabel != spec.multiLabel()) {
            throw new AudioPruneException("dataset is " + (multiLabel ? "multi" : "single")
                    + "-label but the " + spec.name() + " network is " + (spec.multiLabel() ? "multi" : "single")
                    + "-label");
        }
    }

    static double[][] logits(NetworkRunner runner, BandNormalisation norm, FeatureSet set) {
        int n = set.size();
        int classes = set.classNames().size();
        int[] order = IntStream.range(0, n).toArray();
        float[] batch = new float[Math.min(BATCH, Math.max(n, 1)) * set.nMels() * set.frames()];
        double[][] out = new double[n][classes];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            norm.fillBatch(set, order, from, to, batch);
            float[] logits = runner.logits(batch, to - from);
            for (int i = from; i < to; i++) {
                for (int c = 0; c < classes; c++) {
                    out[i][c] = logits[(i - from) * classes + c];
                    if (!Double.isFinite(out[i][c])) {
                        throw new AudioPruneException("the network's output for clip '" + set.clipId(i) + "' (class "
                                + set.classNames().get(c) + ") is " + out[i][c] + ": " + NonFinite.cause(runner.weights()));
                    }
                }
            }
        }
        return out;
    }

    private static EvaluationResult singleLabel(double[][] logits, FeatureSet set, String split) {
        int n = set.size();
        List<String> classes = set.classNames();
        double[][] probabilities = new double[n][];
        int[] predicted = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            probabilities[i] = softmax(logits[i]);
            predicted[i] = Metrics.argmax(logits[i]);
            truth[i] = set.labels(i).get(0);
        }
        int[][] confusion = Metrics.confusionMatrix(predicted, truth, classes.size());
        double[] perClass = Metrics.perClassAccuracy(confusion);
        Map<String, Double> perClassByName = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            perClassByName.put(classes.get(c), Double.isNaN(perClass[c]) ? null : perClass[c]);
        }
        Map<String, int[]> deviceCounts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String device = set.device(i);
            if (device != null) {
                int[] counts = deviceCounts.computeIfAbsent(device, d -> new int[2]);
                counts[0] += predicted[i] == truth[i] ? 1 : 0;
                counts[1]++;
            }
        }
        Map<String, Double> perDevice = new LinkedHashMap<>();
        deviceCounts.forEach((d, c) -> perDevice.put(d, (double) c[0] / c[1]));
        double logLoss = Metrics.logLoss(probabilities, truth);
        return new EvaluationResult(split, n, false, classes, logLoss, Metrics.accuracy(predicted, truth), logLoss,
                perClassByName, confusion, perDevice, null, null, null,
                new ClipPredictions(clipIds(set), labels(set), predicted, probabilities));
    }

    private static EvaluationResult multiLabel(double[][] logits, FeatureSet set, String split) {
        int n = set.size();
        int classes = set.classNames().size();
        double[][] probabilities = new double[n][classes];
        boolean[][] truth = new boolean[n][classes];
        double bce = 0;
        for (int i = 0; i < n; i++) {
            for (int label : set.labels(i)) {
                truth[i][label] = true;
            }
            for (int c = 0; c < classes; c++) {
                double z = logits[i][c];
                probabilities[i][c] = 1 / (1 + Math.exp(-z));
                // Stable BCE on logits: max(z, 0) − z·t + log(1 + e^−|z|).
                bce += Math.max(z, 0) - (truth[i][c] ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
            }
        }
        double auc = Metrics.meanRocAuc(probabilities, truth);
        return new EvaluationResult(split, n, true, set.classNames(), n == 0 ? Double.NaN : bce / ((double) n * classes),
                null, null, null, null, null, Metrics.meanAveragePrecision(probabilities, truth), auc,
                Metrics.dPrime(auc), new ClipPredictions(clipIds(set), labels(set), null, probabilities));
    }

    private static List<String> clipIds(FeatureSet set) {
        return IntStream.range(0, set.size()).mapToObj(set::clipId).toList();
    }

    private static List<List<Integer>> labels(FeatureSet set) {
        return IntStream.range(0, set.size()).mapToObj(set::labels).toList();
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
