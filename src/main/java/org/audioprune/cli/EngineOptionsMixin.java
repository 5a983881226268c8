package org.audioprune.cli;

import org.audioprune.work.EngineKind;
import org.audioprune.work.WorkEngine;
import picocli.CommandLine.Option;

/** {@code --engine} and {@code --master}: where a job's units run; commands take it as a mixin. */
public final class EngineOptionsMixin {
    @Option(names = "--engine", defaultValue = "local", paramLabel = "ENGINE",
            description = "Where the work runs: local (this process, all cores) or spark (Apache Spark, with the "
                    + "audioprune-spark launcher or spark-submit: see README, 'Spark'; every executor must see the "
                    + "dataset and the cache under the same paths) (default: ${DEFAULT-VALUE}).")
    EngineKind engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master, e.g. spark://HOST:7077, yarn, k8s://https://HOST:443 "
                    + "or local[4] (default: the one spark-submit set, else local[*]).")
    String master;

    /** Starts the chosen engine; close it when the job is done. */
    public WorkEngine open(String appName) {
        return engine.open(master, appName);
    }
}
