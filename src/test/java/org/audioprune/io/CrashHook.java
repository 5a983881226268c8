package org.audioprune.io;

import java.nio.file.Path;

/**
 * For tests outside this package: simulates a crash (an {@link Error}, which no clean-up code
 * catches, as with kill -9) when a write reaches a step for a given target.
 */
public final class CrashHook {
    /** The simulated crash. */
    public static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash at " + where);
        }
    }

    private CrashHook() {
    }

    /** Crashes at the {@code nth} (1-based) time {@code step} is reached for a target named {@code name}. */
    public static void at(String step, String name, int nth) {
        int[] seen = {0};
        AtomicFiles.stepHook = (s, target) -> {
            if (s.equals(step) && target.getFileName().toString().equals(name) && ++seen[0] == nth) {
                throw new Crash(step + " of " + target);
            }
        };
    }

    /** No more crashes. */
    public static void off() {
        AtomicFiles.stepHook = (s, target) -> { };
    }
}
