package org.audioprune.report;

/**
 * One network's latency at one batch size, as reports show it: measured in its fastest exact
 * inference form, interleaved with every other network of the report.
 *
 * @param form      the inference form it ran in (backend, variant, threads), empty if not measured
 * @param clock     which time: {@code thread CPU} (one intra-op thread) or {@code wall}
 * @param rounds    interleaved timed rounds
 * @param medianMs  median per call, ms
 * @param q1Ms      first quartile, ms
 * @param q3Ms      third quartile, ms
 * @param speedUp   vs the report's unpruned network: median over rounds of (its time / this time) in the
 *                  same round; NaN for the unpruned network itself
 * @param speedUpQ1 first quartile of those per-round ratios
 * @param speedUpQ3 third quartile
 */
public record Latency(String form, String clock, int rounds, double medianMs, double q1Ms, double q3Ms, double speedUp,
                      double speedUpQ1, double speedUpQ3) {

    /** Not measured ({@code --no-latency}). */
    public static Latency none() {
        return new Latency("", "", 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** This figure with the speed-up left out (the unpruned network's own row). */
    public Latency withoutSpeedUp() {
        return new Latency(form, clock, rounds, medianMs, q1Ms, q3Ms, Double.NaN, Double.NaN, Double.NaN);
    }
}
