package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.data.Datasets;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.Sweep;
import org.audioprune.pipeline.SweepSettings;
import org.audioprune.prune.Criterion;
import org.audioprune.report.SweepReportWriter;
import org.audioprune.work.EngineKind;
import org.audioprune.work.WorkEngine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Compare criteria on any dataset: every baseline × criterion × configuration × fine-tuning seed is "
                + "pruned, fine-tuned and measured, then reported with a mean and 95 %% interval per cell, paired tests "
                + "between criteria and a claim check.",
            "Each run is a unit of work with its own folder under --out, recorded when it finishes. Killed at any "
                + "moment and started again with the same command, the sweep continues where it stopped and never "
                + "redoes a finished unit; more criteria, configurations or seeds only add units. An option that would "
                + "make finished units invalid (the dataset, the baseline, the fine-tuning settings) is refused, naming "
                + "the option.",
            "The report (report.md, a self-contained report.html, cells.csv, comparisons.csv, units.csv, report.json, "
                + "accuracy_vs_macs.png and cells.png) goes to OUT/report/, replaced as a whole on every run. A unit "
                + "killed during its training continues it from its last finished epoch: --resume is implied."})
public final class SweepCommand implements Callable<Integer> {
    @Mixin
    DatasetOptionsMixin dataset;

    @ArgGroup(exclusive = true)
    Baseline baseline = new Baseline();

    static final class Baseline {
        @Option(names = "--checkpoint", paramLabel = "CKPT",
                description = "The baseline: a trained checkpoint folder (instead of training baselines here).")
        Path checkpoint;

        @ArgGroup(exclusive = false)
        Trained trained = new Trained();
    }

    static final class Trained {
        @Option(names = "--model", defaultValue = "dcase21", paramLabel = "NAME",
                description = "Without --checkpoint: the network to train as baselines, one of ${bundle:registry-models} "
                        + "(default: ${DEFAULT-VALUE}).")
        String model = "dcase21";

        @Option(names = "--baseline-seeds", defaultValue = "1", paramLabel = "N",
                description = "Without --checkpoint: baselines to train, baseline k with seed --seed + k; every run is "
                        + "repeated on each (default: ${DEFAULT-VALUE}).")
        int baselineSeeds = 1;

        @Option(names = "--baseline-epochs", defaultValue = "30", paramLabel = "N",
                description = "Without --checkpoint: epochs of each baseline's training (default: ${DEFAULT-VALUE}).")
        int baselineEpochs = 30;

        @Option(names = "--frames", paramLabel = "N",
                description = "Without --checkpoint: frames per clip of the baselines (default: the length of the "
                        + "first training clip).")
        Integer frames;
    }

    @Option(names = "--criteria", split = ",", paramLabel = "LIST", defaultValue = "wdc,bc,l1,fpgm,random",
            description = "The criteria to compare (default: ${DEFAULT-VALUE}); any of ${bundle:registry-criteria}.")
    List<String> criteria;

    @Option(names = "--configs", split = ",", required = true, paramLabel = "LIST",
            description = "The pruning configurations, separated by commas: preset names (${bundle:registry-presets}); "
                    + "per-layer ratios with + between layers, e.g. C1=0.5+C2=0.5; or budgets macs<=N or params<=N, "
                    + "e.g. macs<=30M or params<=128k@C2-C3 (k, M, G decimal; MACs and parameters at the network's "
                    + "reference input; one ratio for the layers after @, default all, or guided by --sensitivity).")
    List<String> configs;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Fine-tuning seeds per cell: run k fine-tunes with seed --seed + k, which also seeds the "
                    + "random criterion (default: ${DEFAULT-VALUE}). Intervals and paired tests need at least 2.")
    int seeds;

    @Option(names = "--finetune-epochs", defaultValue = "5", paramLabel = "E",
            description = "Fine-tuning epochs per run, 0 for none (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    @Option(names = "--sensitivity", paramLabel = "FILE",
            description = "A sensitivity.json of 'audioprune sensitivity' on the same network: budget configurations "
                    + "then choose per-layer ratios from each criterion's own sensitivity instead of one ratio.")
    Path sensitivity;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The sweep folder: new, empty, or a folder of an earlier run of this sweep to continue.")
    Path out;

    @Mixin
    LatencyOptions latencyOptions;

    @Mixin
    EngineOptionsMixin engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (training.resume) {
            throw new AudioPruneException("--resume: a sweep always continues its units, and a killed unit its training; drop --resume");
        }
        if (!dataset.given()) {
            throw new AudioPruneException("sweep needs --dataset KIND:PATH");
        }
        OutputGuard.create().reads("--dataset", Datasets.folder(dataset.spec()))
                .reads("--checkpoint", baseline.checkpoint).reads("--sensitivity", sensitivity)
                .writes("--out", out, OutputKind.SWEEP).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        SweepSettings settings = new SweepSettings(dataset.spec(),
                dataset.options(), baseline.checkpoint, baseline.trained.model, baseline.trained.baselineEpochs,
                baseline.trained.baselineSeeds, baseline.trained.frames,
                criteria.stream().map(String::trim).map(Criterion::byLabel).toList(), configs, seeds, finetuneEpochs,
                training.batchSize, training.learningRate, sensitivity,
                latencyOptions.settings(dataset.options().cacheRoot()),
                training.threads != null ? training.threads : Runtime.getRuntime().availableProcessors(),
                commandLine(spec));
        PrintWriter pw = spec.commandLine().getOut();
        pw.println("audioprune sweep: output folder " + out.toAbsolutePath());
        pw.flush();
        Sweep sweep = new Sweep(settings, out, OutputKind.SWEEP, pw);
        Sweep.Outcome outcome;
        if (engine.engine == EngineKind.LOCAL && engine.master == null) {
            outcome = sweep.run(); // in this process, with --threads per unit
        } else {
            try (WorkEngine work = engine.open("sweep " + dataset.spec())) {
                outcome = sweep.run(work);
            }
        }
        Reports.print(pw, outcome.report(), out.resolve(Sweep.REPORT));
        return 0;
    }

    /** {@code audioprune ARGS} as given (the command's name among them), quoted where a shell would need it. */
    static String commandLine(CommandSpec spec) {
        StringBuilder sb = new StringBuilder("audioprune");
        for (String a : spec.commandLine().getParseResult().originalArgs()) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+@-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** What sweep and demo print at the end. */
    static final class Reports {
        private Reports() {
        }

        static void print(PrintWriter pw, org.audioprune.report.SweepReport report, Path dir) {
            pw.println();
            pw.print(SweepReportWriter.cellsMarkdown(report));
            pw.println();
            report.claims().forEach(c -> pw.println("- " + c));
            report.notes().forEach(n -> pw.println("- " + n));
            pw.println();
            pw.println("wrote " + dir.resolve(SweepReportWriter.MARKDOWN) + ", " + SweepReportWriter.HTML + ", "
                    + SweepReportWriter.JSON + ", the CSV tables and " + SweepReportWriter.PLOT);
            pw.flush();
        }
    }
}
