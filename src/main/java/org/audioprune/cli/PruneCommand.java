package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Progress;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.Datasets;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.model.Checkpoint;
import org.audioprune.pipeline.LayerRanker;
import org.audioprune.pipeline.PruningPipeline;
import org.audioprune.prune.PruningPlan;
import org.audioprune.prune.PruningPresets;
import org.audioprune.report.MarkdownReport;
import org.audioprune.report.PruningReport;
import org.audioprune.report.ReportWriter;
import org.audioprune.train.MemoryEstimate;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Prune a checkpoint's conv filters physically, optionally fine-tune, and report.",
            "Every planned layer is scored on the unpruned weights, then all are cut together: conv output",
            "channels, batch-norm statistics, the next conv's inputs and the first dense layer's inputs.",
            "Layer p keeps ceil((1-p)·n) filters. Writes the pruned (fine-tuned) checkpoint to --out and a",
            "report (report.md, results.json, accuracy_vs_macs.png) to --report. Without --dataset the",
            "report has parameters, MACs and latency but no accuracy."})
public final class PruneCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The trained (unpruned) checkpoint.")
    Path checkpoint;

    @Option(names = "--criterion", defaultValue = "wdc", paramLabel = "NAME",
            description = {"Filter-importance criterion (default: ${DEFAULT-VALUE}): wdc, wdc-abs, bc, bc-dist,",
                "bc-absdist, l1, l2, fpgm, gmean, pairwise, random, eigenvector, closeness, pagerank, and the",
                "active hrank, energy (these need --dataset)."})
    String criterion;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Amount amount;

    static final class Amount {
        @Option(names = "--preset", paramLabel = "P",
                description = {"Named configuration: dcase21 paper (C1=C2=50 %), uniform-25|50|75 (all conv",
                    "layers); cnn14 c6-c12@25, c7-c12@25|50|75, c1+c7-c12@25."})
        String preset;

        @Option(names = "--ratios", paramLabel = "L=P,...", description = "Per-layer ratios, e.g. C1=0.5,C2=0.5.")
        String ratios;

        @ArgGroup(exclusive = false)
        Uniform uniform;
    }

    static final class Uniform {
        @Option(names = "--ratio", required = true, paramLabel = "P", description = "One ratio for --layers, in [0, 1).")
        double ratio;

        @Option(names = "--layers", required = true, paramLabel = "RANGE", description = "Layers for --ratio, e.g. C6-C12 or C1,C7-C12.")
        String layers;
    }

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "Pruned checkpoint folder to write.")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Report folder (default: OUT-report beside --out).")
    Path reportDir;

    @Option(names = "--reverse", description = "Ablation: prune the other end of the ranking first.")
    boolean reverse;

    @Option(names = "--finetune-epochs", defaultValue = "0", paramLabel = "E",
            description = "Fine-tuning epochs after pruning, needs --dataset (default: ${DEFAULT-VALUE}: none).")
    int finetuneEpochs;

    @Mixin
    TrainingOptions training;

    @Mixin
    DatasetOptionsMixin dataset;

    @Option(names = "--no-latency", description = "Skip the latency measurement.")
    boolean noLatency;

    @Option(names = "--latency-threads", defaultValue = "1", paramLabel = "N",
            description = "Intra-op threads while latency is measured (default: ${DEFAULT-VALUE}).")
    int latencyThreads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = reportDir != null ? reportDir : out.resolveSibling(out.getFileName() + "-report");
        OutputGuard.create().reads("--checkpoint", checkpoint).reads("--dataset", Datasets.folder(dataset.spec()))
                .writes("--out", out, OutputKind.CHECKPOINT).writes("--report", dir, OutputKind.REPORT)
                .writes("--out's training state", Resumable.beside(out), OutputKind.TRAINING_STATE).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        if (!LayerRanker.names().contains(criterion)) {
            throw new AudioPruneException("unknown criterion '" + criterion + "' (valid: "
                    + String.join(", ", LayerRanker.names()) + ")");
        }
        if (finetuneEpochs < 0) {
            throw new AudioPruneException("--finetune-epochs must be at least 0, got " + finetuneEpochs);
        }
        if (finetuneEpochs > 0 && !dataset.given()) {
            throw new AudioPruneException("--finetune-epochs needs --dataset KIND:PATH");
        }
        TrainingConfig finetuning = finetuneEpochs == 0 ? null : training.config(finetuneEpochs, dataset.options().seed());
        PruningPipeline.LatencySettings latency = noLatency ? null
                : PruningPipeline.LatencySettings.standard(latencyThreads);
        Checkpoint base = Checkpoint.load(checkpoint);
        PruningPlan plan = amount.preset != null ? PruningPresets.plan(amount.preset, base.spec())
                : amount.ratios != null ? PruningPlan.parse(amount.ratios, base.spec())
                : PruningPlan.uniform(amount.uniform.ratio, amount.uniform.layers, base.spec());
        String configuration = amount.preset != null ? amount.preset : plan.toString();
        if (dataset.given()) {
            FrontEnd frontEnd = FrontEnds.byName(base.frontEnd());
            int threads = Runtime.getRuntime().availableProcessors();
            (finetuning == null ? MemoryEstimate.inference(base.spec(), frontEnd, threads)
                    : MemoryEstimate.of(base.spec(), finetuning.batchSize(), true, frontEnd, threads))
                    .requireFits("lower --batch-size");
        }
        Map<Split, FeatureSet> data = dataset.given() ? training.features(dataset, base) : null;
        FeatureSet train = data == null ? null : data.get(Split.TRAIN);
        FeatureSet test = data == null ? null : data.get(Split.TEST);

        PrintWriter pw = spec.commandLine().getOut();
        PruningPipeline.Pruned pruned = PruningPipeline.prune(base, plan, criterion, dataset.options().seed(), reverse,
                train);
        double baseMetric = PruningPipeline.metric(base, test);
        double prunedMetric = PruningPipeline.metric(pruned.checkpoint(), test);
        Resumable resumable = training.resumable(out);
        Checkpoint tuned = finetuneEpochs == 0 ? null
                : Trainer.train(pruned.checkpoint(), train, data.get(Split.VALIDATION), finetuning, resumable)
                        .checkpoint();
        double tunedMetric = PruningPipeline.metric(tuned, test);
        PruningPipeline.Outcome outcome = new PruningPipeline.Outcome(criterion, configuration, pruned, prunedMetric,
                tuned, tunedMetric);
        outcome.last().save(out);
        resumable.finish();

        PruningPipeline.Comparison comparison = PruningPipeline.compare(base, baseMetric, List.of(outcome), latency);
        PruningReport report = new PruningReport(base.spec().name(), dataset.given() ? dataset.spec() : "(none)",
                test == null ? "accuracy" : test.multiLabel() ? "mAP" : "accuracy", comparison.baseline(),
                comparison.runs(), List.of(String.format(Locale.ROOT, "Pruned %s with %s%s, plan %s; fine-tuning: %s.",
                        checkpoint, criterion, reverse ? " (reversed)" : "", plan,
                        finetuneEpochs == 0 ? "none" : finetuneEpochs + " epochs")));
        ReportWriter.write(report, dir);
        pw.print(MarkdownReport.table(report));
        pw.printf("wrote %s and the report in %s%n", out, dir);
        pw.flush();
        return 0;
    }
}
