package org.audioprune.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.audioprune.train.ClipPredictions;

/**
 * Criterion A against criterion B in one configuration, on the same baselines, fine-tuning seeds
 * and test set, with a verdict.
 *
 * <p>Two sources of noise separate two measured accuracies: training (another seed gives another
 * network) and the test set (other clips would give other accuracies). With two or more matched
 * seeds and per-clip predictions the verdict needs both tests to reject (an intersection–union
 * test, valid at level α): the paired t test over the per-seed differences ({@link PairedSeeds};
 * the test set held fixed) and the paired bootstrap over clips of the seed-averaged difference (the
 * networks held fixed); its p-value is the larger of the two. The second guards against a t test
 * on three seeds whose differences happen to agree closely, which quantised accuracies make
 * likely (one clip of 500 is 0.2 points). With metrics only, the t test alone decides. With a
 * single seed, the per-clip test of that one pair of networks decides: exact McNemar
 * (single-label) or the bootstrap (multi-label mAP); it says only whether these two networks
 * differ on this test set. {@link #holm} adjusts the p-values of a family of comparisons; the
 * verdict then uses the adjusted one.
 *
 * @param seeds          the per-seed paired analysis
 * @param clips          paired bootstrap over clips of the seed-averaged metric difference (null
 *                       without predictions)
 * @param mcNemar        per seed, exact McNemar on per-clip correctness (empty for multi-label or
 *                       without predictions)
 * @param bootstrap      per seed, paired bootstrap of the metric difference (empty without predictions)
 * @param pValue         the basis's p-value
 * @param adjustedPValue Holm-adjusted over {@code familySize} comparisons (= pValue for a family of one)
 */
