package org.audioprune.prune;

import java.util.List;
import org.audioprune.AudioPruneException;

/**
 * How one criterion's pruning of each layer alone affects the metric, over a ratio grid: what
 * {@code audioprune sensitivity} measures, and what guides a {@link BudgetSearch}.
 *
 * @param criterion the criterion's label
 * @param baseline  the unpruned network's metric on the same split
 * @param layers    one curve per conv layer, in network order
 */
public record Sensitivity(String criterion, double baseline, List<Curve> layers) {

    /**
     * One layer pruned alone.
     *
     * @param ratios  the grid, ascending, each in [0, 1)
     * @param metrics the metric at each ratio (after the optional short fine-tuning)
     */
    public record Curve(String layer, List<Double> ratios, List<Double> metrics) {
        public Curve {
            ratios = List.copyOf(ratios);
            metrics = List.copyOf(metrics);
            if (ratios.size() != metrics.size() || ratios.isEmpty()) {
                throw new AudioPruneException("sensitivity curve of " + layer + " needs one metric per ratio");
            }
        }
    }

    public Sensitivity {
        layers = List.copyOf(layers);
    }

    /** The curve of {@code layer}, or {@code null} if it was not measured. */
    public Curve curve(String layer) {
        return layers.stream().filter(c -> c.layer().equals(layer)).findFirst().orElse(null);
    }
}
