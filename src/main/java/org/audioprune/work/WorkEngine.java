package org.audioprune.work;

import java.io.Serializable;
import java.util.List;

/**
 * Runs the units of a {@link UnitJob} somewhere: in this process ({@link LocalWorkEngine}) or on a
 * cluster (the Spark engine of the {@code spark/} module, found through {@link WorkEngineProvider}).
 * An engine only distributes calls of {@link UnitStore#runOnce}; skipping finished units, the
 * results table and the checks live in {@link UnitJob}, the same for every engine.
 */
public interface WorkEngine extends AutoCloseable {
    /** What the engine reports about one batch of units it ran. */
    record Batch<R>(List<R> results, int failedAttempts) {
        public Batch {
            results = List.copyOf(results);
        }
    }

    EngineKind kind();

    /**
     * Runs every unit of {@code pending} through {@link UnitStore#runOnce} (retrying attempts lost
     * with their process where the engine can) and returns their results in the order of
     * {@code pending}, with the number of attempts that failed and were retried.
     *
     * @throws org.audioprune.AudioPruneException when a unit fails for good with a user error
     */
    <U extends WorkUnit, R extends Serializable> Batch<R> execute(UnitJob<U, R> job, List<U> pending);

    /** Releases the engine's resources (for Spark: stops the context and its executors). */
    @Override
    void close();
}
