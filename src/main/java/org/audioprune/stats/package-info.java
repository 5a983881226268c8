/**
 * Statistics for comparing pruning runs honestly: per-cell means with Student-t intervals over
 * seeds ({@link org.audioprune.stats.Summary}), paired tests between two criteria on the same
 * baselines and test set ({@link org.audioprune.stats.PairedSeeds} over seeds,
 * {@link org.audioprune.stats.McNemar} and {@link org.audioprune.stats.PairedBootstrap} over clips),
 * Holm's multiple-comparison adjustment and a three-way verdict
 * ({@link org.audioprune.stats.PairedComparison}). Distributions and the t, Wilcoxon and binomial
 * tests come from Hipparchus (maintained successor of Apache Commons Math); what is written here is
 * only the bookkeeping around them. docs/statistics.md explains the choices.
 */
package org.audioprune.stats;
