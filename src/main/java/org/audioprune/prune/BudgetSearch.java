package org.audioprune.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Complexity;

/**
 * Finds per-layer pruning ratios that meet a {@link Budget}. Counts are taken on {@code reference},
 * the unpruned network at its reference input (where reports count them), with the widths a plan
 * keeps, ⌈(1−p)·n⌉ per layer.
 *
 * <ul>
 *   <li>{@link #uniform}: one ratio p over the budget's layers, the smallest that meets it. The
 *   kept widths change only at p = 1 − k/n (k = 1..n for each layer's n filters), and the counts
 *   fall as p grows, so a bisection over those points finds the exact smallest ratio.</li>
 *   <li>{@link #guided}: per-layer ratios from a sensitivity grid, greedily: each step raises the
 *   one layer whose next grid ratio removes the most MACs (or parameters) per point of metric lost
 *   when pruned alone, until the budget is met. (It adds the layers' losses as if independent: a
 *   guide, which the fine-tuned result then checks.)</li>
 * </ul>
 */
public final class BudgetSearch {
    private BudgetSearch() {
    }

    /**
     * A plan that meets the budget and what it achieves.
     *
     * @param macs   MACs of the pruned network at the reference input
     * @param params parameters of the pruned network
     */
    public record Found(Budget budget, PruningPlan plan, long macs, long params) {
        /** The budget, the ratios found and the achieved figures, in one sentence. */
        public String describe(long baseMacs, long baseParams) {
            return String.format(Locale.ROOT, "budget %s: plan %s achieves %s MACs (%.1f %% of %s) and %s parameters "
                    + "(%.1f %% of %s)", budget, plan, count(macs), 100.0 * macs / baseMacs, count(baseMacs),
                    count(params), 100.0 * params / baseParams, count(baseParams));
        }
    }

    /** One ratio over the budget's layers: the smallest p whose kept widths meet it. */
    public static Found uniform(Budget budget, ArchitectureSpec reference) {
        List<String> layers = PruningPlan.parseLayers(budget.layers(), reference);
        Map<String, Integer> widths = reference.convWidths();
        TreeSet<Double> points = new TreeSet<>();
        points.add(0.0);
        for (String layer : layers) {
            int n = widths.get(layer);
            for (int k = 1; k < n; k++) {
                points.add(1 - (double) k / n);
            }
        }
        List<Double> ps = new ArrayList<>(points);
        // the ratio that leaves 1 filter in every layer, the cheapest uniform plan
        double last = ps.get(ps.size() - 1);
        PruningPlan cheapest = uniformPlan(last, layers, reference);
        long min = cost(budget, cheapest, reference);
        if (min > budget.limit()) {
            throw unreachable(budget, reference, min);
        }
        int lo = 0;
        int hi = ps.size() - 1; // meets the budget
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cost(budget, uniformPlan(ps.get(mid), layers, reference), reference) <= budget.limit()) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return found(budget, uniformPlan(ps.get(lo), layers, reference), reference);
    }

    /**
     * Per-layer ratios on {@code guide}'s grid (see the class comment); layers of the budget without
     * a curve stay unpruned.
     *
     * @throws AudioPruneException if even the grid's largest ratios miss the budget
     */
    public static Found guided(Budget budget, ArchitectureSpec reference, Sensitivity guide) {
        List<String> layers = PruningPlan.parseLayers(budget.layers(), reference);
        Map<String, Integer> step = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (String layer : layers) {
            if (guide.curve(layer) != null) {
                step.put(layer, -1); // -1: ratio 0, the unpruned layer
                ratios.put(layer, 0.0);
            }
        }
        if (step.isEmpty()) {
            throw new AudioPruneException("budget " + budget + ": the sensitivity of " + guide.criterion()
                    + " has no curve for the layers " + layers);
        }
        PruningPlan plan = new PruningPlan(ratios);
        long cost = cost(budget, plan, reference);
        while (cost > budget.limit()) {
            String best = null;
            double bestValue = Double.NEGATIVE_INFINITY;
            long bestCost = cost;
            for (Map.Entry<String, Integer> e : step.entrySet()) {
                Sensitivity.Curve curve = guide.curve(e.getKey());
                int next = e.getValue() + 1;
                if (next >= curve.ratios().size()) {
                    continue;
                }
                Map<String, Double> trial = new LinkedHashMap<>(ratios);
                trial.put(e.getKey(), curve.ratios().get(next));
                long c = cost(budget, new PruningPlan(trial), reference);
                double before = e.getValue() < 0 ? guide.baseline() : curve.metrics().get(e.getValue());
                double loss = Math.max(before - curve.metrics().get(next), 1e-6);
                double value = (cost - c) / loss;
                if (c < cost && value > bestValue) {
                    best = e.getKey();
                    bestValue = value;
                    bestCost = c;
                }
            }
            if (best == null) {
                throw new AudioPruneException("budget " + budget + " is out of reach of the sensitivity grid of "
                        + guide.criterion() + ": its largest ratios leave " + count(cost) + " "
                        + budget.measure().noun() + "; measure larger ratios, or drop --sensitivity for a uniform "
                        + "search");
            }
            int next = step.get(best) + 1;
            step.put(best, next);
            ratios.put(best, guide.curve(best).ratios().get(next));
            cost = bestCost;
        }
        Map<String, Double> pruned = new LinkedHashMap<>();
        ratios.forEach((l, p) -> {
            if (p > 0) {
                pruned.put(l, p);
            }
        });
        return found(budget, new PruningPlan(pruned), reference);
    }

    private static PruningPlan uniformPlan(double p, List<String> layers, ArchitectureSpec spec) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        layers.forEach(l -> ratios.put(l, p));
        return new PruningPlan(ratios);
    }

    private static Found found(Budget budget, PruningPlan plan, ArchitectureSpec reference) {
        Complexity c = Complexity.of(reference.withConvWidths(plan.keptWidths(reference)));
        return new Found(budget, plan, c.macs(), c.params());
    }

    private static long cost(Budget budget, PruningPlan plan, ArchitectureSpec reference) {
        return budget.measure().of(Complexity.of(reference.withConvWidths(plan.keptWidths(reference))));
    }

    private static AudioPruneException unreachable(Budget budget, ArchitectureSpec reference, long min) {
        return new AudioPruneException(String.format(Locale.ROOT, "budget %s is unreachable for %s: even 1 filter "
                + "in every pruned layer (%s) leaves %s %s, the minimum achievable", budget, reference.name(),
                budget.layers(), count(min), budget.measure().noun()));
    }

    /** 30 000 000 → {@code 30.00 M}, 23 822 → {@code 23.82 k}: counts as people read them. */
    static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f G", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2f M", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.2f k", n / 1e3);
        }
        return Long.toString(n);
    }
}
