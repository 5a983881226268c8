package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.Progress;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.io.OutputGuard;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.pipeline.Splits;
import org.audioprune.train.Evaluator;
import org.audioprune.train.MemoryEstimate;
import org.audioprune.train.Resumable;
import org.audioprune.train.Trainer;
import org.audioprune.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on a dataset and write a checkpoint.",
            "",
            "Adam; softmax cross-entropy (single-label) or binary cross-entropy (multi-label); per-band input "
                + "normalisation fitted on the training split and stored in the checkpoint (dcase21; PANNs networks "
                + "normalise with their bn0 layer). After every epoch the network is scored on the validation split "
                + "and the best epoch (accuracy, or mAP for tagging) is kept; the test split is never used here "
                + "(run 'audioprune evaluate'). --seed also seeds initialisation, dropout, shuffling and augmentation: "
                + "the same seed and data give the same checkpoint.",
            ""})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "dcase21", paramLabel = "NAME",
            description = "The network, one of ${bundle:registry-models} (default: ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    DatasetOptionsMixin dataset;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", required = true, paramLabel = "CKPT",
            description = "Checkpoint folder to write (conventionally NAME.ckpt); replaced atomically.")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N",
            description = "Passes over the training split (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--frames", paramLabel = "N",
            description = "Frames per clip; clips are cropped or padded (default: the length of the first training "
                    + "clip; dcase21 drops the last centred frame, so 10 s give 500 and 1 s gives 50).")
    Integer frames;

    @Option(names = "--spec-augment", description = "SpecAugment: zero 2 time stripes (< 64 frames) and 2 mel "
            + "stripes (< 8 bands) of every training clip, the PANNs recipe for tagging (default: off).")
    boolean specAugment;

    @Option(names = "--mixup",
            description = "Mixup of random pairs with lambda ~ Beta(1, 1), the PANNs recipe (default: off).")
    boolean mixup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OutputGuard.create().reads("--dataset", Datasets.folder(dataset.spec()))
                .writes("--out", out, OutputKind.CHECKPOINT)
                .writes("--out's training state", Resumable.beside(out), OutputKind.TRAINING_STATE).check();
        EngineThreads.configure(training.threads);
        Progress.setEnabled(!training.noProgress);
        TrainingConfig config = training.config(epochs, dataset.options().seed(), specAugment, mixup);
        ArchitectureSpec defaults = Architectures.create(model);
        FrontEnd frontEnd = FrontEnds.of(defaults.frontEnd());
        if (frames != null) {
            Architectures.create(model, defaults.numClasses(), frontEnd.nMels(), frames); // too few frames: now
        }
        AudioDataset ds = dataset.open();
        ArchitectureSpec family = Architectures.create(model, ds.classNames().size());
        Evaluator.requireCompatible(family, ds.classNames(), ds);
        int n = frames != null ? frames : Splits.defaultFrames(model, ds);
        ArchitectureSpec arch = Architectures.create(model, ds.classNames().size(), frontEnd.nMels(), n);
        MemoryEstimate.of(arch, config.batchSize(), true, frontEnd, Runtime.getRuntime().availableProcessors())
                .requireFits("lower --batch-size or --frames");
        FeatureCache cache = new FeatureCache(dataset.options().cacheRoot());
        FeatureSet train = cache.features(ds, Split.TRAIN, frontEnd, n);
        FeatureSet validation = cache.features(ds, Split.VALIDATION, frontEnd, n);
        long start = System.nanoTime();
        Resumable resumable = training.resumable(out);
        Trainer.Result result = Trainer.train(arch, train, validation, config, resumable);
        double seconds = (System.nanoTime() - start) / 1e9;
        Checkpoint checkpoint = result.checkpoint().withMetadata("dataset", ds.spec());
        checkpoint.save(out);
        resumable.finish();
        PrintWriter pw = spec.commandLine().getOut();
        Trainer.EpochRecord best = result.history().get(result.bestEpoch() - 1);
        if (result.resumedAfter() > 0) {
            pw.printf("resumed after epoch %d of the interrupted run%n", result.resumedAfter());
        }
        pw.printf(Locale.ROOT, "trained %s on %s (%d train / %d validation clips, input %dx%d) in %.1f s%n",
                model, ds.spec(), train.size(), validation.size(), frontEnd.nMels(), n, seconds);
        if (Double.isNaN(best.validationMetric())) {
            pw.printf(Locale.ROOT, "kept the last epoch (%d): no validation clips%n", result.bestEpoch());
        } else {
            pw.printf(Locale.ROOT, "kept epoch %d of %d: validation %s %.4f, loss %.4f%n", result.bestEpoch(),
                    epochs, result.metricName(), best.validationMetric(), best.validationLoss());
        }
        pw.printf("wrote %s%n", out);
        return 0;
    }
}
