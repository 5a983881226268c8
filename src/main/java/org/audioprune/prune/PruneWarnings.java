package org.audioprune.prune;

/** Warnings about the input that do not stop the ranking: one line each on stderr. */
final class PruneWarnings {
    private PruneWarnings() {
    }

    static void warn(String message) {
        System.err.println("audioprune: warning: " + message);
    }

    static void noRepresentative(String criterion, int filter) {
        warn(criterion + ": filter " + filter + " has no rank-1 representative (all zero or |v1[0]| <= "
                + Representatives.CHANNEL0_TOLERANCE + "); it is ranked as maximally prunable");
    }
}
