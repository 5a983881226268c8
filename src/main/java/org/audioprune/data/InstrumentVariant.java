package org.audioprune.data;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.audioprune.AudioPruneException;

/**
 * The built-in datasets: one instrument family per clip, mixtures of one to four families, or the
 * hard benchmark of 28 close General MIDI programs in one register at lower SNRs with a larger
 * test split (docs/datasets.md).
 */
public enum InstrumentVariant {
    INSTRUMENTS("instruments", false, InstrumentFamily.ALL, 60, 120, 15, 35, Double.NaN, Double.NaN, 0.15, 0.15),
    INSTRUMENTS_MULTI("instruments-multi", true, InstrumentFamily.ALL, 60, 120, 15, 35, Double.NaN, Double.NaN, 0.15,
            0.15),
    INSTRUMENTS_HARD("instruments-hard", false, InstrumentFamily.PROGRAMS, 40, 127, 0, 20, 3, 15, 0.10, 0.45);

    private final String label;
    private final boolean multiLabel;
    private final List<InstrumentFamily> classes;
    private final int minVelocity;
    private final int maxVelocity;
    private final double minSnrDb;
    private final double maxSnrDb;
    private final double minDistractorDb;
    private final double maxDistractorDb;
    private final double validationShare;
    private final double testShare;

    InstrumentVariant(String label, boolean multiLabel, List<InstrumentFamily> classes, int minVelocity,
            int maxVelocity, double minSnrDb, double maxSnrDb, double minDistractorDb, double maxDistractorDb,
            double validationShare, double testShare) {
        this.label = label;
        this.multiLabel = multiLabel;
        this.classes = classes;
        this.minVelocity = minVelocity;
        this.maxVelocity = maxVelocity;
        this.minSnrDb = minSnrDb;
        this.maxSnrDb = maxSnrDb;
        this.minDistractorDb = minDistractorDb;
        this.maxDistractorDb = maxDistractorDb;
        this.validationShare = validationShare;
        this.testShare = testShare;
    }

    /** The classes in class-index order (multi-label: the families that are mixed). */
    public List<InstrumentFamily> classes() {
        return classes;
    }

    /** Note velocities are drawn uniformly from {@code minVelocity..maxVelocity}. */
    int minVelocity() {
        return minVelocity;
    }

    int maxVelocity() {
        return maxVelocity;
    }

    /** White-noise SNR per clip, uniform in [minSnrDb, maxSnrDb]. */
    double minSnrDb() {
        return minSnrDb;
    }

    double maxSnrDb() {
        return maxSnrDb;
    }

    /** Whether every clip also holds one quieter note of another class (its label stays the main class). */
    boolean hasDistractor() {
        return !Double.isNaN(minDistractorDb);
    }

    /** The distractor's level below the main notes, uniform in [minDistractorDb, maxDistractorDb] dB. */
    double minDistractorDb() {
        return minDistractorDb;
    }

    double maxDistractorDb() {
        return maxDistractorDb;
    }

    /** Share of each (primary) class's clips in the validation split. */
    public double validationShare() {
        return validationShare;
    }

    /** Share of each (primary) class's clips in the test split; the rest is training. */
    public double testShare() {
        return testShare;
    }

    /** The name after {@code builtin:}. */
    public String label() {
        return label;
    }

    public boolean multiLabel() {
        return multiLabel;
    }

    /** @throws AudioPruneException for an unknown name */
    public static InstrumentVariant byName(String name) {
        for (InstrumentVariant v : values()) {
            if (v.label.equals(name)) {
                return v;
            }
        }
        throw new AudioPruneException("unknown built-in dataset '" + name + "' (use "
                + Arrays.stream(values()).map(v -> "builtin:" + v.label).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
