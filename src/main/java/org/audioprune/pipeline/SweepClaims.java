package org.audioprune.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.prune.Criterion;
import org.audioprune.report.SweepReport;
import org.audioprune.stats.PairedComparison;
import org.audioprune.stats.SeedRuns;
import org.audioprune.stats.Summary;

/**
 * The paper's claim, checked on a sweep: at each configuration, each graph criterion stays within
 * 2 points of the baseline and is at least as good as {@code l1} and {@code random}, and {@code l1}
 * beats {@code random}. The comparisons of one configuration are one family, Holm-adjusted
 * ({@link PairedComparison#holm}); every one is stated with its interval and verdict, never as a
 * bare sign.
 */
final class SweepClaims {
    /** The paper's tolerance: within 2 points of the unpruned network. */
    static final double TOLERANCE_POINTS = 2;
    private static final List<String> REFERENCES = List.of(Criterion.L1.label(), Criterion.RANDOM.label());

    private SweepClaims() {
    }

    /** The claim's comparisons at one configuration, Holm-adjusted as one family. */
    static List<PairedComparison> family(Map<String, SeedRuns> runs) {
        List<PairedComparison> family = new ArrayList<>();
        for (String graph : runs.keySet()) {
            if (Criterion.byLabel(graph).group() != Criterion.Group.PAPER) {
                continue;
            }
            for (String other : REFERENCES) {
                if (runs.containsKey(other)) {
                    family.add(PairedComparison.of(graph, runs.get(graph), other, runs.get(other)));
                }
            }
        }
        if (runs.containsKey(REFERENCES.get(0)) && runs.containsKey(REFERENCES.get(1))) {
            family.add(PairedComparison.of(REFERENCES.get(0), runs.get(REFERENCES.get(0)), REFERENCES.get(1),
                    runs.get(REFERENCES.get(1))));
        }
        return family.isEmpty() ? family : PairedComparison.holm(family);
    }

    /**
     * One sentence per graph criterion and configuration, then the {@code l1} vs {@code random}
     * check; {@code comparisons.get(i)} was made at {@code configs.get(i)}.
     */
    static List<String> check(List<SweepReport.Cell> cells, List<String> configs, List<PairedComparison> comparisons) {
        List<String> out = new ArrayList<>();
        for (SweepReport.Cell cell : cells) {
            if (Criterion.byLabel(cell.criterion()).group() != Criterion.Group.PAPER) {
                continue;
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Claim check, %s at `%s`: %s vs baseline, %s",
                    cell.criterion(), cell.configuration(), points(cell.delta()), within(cell.delta())));
            for (int i = 0; i < comparisons.size(); i++) {
                if (configs.get(i).equals(cell.configuration()) && comparisons.get(i).a().equals(cell.criterion())) {
                    sb.append("; ").append(comparisons.get(i).sentence());
                }
            }
            out.add(sb.append('.').toString());
        }
        for (int i = 0; i < comparisons.size(); i++) {
            PairedComparison c = comparisons.get(i);
            if (c.a().equals(REFERENCES.get(0)) && c.b().equals(REFERENCES.get(1))) {
                out.add("Ordering check at `" + configs.get(i) + "`: " + c.sentence() + ".");
            }
        }
        return out;
    }

    /** {@code +0.53 points (95 % CI -0.20 to +1.26, 3 runs)}, or {@code +0.53 points (1 run, no interval)}. */
    static String points(Summary s) {
        if (!s.interval().defined()) {
            return String.format(Locale.ROOT, "%+.2f points (%d run, no interval)", s.mean(), s.n());
        }
        return String.format(Locale.ROOT, "%+.2f points (95 %% CI %+.2f to %+.2f, %d runs)", s.mean(),
                s.interval().lower(), s.interval().upper(), s.n());
    }

    private static String within(Summary d) {
        if (!d.interval().defined()) {
            return d.mean() >= -TOLERANCE_POINTS ? "within 2 points on this one run" : "NOT within 2 points";
        }
        return d.interval().lower() >= -TOLERANCE_POINTS ? "within 2 points (the whole interval)"
                : d.interval().upper() < -TOLERANCE_POINTS ? "NOT within 2 points (the whole interval is below)"
                : "not shown to be within 2 points (the interval reaches below -2)";
    }
}
