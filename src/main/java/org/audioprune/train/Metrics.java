package org.audioprune.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Classification and tagging metrics on plain arrays (engine-free). Multi-label definitions follow
 * PANNs: per-class average precision as sklearn {@code average_precision_score}, per-class ROC AUC,
 * both macro-averaged over the classes where they are defined, and d′ = √2·Φ⁻¹(AUC).
 */
public final class Metrics {
    /** sklearn's log_loss clipping: keeps −log(p) finite for a confident wrong prediction. */
    static final double LOG_LOSS_EPS = 1e-15;

    private Metrics() {
    }

    /** Index of the largest score (the first on ties). */
    public static int argmax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Fraction of {@code predicted[i] == truth[i]}. */
    public static double accuracy(int[] predicted, int[] truth) {
        requireSameLength(predicted.length, truth.length);
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (predicted[i] == truth[i]) {
                correct++;
            }
        }
        return truth.length == 0 ? Double.NaN : (double) correct / truth.length;
    }

    /** Mean −ln p(true class); probabilities clipped to [1e−15, 1 − 1e−15] and each row renormalised, as sklearn. */
    public static double logLoss(double[][] probabilities, int[] truth) {
        requireSameLength(probabilities.length, truth.length);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double rowSum = 0;
            for (double p : probabilities[i]) {
                rowSum += clip(p);
            }
            sum -= Math.log(clip(probabilities[i][truth[i]]) / rowSum);
        }
        return truth.length == 0 ? Double.NaN : sum / truth.length;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    }

    /** counts[t][p]: clips of true class t predicted as p. */
    public static int[][] confusionMatrix(int[] predicted, int[] truth, int numClasses) {
        requireSameLength(predicted.length, truth.length);
        int[][] counts = new int[numClasses][numClasses];
        for (int i = 0; i < truth.length; i++) {
            counts[truth[i]][predicted[i]]++;
        }
        return counts;
    }

    /** Per-class accuracy (recall): diagonal / row sum; NaN for a class with no clips. */
    public static double[] perClassAccuracy(int[][] confusion) {
        double[] out = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            int total = Arrays.stream(confusion[c]).sum();
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }

    /**
     * Average precision as sklearn: Σₙ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds, highest
     * first (tied scores enter together). NaN when there are no positives.
     */
    public static double averagePrecision(double[] scores, boolean[] truth) {
        requireSameLength(scores.length, truth.length);
        int positives = countTrue(truth);
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        double ap = 0;
        double previousRecall = 0;
        int tp = 0;
        int seen = 0;
        for (int k = 0; k < order.length; k++) {
            tp += truth[order[k]] ? 1 : 0;
            seen++;
            boolean lastOfTie = k + 1 == order.length || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                double recall = (double) tp / positives;
                ap += (recall - previousRecall) * tp / seen;
                previousRecall = recall;
            }
        }
        return ap;
    }

    /**
     * ROC AUC as the Mann–Whitney probability that a positive outscores a negative, ties counting
     * one half (equal to the trapezoidal area sklearn computes). NaN without both classes present.
     */
    public static double rocAuc(double[] scores, boolean[] truth) {
        requireSameLength(scores.length, truth.length);
        long positives = countTrue(truth);
        long negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        // Walk tie groups from the top: each positive beats the negatives below its group.
        double wins = 0;
        long negativesAbove = 0;
        int k = 0;
        while (k < order.length) {
            int end = k;
            while (end < order.length && scores[order[end]] == scores[order[k]]) {
                end++;
            }
            long pos = 0;
            long neg = 0;
            for (int j = k; j < end; j++) {
                if (truth[order[j]]) {
                    pos++;
                } else {
                    neg++;
                }
            }
            long negativesBelow = negatives - negativesAbove - neg;
            wins += pos * (negativesBelow + 0.5 * neg);
            negativesAbove += neg;
            k = end;
        }
        return wins / ((double) positives * negatives);
    }

    /** Macro mean of per-class AP over classes with at least one positive (scores[clip][class]). */
    public static double meanAveragePrecision(double[][] scores, boolean[][] truth) {
        return macro(scores, truth, true);
    }

    /** Macro mean of per-class ROC AUC over classes with both positives and negatives. */
    public static double meanRocAuc(double[][] scores, boolean[][] truth) {
        return macro(scores, truth, false);
    }

    /** d′ = √2·Φ⁻¹(AUC), as in the PANNs/AudioSet evaluations. */
    public static double dPrime(double auc) {
        return Math.sqrt(2) * inverseNormalCdf(auc);
    }

    private static double macro(double[][] scores, boolean[][] truth, boolean ap) {
        requireSameLength(scores.length, truth.length);
        if (scores.length == 0) {
            return Double.NaN;
        }
        int classes = scores[0].length;
        double sum = 0;
        int defined = 0;
        for (int c = 0; c < classes; c++) {
            final int cls = c;
            double[] s = IntStream.range(0, scores.length).mapToDouble(i -> scores[i][cls]).toArray();
            boolean[] t = new boolean[truth.length];
            for (int i = 0; i < t.length; i++) {
                t[i] = truth[i][c];
            }
            double value = ap ? averagePrecision(s, t) : rocAuc(s, t);
            if (!Double.isNaN(value)) {
                sum += value;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    /**
     * Φ⁻¹ by Acklam's rational approximation (relative error below 1.2e−9), written here because
     * no statistics library is on the class path; ±∞ at 0 and 1.
     */
    static double inverseNormalCdf(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
        final double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }

    private static int countTrue(boolean[] truth) {
        int n = 0;
        for (boolean t : truth) {
            n += t ? 1 : 0;
        }
        return n;
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new IllegalArgumentException("predictions and labels differ in length: " + a + " vs " + b);
        }
    }
}
