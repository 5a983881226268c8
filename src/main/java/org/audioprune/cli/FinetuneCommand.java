package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.Progress;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.Datasets;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.PruningPipeline;
import org.audioprune.pipeline.Splits;
import org.audioprune.train.MemoryEstimate;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a (pruned) checkpoint on a dataset: Adam from the checkpoint's weights with its "
                + "stored normalisation, keeping the epoch with the best validation metric. Prints the test metric "
                + "before and after."})
public final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The checkpoint to start from.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "CKPT", description = "The checkpoint folder to write.")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
            description = "Fine-tuning epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    TrainingOptions training;

    @Mixin
    DatasetOptionsMixin dataset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputGuard.create().reads("--checkpoint", checkpoint).reads("--dataset", Datasets.folder(dataset.spec()))
                .writes("--out", out, OutputKind.CHECKPOINT)
                .writes("--out's training state", Resumable.beside(out), OutputKind.TRAINING_STATE).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        TrainingConfig config = training.config(epochs, dataset.options().seed());
        Checkpoint start = Checkpoint.load(checkpoint);
        MemoryEstimate.of(start.spec(), config.batchSize(), true, FrontEnds.byName(start.frontEnd()),
                Runtime.getRuntime().availableProcessors()).requireFits("lower --batch-size");
        Splits data = Splits.load(dataset.open(), dataset.options().cacheRoot(), start);
        double before = PruningPipeline.metric(start, data.test());
        Resumable resumable = training.resumable(out);
        Trainer.Result result = Trainer.train(start, data.train(), data.validation(), config, resumable);
        result.checkpoint().save(out);
        resumable.finish();
        double after = PruningPipeline.metric(result.checkpoint(), data.test());
        PrintWriter pw = spec.commandLine().getOut();
        if (result.resumedAfter() > 0) {
            pw.printf("resumed after epoch %d of the interrupted run%n", result.resumedAfter());
        }
        pw.printf(Locale.ROOT, "test %s: %.2f %% before, %.2f %% after %d epochs (kept epoch %d)%n",
                result.metricName(), 100 * before, 100 * after, epochs, result.bestEpoch());
        pw.printf("wrote %s%n", out);
        pw.flush();
        return 0;
    }
}
