package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.Datasets;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.PruningPipeline;
import org.audioprune.pipeline.PruningRun;
import org.audioprune.pipeline.Splits;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.CriterionChoice;
import org.audioprune.prune.GroupImportance;
import org.audioprune.model.Complexity;
import org.audioprune.prune.PruningConfigs;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.Sensitivity;
import org.audioprune.report.SensitivityReport;
import org.audioprune.prune.PruningPresets;
import org.audioprune.report.MarkdownReport;
import org.audioprune.report.PruningReport;
import org.audioprune.report.ReportWriter;
import org.audioprune.train.MemoryEstimate;
import org.audioprune.train.Resumable;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Prune a checkpoint's conv filters physically, optionally fine-tune, and report.",
            "Every planned layer is scored on the unpruned weights, then all are cut together: conv output channels, "
                + "batch-norm statistics, the next conv's inputs and the first dense layer's inputs. A layer pruned "
                + "at ratio p keeps ceil((1-p)·n) of its n filters. The pruned (and fine-tuned) checkpoint goes to "
                + "--out, a report (report.md, results.json, accuracy_vs_macs.png) to --report. Without --dataset "
                + "the report has parameters, MACs and latency but no accuracy."})
public final class PruneCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT",
            description = "The trained, unpruned checkpoint folder.")
    Path checkpoint;

    @Option(names = "--criterion", defaultValue = "wdc", paramLabel = "NAME",
            description = "The filter-importance criterion (default: ${DEFAULT-VALUE}): ${bundle:registry-criteria}. Active "
                    + "criteria run the network on the first 64 training clips, so they need --dataset.")
    String criterion;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Amount amount;

    static final class Amount {
        @Option(names = "--preset", paramLabel = "P",
                description = "A named configuration (${bundle:registry-presets}). The dcase21 'paper' preset prunes C1 and "
                        + "C2 by 50 %%; uniform-N prunes every conv layer by N %%; the cnn14 presets name the layers "
                        + "and the percentage.")
        String preset;

        @Option(names = "--ratios", paramLabel = "L=P,...", description = "Per-layer ratios, e.g. C1=0.5,C2=0.5. Where convs are coupled (residual additions, "
                + "depthwise convs) a ratio names a channel group by its first conv, as 'summary' lists them.")
        String ratios;

        @ArgGroup(exclusive = false)
        Uniform uniform;

        @Option(names = "--target-macs", paramLabel = "N",
                description = "A MACs budget at the network's reference input, e.g. 30M (k, M and G are decimal): find "
                        + "the ratios that meet it, one ratio over --budget-layers or guided by --sensitivity, and "
                        + "report the achieved figures.")
        String targetMacs;

        @Option(names = "--target-params", paramLabel = "N",
                description = "A parameter budget, e.g. 128k, searched like --target-macs.")
        String targetParams;
    }

    static final class Uniform {
        @Option(names = "--ratio", required = true, paramLabel = "P",
                description = "One ratio in [0, 1) for all the layers of --layers.")
        double ratio;

        @Option(names = "--layers", required = true, paramLabel = "RANGE",
                description = "The layers pruned at --ratio, e.g. C6-C12, C1,C7-C12 or all.")
        String layers;
    }

    @Option(names = "--budget-layers", defaultValue = "all", paramLabel = "RANGE",
            description = "With --target-macs or --target-params: the layers the budget search may prune, e.g. C2-C3 "
                    + "(default: ${DEFAULT-VALUE}).")
    String budgetLayers;

    @Option(names = "--sensitivity", paramLabel = "FILE",
            description = "With a budget: a sensitivity.json of 'audioprune sensitivity' for this checkpoint and "
                    + "--criterion; the search then raises first the layers whose pruning costs least accuracy per MAC "
                    + "(or parameter) saved, on that file's ratio grid. Without it, one ratio for all budget layers.")
    Path sensitivity;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "The pruned checkpoint folder to write.")
    Path out;

    @Option(names = "--report", paramLabel = "DIR",
            description = "The report folder (default: OUT-report beside --out).")
    Path reportDir;

    @Option(names = "--reverse", description = "Ablation: prune the other end of the ranking first.")
    boolean reverse;

    @Option(names = "--group-importance", defaultValue = "mean-normalised", paramLabel = "HOW",
            description = "How a channel group with several members (convs added at a residual, a conv with the "
                    + "depthwise conv that follows it) is scored: mean-normalised (each member ranked alone, scores "
                    + "divided by their largest magnitude, averaged) or concatenated (each channel's filters of all "
                    + "members joined into one vector and ranked once); default ${DEFAULT-VALUE}. docs/criteria.md.")
    String groupImportance;

    @Option(names = "--finetune-epochs", defaultValue = "0", paramLabel = "E",
            description = "Fine-tuning epochs after pruning; more than 0 needs --dataset (default: ${DEFAULT-VALUE}, "
                    + "no fine-tuning).")
    int finetuneEpochs;

    @Mixin
    TrainingOptions training;

    @Mixin
    DatasetOptionsMixin dataset;

    @Mixin
    LatencyOptions latencyOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = reportDir != null ? reportDir : out.resolveSibling(out.getFileName() + "-report");
        OutputGuard.create().reads("--checkpoint", checkpoint).reads("--dataset", Datasets.folder(dataset.spec()))
                .reads("--sensitivity", sensitivity)
                .writes("--out", out, OutputKind.CHECKPOINT).writes("--report", dir, OutputKind.REPORT)
                .writes("--out's training state", Resumable.beside(out), OutputKind.TRAINING_STATE).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        long seed = dataset.options().seed();
        CriterionChoice choice = Criterion.byLabel(criterion).builder().optSeed(seed).optReversed(reverse)
                .optGroupImportance(GroupImportance.byLabel(groupImportance)).build();
        if (finetuneEpochs < 0) {
            throw new AudioPruneException("--finetune-epochs must be at least 0, got " + finetuneEpochs);
        }
        if ((finetuneEpochs > 0 || choice.criterion().needsFeatureMaps()) && !dataset.given()) {
            throw new AudioPruneException((finetuneEpochs > 0 ? "--finetune-epochs" : "criterion " + criterion)
                    + " needs --dataset KIND:PATH");
        }
        PruningPipeline.LatencySettings latency = latencyOptions.settings(dataset.options().cacheRoot());
        TrainingConfig finetune = finetuneEpochs == 0 ? null : training.config(finetuneEpochs, seed);
        Checkpoint base = Checkpoint.load(checkpoint);
        String budget = amount.targetMacs != null ? "macs<=" + amount.targetMacs
                : amount.targetParams != null ? "params<=" + amount.targetParams : null;
        if (budget == null && sensitivity != null) {
            throw new AudioPruneException("--sensitivity guides a budget search: give --target-macs or --target-params");
        }
        PruningConfigs.Resolved resolved = null;
        PruningPlan plan;
        if (budget != null) {
            Sensitivity guide = sensitivity == null ? null
                    : SensitivityReport.read(sensitivity).of(choice.criterion().label(), sensitivity);
            resolved = PruningConfigs.resolve(budget + "@" + budgetLayers, base.spec(),
                    PruningPipeline.canonical(base.spec()), guide);
            plan = resolved.plan();
        } else {
            plan = amount.preset != null ? PruningPresets.plan(amount.preset, base.spec())
                    : amount.ratios != null ? PruningPlan.parse(amount.ratios, base.spec())
                    : PruningPlan.uniform(amount.uniform.ratio, amount.uniform.layers, base.spec());
        }
        PruningRun run = new PruningRun(choice, amount.preset != null ? amount.preset
                : resolved != null ? resolved.name() : plan.toString(), plan, finetune);
        if (dataset.given()) {
            FrontEnd frontEnd = FrontEnds.of(base.frontEnd());
            int threads = Runtime.getRuntime().availableProcessors();
            (finetune == null ? MemoryEstimate.inference(base.spec(), frontEnd, threads)
                    : MemoryEstimate.of(base.spec(), finetune.batchSize(), true, frontEnd, threads))
                    .requireFits("lower --batch-size");
        }
        Splits data = dataset.given() ? Splits.load(dataset.open(), dataset.options().cacheRoot(), base) : null;

        Resumable resumable = training.resumable(out);
        PruningRun.Result result = run.run(base, data, resumable);
        result.network().save(out);
        resumable.finish();
        double baseMetric = data == null ? Double.NaN : PruningPipeline.metric(base, data.test());
        List<String> notes = new java.util.ArrayList<>(List.of(String.format(Locale.ROOT,
                "Pruned %s with %s, plan %s; fine-tuning: %s.", checkpoint, choice.label(), plan,
                finetuneEpochs == 0 ? "none" : finetuneEpochs + " epochs")));
        String achieved = null;
        if (resolved != null) {
            Complexity c = Complexity.of(PruningPipeline.canonical(base.spec()));
            achieved = resolved.found().describe(c.macs(), c.params()) + (sensitivity == null
                    ? " (one ratio for " + budgetLayers + ")" : " (guided by " + sensitivity + ")") + ".";
            notes.add(achieved.substring(0, 1).toUpperCase(Locale.ROOT) + achieved.substring(1));
        }
        PruningReport report = PruningPipeline.compare(base, baseMetric, List.of(result), latency).report(
                base.spec().name(), dataset.given() ? dataset.spec() : "(none)",
                data == null ? "accuracy" : data.metricName(), notes);
        ReportWriter.write(report, dir);
        PrintWriter pw = spec.commandLine().getOut();
        if (achieved != null) {
            pw.println(achieved);
        }
        pw.print(MarkdownReport.table(report));
        pw.print(MarkdownReport.forms(report));
        pw.printf("wrote %s and the report in %s%n", out, dir);
        pw.flush();
        return 0;
    }
}
