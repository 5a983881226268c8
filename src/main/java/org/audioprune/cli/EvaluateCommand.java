package org.audioprune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.Json;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.FeatureSet;
import org.audioprune.data.Split;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.train.EvaluationResult;
import org.audioprune.train.Evaluator;
import org.audioprune.train.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a checkpoint on a dataset's test split (or another split).",
            "",
            "Single-label: accuracy, log-loss, per-class accuracy, confusion matrix and per-device accuracy (where "
                + "the dataset names devices). Multi-label: mAP, ROC AUC and d' (PANNs definitions, macro-averaged "
                + "over the classes present). The checkpoint's input normalisation is applied. Give the same "
                + "dataset options (--seed, --validation-fraction, ...) as for training so the splits match.",
            ""})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The checkpoint folder to evaluate.")
    Path checkpoint;

    @Mixin
    DatasetOptionsMixin dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "The split to evaluate: train, validation or test (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(names = "--json", description = "Print the result as JSON instead of text.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per PyTorch operator (default: one per core).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        EngineThreads.configure(threads);
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        AudioDataset ds = dataset.open();
        Evaluator.requireCompatible(ckpt.spec(), ckpt.classNames(), ds);
        FrontEnd frontEnd = FrontEnds.byName(ckpt.frontEnd());
        MemoryEstimate.inference(ckpt.spec(), frontEnd, Runtime.getRuntime().availableProcessors())
                .requireFits("this checkpoint's input is too long for this machine");
        FeatureSet set = new FeatureCache(dataset.options().cacheRoot())
                .features(ds, split, frontEnd, ckpt.spec().input().frames());
        EvaluationResult result = Evaluator.evaluate(ckpt, set, split.name().toLowerCase(Locale.ROOT));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(result));
        } else {
            out.printf("checkpoint %s (%s) on %s%n", checkpoint, ckpt.spec().name(), ds.spec());
            out.print(result.toText());
        }
        out.flush();
        return 0;
    }
}
