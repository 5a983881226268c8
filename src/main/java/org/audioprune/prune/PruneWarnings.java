package org.audioprune.prune;

/** Warnings about the input that do not stop the ranking: one line each on stderr. */
final class PruneWarnings {
    private PruneWarnings() {
    }

    static void warn(String message) {
        System.err.println("audioprune: warning: " + message);
    }
}
