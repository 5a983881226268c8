package org.audioprune.prune;

import org.audioprune.Progress;

/** Warnings about the input that do not stop the ranking: one line each through {@link Progress#warn}. */
final class PruneWarnings {
    private PruneWarnings() {
    }

    static void noRepresentative(String criterion, int filter) {
        Progress.warn(criterion + ": filter " + filter + " has no rank-1 representative (all zero or |v1[0]| <= "
                + Representatives.CHANNEL0_TOLERANCE + "); it is ranked as maximally prunable");
    }
}
