package org.audioprune.work;

/**
 * Service interface (java.util.ServiceLoader) through which an engine outside the core, such as
 * the Spark engine of the {@code spark/} module, plugs in: the core never links against it.
 */
public interface WorkEngineProvider {
    EngineKind kind();

    /**
     * Starts the engine.
     *
     * @param master  where to run (for Spark: a master URL such as {@code spark://host:7077} or
     *                {@code local[2]}); {@code null} for the engine's default
     * @param appName a short name of the job, shown by the cluster
     */
    WorkEngine open(String master, String appName);
}
