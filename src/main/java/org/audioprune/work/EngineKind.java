package org.audioprune.work;

import java.util.Locale;
import java.util.ServiceLoader;
import org.audioprune.AudioPruneException;

/** The engines a job can run on ({@code --engine}); the one registry of engines. */
public enum EngineKind {
    /** In this process, one unit at a time on all cores. */
    LOCAL,
    /** On Apache Spark (standalone, YARN, Kubernetes or {@code local[N]}); needs the {@code spark/} module. */
    SPARK;

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Starts this engine.
     *
     * @param master where to run, or {@code null} for the engine's default; only engines with a
     *               cluster take one
     * @throws AudioPruneException if a master is given to the local engine, or the engine's module
     *                             is not on the class path
     */
    public WorkEngine open(String master, String appName) {
        if (this == LOCAL) {
            if (master != null) {
                throw new AudioPruneException("--master " + master + " needs --engine spark (the local engine has no master)");
            }
            return new LocalWorkEngine();
        }
        for (WorkEngineProvider p : ServiceLoader.load(WorkEngineProvider.class)) {
            if (p.kind() == this) {
                return p.open(master, appName);
            }
        }
        throw new AudioPruneException("--engine " + label() + ": the " + label() + " engine is not on the class path; "
                + "run through ./audioprune-spark (it builds the spark/ module; see README, 'Spark')");
    }
}
