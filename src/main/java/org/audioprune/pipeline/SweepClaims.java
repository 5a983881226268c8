package org.audioprune.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.audioprune.prune.Criterion;
import org.audioprune.report.SweepReport;
import org.audioprune.report.SweepStatistics;
import org.audioprune.report.SweepStatistics.Interval;
import org.audioprune.report.SweepStatistics.Paired;
import org.audioprune.report.SweepStatistics.Verdict;

/**
 * The paper's claim, checked on a sweep: at each configuration, each graph criterion stays within
 * 2 points of the baseline, and is at least as good as {@code l1} and {@code random}. Every
 * comparison is stated with its interval and the verdict of {@link SweepStatistics}, never as a
 * bare sign.
 */
final class SweepClaims {
    /** The paper's tolerance: within 2 points of the unpruned network. */
    static final double TOLERANCE_POINTS = 2;
    private static final List<String> REFERENCES = List.of(Criterion.L1.label(), Criterion.RANDOM.label());

    private SweepClaims() {
    }

    static List<String> check(List<SweepReport.Cell> cells, List<SweepReport.Comparison> comparisons) {
        List<String> out = new ArrayList<>();
        for (SweepReport.Cell cell : cells) {
            if (Criterion.byLabel(cell.criterion()).group() != Criterion.Group.PAPER) {
                continue;
            }
            Interval d = cell.delta();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Claim check, %s at `%s`: %s vs baseline, %s", cell.criterion(), cell.configuration(), interval(d), within(d)));
            for (String other : REFERENCES) {
                Paired p = find(comparisons, cell.configuration(), cell.criterion(), other);
                if (p != null) {
                    sb.append(String.format(Locale.ROOT, "; vs %s %s: %s (%s)", other, interval(p.difference()),
                            p.verdict().text(), tests(p)));
                }
            }
            out.add(sb.append('.').toString());
        }
        return out;
    }

    /** {@code +0.53 points [-0.20, +1.26] (3 runs)}, or {@code +0.53 points (1 run, no interval)}. */
    static String interval(Interval i) {
        if (i.n() < 2) {
            return String.format(Locale.ROOT, "%+.2f points (1 run, no interval)", i.mean());
        }
        return String.format(Locale.ROOT, "%+.2f points [%+.2f, %+.2f] (%d runs)", i.mean(), i.low(), i.high(), i.n());
    }

    private static String within(Interval d) {
        if (d.n() < 2) {
            return d.mean() >= -TOLERANCE_POINTS ? "within 2 points on this one run" : "NOT within 2 points";
        }
        return d.low() >= -TOLERANCE_POINTS ? "within 2 points (the whole interval)"
                : d.high() < -TOLERANCE_POINTS ? "NOT within 2 points (the whole interval is below)"
                : "not shown to be within 2 points (the interval reaches below −2)";
    }

    static String tests(Paired p) {
        List<String> parts = new ArrayList<>();
        parts.add(Double.isNaN(p.seedP()) ? (p.difference().n() < 2 ? "one run: no seed spread"
                : "every run differs alike") : String.format(Locale.ROOT, "paired t p = %.3g", p.seedP()));
        if (!Double.isNaN(p.clipP())) {
            parts.add(String.format(Locale.ROOT, "McNemar p = %.3g on %d vs %d discordant clips", p.clipP(), p.onlyA(),
                    p.onlyB()));
        }
        return String.join(", ", parts);
    }

    /** {@code a} minus {@code b} at {@code config}, from whichever order the comparison was made in. */
    private static Paired find(List<SweepReport.Comparison> all, String config, String a, String b) {
        for (SweepReport.Comparison c : all) {
            if (!c.configuration().equals(config)) {
                continue;
            }
            if (c.a().equals(a) && c.b().equals(b)) {
                return c.result();
            }
            if (c.a().equals(b) && c.b().equals(a)) {
                Paired p = c.result();
                Interval d = p.difference();
                Verdict v = p.verdict() == Verdict.BETTER ? Verdict.WORSE
                        : p.verdict() == Verdict.WORSE ? Verdict.BETTER : Verdict.UNRESOLVED;
                return new Paired(new Interval(-d.mean(), -d.high(), -d.low(), d.n()), p.seedP(), p.onlyB(),
                        p.onlyA(), p.clipP(), v);
            }
        }
        return null;
    }
}
