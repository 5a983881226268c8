package org.audioprune.prune;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.audioprune.AudioPruneException;

/**
 * The one registry of filter-importance criteria, passive (weights only) and active (feature maps
 * over a data sample), in the order help texts list them. Configure one with {@link #builder()}:
 * <pre>{@code FilterImportance bc = Criterion.BC.builder().optReversed(true).build();}</pre>
 */
public enum Criterion {
    WDC("wdc", Group.PAPER, seed -> new WeightedDegree(false)),
    WDC_ABS("wdc-abs", Group.PAPER, seed -> new WeightedDegree(true)),
    BC("bc", Group.PAPER, seed -> new Betweenness(Betweenness.Length.SIMILARITY, threads())),
    BC_DIST("bc-dist", Group.PAPER, seed -> new Betweenness(Betweenness.Length.ONE_MINUS_SIMILARITY, threads())),
    BC_ABSDIST("bc-absdist", Group.PAPER,
            seed -> new Betweenness(Betweenness.Length.ONE_MINUS_ABS_SIMILARITY, threads())),
    L1("l1", Group.BASELINE, seed -> new NormCriterion(true)),
    L2("l2", Group.BASELINE, seed -> new NormCriterion(false)),
    FPGM("fpgm", Group.BASELINE, seed -> new GeometricMedian()),
    GMEAN("gmean", Group.BASELINE, seed -> new GeometricMeanGap()),
    PAIRWISE("pairwise", Group.BASELINE, seed -> new PairwiseSimilarity()),
    RANDOM("random", Group.BASELINE, RandomOrder::new),
    EIGENVECTOR("eigenvector", Group.EXTRA, seed -> new JGraphTCentrality(JGraphTCentrality.Kind.EIGENVECTOR)),
    CLOSENESS("closeness", Group.EXTRA, seed -> new Closeness()),
    PAGERANK("pagerank", Group.EXTRA, seed -> new JGraphTCentrality(JGraphTCentrality.Kind.PAGERANK)),
    HRANK("hrank", Group.ACTIVE, seed -> FeatureMapSpectrum.hrank()),
    ENERGY("energy", Group.ACTIVE, seed -> FeatureMapSpectrum.energy());

    /** Where a criterion comes from, as the help texts group them. */
    public enum Group {
        PAPER("the paper's graph criteria"),
        BASELINE("baselines"),
        EXTRA("extras beyond the paper"),
        ACTIVE("active criteria, which score feature maps over a data sample");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final String label;
    private final Group group;
    private final LongFunction<FilterImportance> factory;

    Criterion(String label, Group group, LongFunction<FilterImportance> factory) {
        this.label = label;
        this.group = group;
        this.factory = factory;
    }

    /** The name on the command line and in reports ({@code wdc}, {@code bc-dist}, ...). */
    public String label() {
        return label;
    }

    public Group group() {
        return group;
    }

    /** True for active criteria: they need the layer's feature maps, so a network and data. */
    public boolean needsFeatureMaps() {
        return group == Group.ACTIVE;
    }

    /** A fresh instance of the algorithm; {@code seed} matters only for {@code random}. */
    FilterImportance create(long seed) {
        return factory.apply(seed);
    }

    /** Starts configuring this criterion (seed 0, not reversed). */
    public Builder builder() {
        return new Builder(this);
    }

    /** Every label, in registry order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Criterion::label).toList();
    }

    /** The criteria of one group, in registry order. */
    public static List<Criterion> of(Group group) {
        return Arrays.stream(values()).filter(c -> c.group == group).toList();
    }

    /**
     * The criterion called {@code label}.
     *
     * @throws AudioPruneException naming the unknown label and listing the valid ones
     */
    public static Criterion byLabel(String label) {
        for (Criterion c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new AudioPruneException("unknown criterion '" + label + "' (valid: " + String.join(", ", labels()) + ")");
    }

    /** The label, so that lists and messages read as on the command line. */
    @Override
    public String toString() {
        return label;
    }

    private static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Builds a {@link CriterionChoice}, DJL style: {@code opt...} for the optional settings. */
    public static final class Builder {
        private final Criterion criterion;
        private long seed;
        private boolean reversed;
        private GroupImportance group = GroupImportance.MEAN_NORMALISED;

        private Builder(Criterion criterion) {
            this.criterion = criterion;
        }

        /** Seed of {@code random} (the others ignore it); default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The ablation (spec §1.6): prune the other end of the ranking first; default false. */
        public Builder optReversed(boolean reversed) {
            this.reversed = reversed;
            return this;
        }

        /** How a channel group's members combine (docs/criteria.md); default mean-normalised. */
        public Builder optGroupImportance(GroupImportance g) {
            this.group = java.util.Objects.requireNonNull(g, "group importance");
            return this;
        }

        public CriterionChoice build() {
            return new CriterionChoice(criterion, seed, reversed, group);
        }
    }
}
