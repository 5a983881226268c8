package org.audioprune.cli;

import java.nio.file.Path;
import java.util.List;
import org.audioprune.pipeline.PruningPipeline;
import picocli.CommandLine.Option;

/** {@code --no-latency}, {@code --latency-threads} and {@code --latency-rounds} of the commands that report latency. */
public final class LatencyOptions {
    @Option(names = "--no-latency", description = "Skip the latency measurement.")
    boolean noLatency;

    @Option(names = "--latency-threads", split = ",", defaultValue = "1", paramLabel = "LIST",
            description = "Intra-op thread counts the inference forms may use while latency is measured, e.g. 1,2: "
                    + "each network runs in the fastest of its forms at any of them (default: ${DEFAULT-VALUE}; with "
                    + "one thread latency is thread CPU time, the repeatable figure on a busy machine, otherwise wall "
                    + "time).")
    List<Integer> latencyThreads;

    @Option(names = "--latency-rounds", paramLabel = "N",
            description = "Interleaved timed rounds at batch 1 (default: " + PruningPipeline.LatencySettings.DEFAULT_ROUNDS
                    + ", demo --quick " + PruningPipeline.LatencySettings.RECOMMENDED_ROUNDS + "; fewer than "
                    + PruningPipeline.LatencySettings.RECOMMENDED_ROUNDS + " give speed-ups that move between runs); "
                    + "batch 64 runs a sixth of them, at least 3.")
    Integer latencyRounds;

    /**
     * The measurement, or {@code null} with {@code --no-latency}.
     *
     * @param defaultRounds rounds at batch 1 unless {@code --latency-rounds} is given
     * @param cacheRoot     the cache folder; the fastest forms are remembered in its {@code inference-forms} folder
     */
    PruningPipeline.LatencySettings settings(int defaultRounds, Path cacheRoot) {
        return noLatency ? null : PruningPipeline.LatencySettings.of(latencyRounds != null ? latencyRounds
                : defaultRounds, latencyThreads, cacheRoot.resolve("inference-forms"));
    }

    /** The standard measurement ({@link PruningPipeline.LatencySettings#DEFAULT_ROUNDS}) with the form cache under {@code cacheRoot}. */
    PruningPipeline.LatencySettings settings(Path cacheRoot) {
        return settings(PruningPipeline.LatencySettings.DEFAULT_ROUNDS, cacheRoot);
    }
}