public record PairedComparison(String a, String b, PairedSeeds seeds, PairedBootstrap clips, List<McNemar> mcNemar,
                               List<PairedBootstrap> bootstrap, Basis basis, double pValue, double adjustedPValue,
                               int familySize, Verdict verdict) {
    /** Significance level of the verdict (family-wise when adjusted). */
    public static final double ALPHA = 0.05;

    /** Which test decides the verdict. */
    public enum Basis {
        SEEDS_AND_CLIPS("paired t over seeds and paired bootstrap over clips"),
        SEEDS("paired t over seeds"),
        MCNEMAR_OVER_CLIPS("exact McNemar over clips, one seed"),
        BOOTSTRAP_OVER_CLIPS("paired bootstrap over clips, one seed"),
        NONE("one seed and no per-clip predictions");

        private final String text;

        Basis(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public PairedComparison {
        mcNemar = List.copyOf(mcNemar);
        bootstrap = List.copyOf(bootstrap);
    }

    /** Compares two cells run for run; a family of one (see {@link #holm} for several). */
    public static PairedComparison of(String a, SeedRuns runsA, String b, SeedRuns runsB) {
        if (runsA.size() != runsB.size()) {
            throw new IllegalArgumentException(a + " has " + runsA.size() + " runs but " + b + " has " + runsB.size()
                    + "; a paired comparison needs matched seeds");
        }
        int n = runsA.size();
        PairedSeeds seeds = PairedSeeds.of(runsA.metric(), runsB.metric());
        List<McNemar> mcNemar = new ArrayList<>();
        List<PairedBootstrap> bootstrap = new ArrayList<>();
        PairedBootstrap clips = null;
        if (runsA.predictions() != null && runsB.predictions() != null) {
            List<PairedBootstrap.ClipMetric> metricsA = new ArrayList<>();
            List<PairedBootstrap.ClipMetric> metricsB = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ClipPredictions pa = runsA.predictions().get(i);
                ClipPredictions pb = runsB.predictions().get(i);
                if (!pa.clipIds().equals(pb.clipIds()) || !pa.clipIds().equals(runsA.predictions().get(0).clipIds())) {
                    throw new IllegalArgumentException("run " + i + " of " + a + " and of " + b
                            + " were not evaluated on the same clips as run 0");
                }
                if (pa.predicted() != null && pb.predicted() != null) {
                    mcNemar.add(McNemar.of(pa.correct(), pb.correct()));
                }
                metricsA.add(SeedRuns.clipMetric(pa));
                metricsB.add(SeedRuns.clipMetric(pb));
                bootstrap.add(PairedBootstrap.of(pa.size(), metricsA.get(i), metricsB.get(i),
                        PairedBootstrap.DEFAULT_RESAMPLES, i));
            }
            clips = n == 1 ? bootstrap.get(0) : PairedBootstrap.of(runsA.predictions().get(0).size(),
                    mean(metricsA), mean(metricsB), PairedBootstrap.DEFAULT_RESAMPLES, n);
        }
        Basis basis;
        double p;
        if (n >= 2) {
            basis = clips != null ? Basis.SEEDS_AND_CLIPS : Basis.SEEDS;
            p = clips != null ? Math.max(seeds.tPValue(), clips.pValue()) : seeds.tPValue();
        } else if (!mcNemar.isEmpty()) {
            basis = Basis.MCNEMAR_OVER_CLIPS;
            p = mcNemar.get(0).pValue();
        } else if (clips != null) {
            basis = Basis.BOOTSTRAP_OVER_CLIPS;
            p = clips.pValue();
        } else {
            basis = Basis.NONE;
            p = Double.NaN;
        }
        return new PairedComparison(a, b, seeds, clips, mcNemar, bootstrap, basis, p, p, 1,
                Verdict.of(seeds.meanDifference(), p, ALPHA));
    }

    /** The seeds' metrics averaged: the statistic whose test-set noise the clip bootstrap measures. */
    private static PairedBootstrap.ClipMetric mean(List<PairedBootstrap.ClipMetric> perSeed) {
        return sample -> {
            double sum = 0;
            for (PairedBootstrap.ClipMetric m : perSeed) {
                sum += m.on(sample);
            }
            return sum / perSeed.size();
        };
    }

    /** The family with Holm-adjusted p-values and the verdicts they give, in the same order. */
    public static List<PairedComparison> holm(List<PairedComparison> family) {
        double[] adjusted = Holm.adjust(family.stream().mapToDouble(PairedComparison::pValue).toArray());
        int m = (int) family.stream().filter(c -> !Double.isNaN(c.pValue())).count();
        List<PairedComparison> out = new ArrayList<>(family.size());
        for (int i = 0; i < family.size(); i++) {
            PairedComparison c = family.get(i);
            out.add(new PairedComparison(c.a, c.b, c.seeds, c.clips, c.mcNemar, c.bootstrap, c.basis, c.pValue,
                    adjusted[i], m, Verdict.of(c.difference(), adjusted[i], ALPHA)));
        }
        return out;
    }

    /** Metric of A minus metric of B: the mean over seeds. */
    public double difference() {
        return seeds.meanDifference();
    }

    /**
     * One line for a report, differences in points (metric × 100), e.g. "wdc vs random: +1.22 points
     * (seeds: 95 % CI +0.60 to +1.84, p = 0.014; clips: 95 % CI +0.2 to +2.3, p = 0.021; n = 3;
     * Holm over 5 comparisons: p = 0.084) — not resolvable at this sample size".
     */
    public String sentence() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s vs %s: %+.2f points (", a, b,
                100 * difference()));
        List<String> parts = new ArrayList<>();
        if (seeds.n() >= 2) {
            parts.add("seeds: " + interval(seeds.interval()) + "p " + formatP(seeds.tPValue()));
        }
        if (clips != null) {
            parts.add((seeds.n() >= 2 ? "clips: " : basis + ": ") + interval(clips.interval()) + "p "
                    + formatP(basis == Basis.MCNEMAR_OVER_CLIPS ? pValue : clips.pValue()));
        }
        if (parts.isEmpty()) {
            parts.add(basis.toString());
        }
        sb.append(String.join("; ", parts)).append("; n = ").append(seeds.n());
        if (familySize > 1) {
            sb.append("; Holm over ").append(familySize).append(" comparisons: p ").append(formatP(adjustedPValue));
        }
        return sb.append(") — ").append(verdict).toString();
    }

    private static String interval(Interval ci) {
        return String.format(Locale.ROOT, "%.0f %% CI %+.2f to %+.2f, ", 100 * ci.level(), 100 * ci.lower(),
                100 * ci.upper());
    }

    /** "= 0.014" or "< 0.001", to follow a "p ". */
    static String formatP(double p) {
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "= %.3f", p);
    }
}
