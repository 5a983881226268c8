package org.audioprune.data;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.audioprune.AudioPruneException;

/** The two built-in datasets: one instrument family per clip, or mixtures of one to four. */
public enum InstrumentVariant {
    INSTRUMENTS("instruments", false),
    INSTRUMENTS_MULTI("instruments-multi", true);

    private final String label;
    private final boolean multiLabel;

    InstrumentVariant(String label, boolean multiLabel) {
        this.label = label;
        this.multiLabel = multiLabel;
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
                + Arrays.stream(values()).map(v -> "builtin:" + v.label).collect(Collectors.joining(" or ")) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
