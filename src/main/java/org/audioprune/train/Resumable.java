package org.audioprune.train;

import java.nio.file.Path;
import org.audioprune.io.AtomicFiles;

/**
 * Where a training run saves its full state at every epoch boundary, and whether it continues a
 * state saved by an earlier, interrupted run. The caller that writes the run's result deletes the
 * state afterwards ({@link #finish()}); until then a kill at any moment loses at most the epoch in
 * progress. {@code train}, {@code finetune} and {@code prune} keep it beside their output
 * ({@link #beside}); the demo (and any driver of many runs) one per run, with
 * {@link Policy#RESUME_IF_MATCHING}.
 *
 * @param stateDir the state folder (an {@link org.audioprune.io.OutputKind#TRAINING_STATE})
 * @param policy   what to do with a state already there
 */
public record Resumable(Path stateDir, Policy policy) {

    /** What to do with a state saved by an earlier run. */
    public enum Policy {
        /** Ignore it and start at epoch 1 (it is overwritten after the first epoch). */
        START_OVER,
        /** Continue it; a state of another run (other settings or data) is an error, no state starts at epoch 1. */
        RESUME,
        /** Continue it if it belongs to this run, else start over: for drivers that resume whatever they can. */
        RESUME_IF_MATCHING
    }

    /** The state folder of the run that writes {@code output}: {@code OUTPUT.state} beside it. */
    public static Path beside(Path output) {
        return output.resolveSibling(output.getFileName() + ".state");
    }

    /** The state kept beside {@code output}. */
    public static Resumable beside(Path output, Policy policy) {
        return new Resumable(beside(output), policy);
    }

    /** Deletes the state once the run's result is safely written. */
    public void finish() {
        AtomicFiles.delete(stateDir);
    }
}
