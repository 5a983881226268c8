package org.audioprune.cli;

import java.nio.file.Path;
import org.audioprune.train.Resumable;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.Option;

/** Training settings shared by {@code train}, {@code prune} (fine-tuning) and {@code finetune}. */
public final class TrainingOptions {
    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Clips per Adam step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", paramLabel = "LR",
            description = "The Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per PyTorch operator (default: one per core). On a busy machine use fewer, or "
                    + "set OMP_WAIT_POLICY=PASSIVE (the launcher does): spinning OpenMP threads on oversubscribed "
                    + "cores slow training many times over.")
    Integer threads;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Option(names = "--resume", description = "Continue an interrupted run from its last finished epoch. Training "
            + "saves its full state after every epoch beside --out (OUT.state, deleted once OUT is written); with "
            + "the same settings, data and --threads the result is byte-identical to an uninterrupted run. Without "
            + "--resume a saved state is discarded.")
    boolean resume;

    /** Where the training that writes {@code out} keeps its state, and whether it continues a saved one. */
    Resumable resumable(Path out) {
        return Resumable.beside(out, resume ? Resumable.Policy.RESUME : Resumable.Policy.START_OVER);
    }

    TrainingConfig config(int epochs, long seed) {
        return config(epochs, seed, false, false);
    }

    TrainingConfig config(int epochs, long seed, boolean specAugment, boolean mixup) {
        return new TrainingConfig(epochs, batchSize, learningRate, seed, specAugment, mixup, !noProgress);
    }
}
