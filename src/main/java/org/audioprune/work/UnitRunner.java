package org.audioprune.work;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Does the work of one unit, in whichever process the engine picks (the driver for the local
 * engine, an executor for Spark); serialisable because engines ship it to those processes.
 * A runner must be deterministic and must write only into the folder it is given.
 *
 * @param <U> the unit descriptor
 * @param <R> the unit's result row: a small serialisable record, also stored as JSON
 */
@FunctionalInterface
public interface UnitRunner<U extends WorkUnit, R extends Serializable> extends Serializable {
    /**
     * Runs {@code unit}, writing its outputs into {@code folder}: an empty folder private to this
     * attempt, published under the unit's id only after this returns (a failed or killed attempt
     * leaves nothing under that name). The names {@value UnitStore#UNIT_FILE},
     * {@value UnitStore#RESULT_FILE} and {@value UnitStore#DONE_MARKER} are reserved.
     *
     * @param threads the cores this attempt may use (intra-op threads)
     * @return the unit's result row
     */
    R run(U unit, Path folder, int threads) throws IOException;
}
