package org.audioprune.work;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.audioprune.Progress;

/**
 * Runs units in this process, one at a time, each on all cores (or {@code threads}): the default
 * engine, and the reference a distributed run must agree with.
 */
public final class LocalWorkEngine implements WorkEngine {
    private final int threads;

    public LocalWorkEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LocalWorkEngine(int threads) {
        this.threads = Math.max(1, threads);
    }

    @Override
    public EngineKind kind() {
        return EngineKind.LOCAL;
    }

    @Override
    public <U extends WorkUnit, R extends Serializable> Batch<R> execute(UnitJob<U, R> job, List<U> pending) {
        List<R> results = new ArrayList<>(pending.size());
        try (ProgressBar bar = Progress.bar(job.name(), pending.size())) {
            for (U unit : pending) {
                results.add(job.store().runOnce(unit, job.runner(), job.resultType(), threads));
                bar.step();
            }
        }
        return new Batch<>(results, 0);
    }

    @Override
    public void close() {
        // nothing held
    }
}
