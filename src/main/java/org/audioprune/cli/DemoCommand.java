package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.audioprune.Progress;
import org.audioprune.data.DatasetOptions;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.Demo;
import org.audioprune.pipeline.DemoSettings;
import org.audioprune.prune.Criterion;
import org.audioprune.pipeline.PruningPipeline;
import org.audioprune.pipeline.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on the built-in benchmark, with no data or download needed: render "
                + "the instruments-hard clips with the JDK's synthesizer and the shipped soundbank, train dcase21 "
                + "baselines, prune each with ${bundle:registry-demo-criteria} at ${bundle:registry-demo-configs} "
                + "('paper' prunes C1 and C2 by 50 %%), fine-tune each, and print one comparison table (accuracy "
                + "with 95 %% intervals, paired tests, parameters, MACs, measured speed-up).",
            "The demo is a sweep with built-in settings ('audioprune help sweep'): its report (report.md, report.html, "
                + "report.json, CSV tables, accuracy_vs_macs.png) goes to OUT/report/. A re-run, also after a crash or a "
                + "kill, reuses the rendered data, the features, the baseline and every finished run.",
            "The defaults shorten the paper's protocol (0.5 s clips instead of 10 s, tens of epochs instead of 100) to "
                + "about 14 minutes on 2 idle cores, 19 when they are shared with other jobs (docs/results.md); "
                + "--quick is a smoke run of 1-2 minutes."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "audioprune-demo", paramLabel = "DIR",
            description = "The output folder (default: ${DEFAULT-VALUE} in the current folder).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "The cache of rendered data and features (default: $AUDIOPRUNE_CACHE or "
                    + "~/.cache/audioprune).")
    Path cache;

    @Option(names = "--quick",
            description = "A smoke run with fewer clips, epochs and latency rounds (see their defaults below).")
    boolean quick;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "The seed of the data, the training and the random criterion (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clips-per-class", paramLabel = "N",
            description = "Clips per instrument class (default: ${bundle:registry-demo-clips}).")
    Integer clipsPerClass;

    @Option(names = "--baseline-seeds", paramLabel = "N",
            description = "Baselines to train, baseline k with seed --seed + k (default: "
                    + "${bundle:registry-demo-baseline-seeds}).")
    Integer baselineSeeds;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs of the baseline training (default: ${bundle:registry-demo-epochs}).")
    Integer epochs;

    @Option(names = "--finetune-epochs", paramLabel = "N",
            description = "Fine-tuning epochs per run, 0 for none (default: ${bundle:registry-demo-finetune-epochs}).")
    Integer finetuneEpochs;

    @Option(names = "--criteria", split = ",", paramLabel = "LIST",
            description = "The criteria to compare (default: ${bundle:registry-demo-criteria}); any of ${bundle:registry-criteria}.")
    List<String> criteria;

    @Option(names = "--configs", split = ",", paramLabel = "LIST",
            description = "The dcase21 pruning configurations, as in sweep: presets, ratio lists such as C1=0.5+C2=0.5, or "
                    + "budgets such as macs<=30M (default: ${bundle:registry-demo-configs}).")
    List<String> configs;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Fine-tuning seeds per baseline; a cell has baselines × seeds runs (default: "
                    + "${bundle:registry-demo-seeds}).")
    Integer seeds;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Threads per PyTorch operator while training (default: ${DEFAULT-VALUE}, whatever the number "
                    + "of cores: results are bit-identical only at the same thread count).")
    int threads;

    @Mixin
    LatencyOptions latencyOptions;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputGuard.create().reads("--cache", cache != null ? cache : DatasetOptions.defaultCacheRoot())
                .writes("--out", out, OutputKind.DEMO).check();
        EngineThreads.configure(threads);
        Progress.setEnabled(!noProgress);
        PruningPipeline.LatencySettings latency = latencyOptions.settings(quick
                ? PruningPipeline.LatencySettings.RECOMMENDED_ROUNDS : PruningPipeline.LatencySettings.DEFAULT_ROUNDS,
                cache != null ? cache : DatasetOptions.defaultCacheRoot());
        DemoSettings d = quick ? DemoSettings.quick(seed, latency) : DemoSettings.full(seed, latency);
        DemoSettings settings = new DemoSettings(
                clipsPerClass != null ? clipsPerClass : d.clipsPerClass(), d.clipSeconds(),
                epochs != null ? epochs : d.baselineEpochs(), baselineSeeds != null ? baselineSeeds : d.baselineSeeds(),
                finetuneEpochs != null ? finetuneEpochs : d.finetuneEpochs(),
                criteria != null ? criteria.stream().map(Criterion::byLabel).toList() : d.criteria(),
                configs != null ? configs : d.configurations(), seeds != null ? seeds : d.seeds(),
                seed, d.latency());
        PrintWriter pw = spec.commandLine().getOut();
        pw.println("audioprune demo" + (quick ? " --quick" : "") + ": output folder " + out.toAbsolutePath());
        pw.flush();
        Sweep.Outcome outcome = new Demo(settings, cache, out, pw,
                threads,
                SweepCommand.commandLine(spec)).run();
        SweepCommand.Reports.print(pw, outcome.report(), out.resolve(Sweep.REPORT));
        return 0;
    }
}
