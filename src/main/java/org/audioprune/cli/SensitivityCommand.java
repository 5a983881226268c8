package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.data.Datasets;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.SensitivityAnalysis;
import org.audioprune.pipeline.Splits;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Sensitivity;
import org.audioprune.report.SensitivityReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = {"Layer sensitivity, the standard tool for choosing per-layer ratios: prune one layer at a time "
                + "over a ratio grid with each criterion (optionally fine-tune briefly), and measure the metric.",
            "Writes sensitivity.json, sensitivity.csv, report.md and one plot per criterion (metric vs ratio, a line per "
                + "layer) to --out. The JSON guides budget searches: prune --target-macs ... --sensitivity FILE, or sweep "
                + "--sensitivity FILE."})
public final class SensitivityCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The trained, unpruned checkpoint.")
    Path checkpoint;

    @Mixin
    DatasetOptionsMixin dataset;

    @Option(names = "--criteria", split = ",", defaultValue = "l1,wdc", paramLabel = "LIST",
            description = "The criteria (default: ${DEFAULT-VALUE}); any of ${bundle:registry-criteria}.")
    List<String> criteria;

    @Option(names = "--layers", defaultValue = "all", paramLabel = "RANGE",
            description = "The conv layers to measure, e.g. C1-C3 or C1,C7-C12 (default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--ratios", split = ",", defaultValue = "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", paramLabel = "LIST",
            description = "The ratio grid, ascending, each in [0, 1) (default: ${DEFAULT-VALUE}).")
    List<Double> ratios;

    @Option(names = "--split", defaultValue = "validation", paramLabel = "SPLIT",
            description = "Where the metric is measured: validation or test (default: ${DEFAULT-VALUE}; ratios chosen "
                    + "on the test split would leak it into the results they produce).")
    String split;

    @Option(names = "--finetune-epochs", defaultValue = "0", paramLabel = "E",
            description = "A short fine-tuning after each cut, 0 for none (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (training.resume) {
            throw new AudioPruneException("--resume: sensitivity keeps no training state (its fine-tunings are short); drop --resume");
        }
        OutputGuard.create().reads("--checkpoint", checkpoint).reads("--dataset", Datasets.folder(dataset.spec()))
                .writes("--out", out, OutputKind.REPORT).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        if (!split.equals("validation") && !split.equals("test")) {
            throw new AudioPruneException("--split must be validation or test, got " + split);
        }
        if (finetuneEpochs < 0) {
            throw new AudioPruneException("--finetune-epochs must be at least 0, got " + finetuneEpochs);
        }
        for (int i = 0; i < ratios.size(); i++) {
            PruningPlan.keepCount(1, ratios.get(i));
            if (i > 0 && ratios.get(i) <= ratios.get(i - 1)) {
                throw new AudioPruneException("--ratios must ascend, got " + ratios);
            }
        }
        long seed = dataset.options().seed();
        List<CriterionChoice> choices = criteria.stream().map(String::trim)
                .map(c -> Criterion.byLabel(c).builder().optSeed(seed).build()).toList();
        Checkpoint base = Checkpoint.load(checkpoint);
        List<String> names = PruningPlan.parseLayers(layers, base.spec());
        Splits data = Splits.load(dataset.open(), dataset.options().cacheRoot(), base);
        List<Sensitivity> measured = SensitivityAnalysis.measure(base, data, choices, names, ratios,
                split.equals("test"), finetuneEpochs == 0 ? null : training.config(finetuneEpochs, seed));
        SensitivityReport report = new SensitivityReport(base.spec().name(), checkpoint.toString(), dataset.spec(),
                data.metricName(), split, finetuneEpochs, measured,
                List.of("Command: " + SweepCommand.commandLine(spec) + ".", "Each layer is ranked on the unpruned "
                        + "network and cut alone; a layer at ratio p keeps ceil((1-p)·n) of its n filters."));
        report.write(out);
        PrintWriter pw = spec.commandLine().getOut();
        for (Sensitivity s : measured) {
            pw.printf(Locale.ROOT, "%s (unpruned %.2f %%):%n", s.criterion(), 100 * s.baseline());
            for (Sensitivity.Curve c : s.layers()) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-6s", c.layer()));
                for (int i = 0; i < c.ratios().size(); i++) {
                    sb.append(String.format(Locale.ROOT, "  %.2f→%6.2f %%", c.ratios().get(i), 100 * c.metrics().get(i)));
                }
                pw.println(sb);
            }
        }
        pw.println("wrote " + out.resolve(SensitivityReport.JSON) + ", sensitivity.csv, report.md and the plots");
        pw.flush();
        return 0;
    }
}
