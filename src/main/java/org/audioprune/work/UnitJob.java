package org.audioprune.work;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A job of independent units recorded in a {@link UnitStore}: the driver's side, the same for
 * every engine. {@link #run} submits only the units not finished yet, so a job killed at any
 * moment and started again continues where it stopped, and it rewrites the results table of
 * every finished unit, also when a unit fails. After a complete run nothing is left in
 * {@code attempts/}.
 *
 * @param name       a short name for progress and the cluster's job list ({@code features}, {@code sweep})
 * @param store      where units are recorded
 * @param units      the units, in the order of the results table
 * @param runner     what runs one unit
 * @param resultType the runner's result class (read back from {@code result.json})
 */
public record UnitJob<U extends WorkUnit, R extends Serializable>(String name, UnitStore store, List<U> units,
        UnitRunner<U, R> runner, Class<R> resultType) {

    /**
     * What a run did.
     *
     * @param results        one per unit, in job order
     * @param reused         units finished before this run (not computed again)
     * @param computed       units this run computed
     * @param failedAttempts attempts that failed and were retried (e.g. lost with an executor)
     */
    public record Outcome<R>(List<R> results, int reused, int computed, int failedAttempts) {
        public Outcome {
            results = List.copyOf(results);
        }
    }

    public UnitJob {
        units = List.copyOf(units);
        Set<String> ids = new HashSet<>();
        for (U u : units) {
            if (!ids.add(UnitStore.checkId(u.id()))) {
                throw new IllegalArgumentException("job " + name + " has two units with id " + u.id());
            }
        }
    }

    /** Runs the unfinished units on {@code engine} and returns every unit's result. */
    public Outcome<R> run(WorkEngine engine) {
        List<U> pending = units.stream().filter(u -> !store.isDone(u.id())).toList();
        WorkEngine.Batch<R> batch = new WorkEngine.Batch<>(List.of(), 0);
        try {
            if (!pending.isEmpty()) {
                batch = engine.execute(this, pending);
            }
        } catch (RuntimeException | Error e) {
            try {
                store.writeTable(units, resultType); // what finished before the failure stays on record
            } catch (RuntimeException also) {
                e.addSuppressed(also);
            }
            throw e;
        }
        if (batch.results().size() != pending.size()) {
            throw new IllegalStateException(engine.kind().label() + " engine returned " + batch.results().size()
                    + " results for " + pending.size() + " units of job " + name);
        }
        store.writeTable(units, resultType);
        store.clearAttempts(); // every unit is recorded; what is left belongs to attempts lost with their process
        List<R> all = new ArrayList<>(units.size());
        int next = 0;
        for (U u : units) {
            boolean fresh = next < pending.size() && pending.get(next) == u;
            all.add(fresh ? batch.results().get(next++) : store.result(u, resultType));
        }
        return new Outcome<>(all, units.size() - pending.size(), pending.size(), batch.failedAttempts());
    }
}
