package org.audioprune.prune;

/**
 * An active (data-driven) criterion: scores one conv layer's filters from its output feature maps
 * over a data sample. Engine-free; whoever runs the network supplies the {@link FeatureMaps}.
 */
public interface ActivationImportance {
    /** Name used on the command line ({@code hrank}, {@code energy}). */
    String name();

    FilterRanking rank(FeatureMaps maps);
}
