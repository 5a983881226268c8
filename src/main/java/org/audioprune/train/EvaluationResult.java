package org.audioprune.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics of one network on one split. Single-label results fill accuracy … perDeviceAccuracy;
 * multi-label results fill meanAveragePrecision, meanAuc and dPrime; the others are null.
 *
 * @param clips             number of clips evaluated
 * @param loss              mean loss as trained: cross-entropy (= log-loss) or binary cross-entropy
 * @param perClassAccuracy  class name → accuracy over its clips (recall)
 * @param confusion         rows: true class, columns: predicted class, in {@code classNames} order
 * @param perDeviceAccuracy device → accuracy, for datasets that name recording devices
 * @param clipPredictions   every clip's prediction, for paired per-clip tests (not part of the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationResult(String split, int clips, boolean multiLabel, List<String> classNames, double loss,
                               Double accuracy, Double logLoss, Map<String, Double> perClassAccuracy,
                               int[][] confusion, Map<String, Double> perDeviceAccuracy,
                               Double meanAveragePrecision, Double meanAuc, Double dPrime,
                               @JsonIgnore ClipPredictions clipPredictions) {

    /** The selection metric: accuracy (single-label) or mAP (multi-label); higher is better. */
    public double primaryMetric() {
        return multiLabel ? meanAveragePrecision : accuracy;
    }

    /** A short human-readable report. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s split: %d clips%n", split, clips));
        if (multiLabel) {
            sb.append(String.format(Locale.ROOT, "mAP %.4f   AUC %.4f   d' %.3f   BCE %.4f%n",
                    meanAveragePrecision, meanAuc, dPrime, loss));
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "accuracy %.2f %%   log-loss %.4f%n", 100 * accuracy, logLoss));
        sb.append("per class:\n");
        // a class without clips in this split has no accuracy (null)
        perClassAccuracy.forEach((c, a) -> sb.append(a == null ? String.format(Locale.ROOT, "  %-24s no clips%n", c)
                : String.format(Locale.ROOT, "  %-24s %6.2f %%%n", c, 100 * a)));
        if (perDeviceAccuracy != null && !perDeviceAccuracy.isEmpty()) {
            sb.append("per device:\n");
            perDeviceAccuracy.forEach((d, a) -> sb.append(String.format(Locale.ROOT, "  %-24s %6.2f %%%n", d, 100 * a)));
        }
        sb.append("confusion (rows true, columns predicted):\n");
        for (int t = 0; t < confusion.length; t++) {
            sb.append(String.format(Locale.ROOT, "  %-24s", classNames.get(t)));
            for (int count : confusion[t]) {
                sb.append(String.format(Locale.ROOT, " %5d", count));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
