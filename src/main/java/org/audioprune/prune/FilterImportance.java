package org.audioprune.prune;

/**
 * A passive (weights-only) filter-importance criterion: scores one conv layer's filters and says
 * which to prune first. One class per criterion; the pipeline only sees this interface.
 */
public interface FilterImportance {
    /** Name used on the command line ({@code wdc}, {@code bc}, {@code l1}, ...). */
    String name();

    FilterRanking rank(ConvWeights weights);
}
