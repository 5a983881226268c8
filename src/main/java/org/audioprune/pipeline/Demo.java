package org.audioprune.pipeline;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.audioprune.data.DatasetOptions;
import org.audioprune.io.OutputKind;

/**
 * The main job, a {@link Sweep} with built-in settings ({@link DemoSettings}): the built-in
 * benchmark → dcase21 baselines → every criterion × configuration × seed pruned and fine-tuned →
 * one report. Its output folder is a sweep folder, so a re-run (or a run after a crash or a kill)
 * repeats no finished unit.
 */
public final class Demo {
    static final String NETWORK = "dcase21";

    private final DemoSettings settings;
    private final Path cacheRoot;
    private final Path outDir;
    private final PrintWriter log;
    private final int threads;
    private final String command;

    /**
     * @param cacheRoot where rendered data and features are cached; {@code null}: the default
     *                  ($AUDIOPRUNE_CACHE or ~/.cache/audioprune)
     * @param threads   intra-op threads per unit
     * @param command   the command line, for the report
     */
    public Demo(DemoSettings settings, Path cacheRoot, Path outDir, PrintWriter log, int threads, String command) {
        this.settings = settings;
        this.cacheRoot = cacheRoot;
        this.outDir = outDir;
        this.log = log;
        this.threads = threads;
        this.command = command;
    }

    public Sweep.Outcome run() {
        DatasetOptions options = DatasetOptions.defaults().withSeed(settings.seed())
                .withClipsPerClass(settings.clipsPerClass()).withClipSeconds(settings.clipSeconds())
                .withCacheRoot(cacheRoot);
        SweepSettings sweep = new SweepSettings(DemoSettings.DATASET, options, null, NETWORK,
                settings.baselineEpochs(), settings.baselineSeeds(), null,
                settings.criteria(), settings.configurations(), settings.seeds(), settings.finetuneEpochs(), 32, 1e-3f,
                null, settings.latency(), threads, command);
        return new Sweep(sweep, outDir, OutputKind.DEMO, log).run();
    }
}
