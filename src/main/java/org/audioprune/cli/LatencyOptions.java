package org.audioprune.cli;

import org.audioprune.pipeline.PruningPipeline;
import picocli.CommandLine.Option;

/** {@code --no-latency} and {@code --latency-threads} of the commands that report latency. */
public final class LatencyOptions {
    @Option(names = "--no-latency", description = "Skip the latency measurement.")
    boolean noLatency;

    @Option(names = "--latency-threads", defaultValue = "1", paramLabel = "N",
            description = "Intra-op threads while latency is measured (default: ${DEFAULT-VALUE}).")
    int latencyThreads;

    /** The standard measurement, or {@code null} with {@code --no-latency}. */
    PruningPipeline.LatencySettings settings() {
        return noLatency ? null : PruningPipeline.LatencySettings.standard(latencyThreads);
    }
}
