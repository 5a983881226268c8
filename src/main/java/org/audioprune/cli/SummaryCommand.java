package org.audioprune.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.report.NetworkSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the per-layer output shapes, parameters and MACs of a network or checkpoint.",
            "Counts come from the architecture alone (docs/models.md). Parameters include batch-norm running "
                + "statistics (as Keras counts them); MACs are the conv and dense multiply-accumulates for one clip "
                + "of the network's input, with the front end (STFT and mel as matrix products) listed apart."})
public final class SummaryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The network, one of ${bundle:registry-models} (give this or --checkpoint).")
    String model;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Summarise a checkpoint folder (X.ckpt) with its own, possibly pruned, spec.")
    Path checkpoint;

    @Option(names = "--classes", paramLabel = "N",
            description = "The number of classes with --model (default: 10 for dcase21, 527 for the PANNs).")
    Integer classes;

    @Option(names = "--frames", paramLabel = "N",
            description = "Input frames with --model (default: 10 s, which is 500 for dcase21 and 1001 for the PANNs).")
    Integer frames;

    @Option(names = "--mels", paramLabel = "N",
            description = "Input mel bands with --model (default: 40 for dcase21, 64 for the PANNs).")
    Integer mels;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        NetworkSummary summary = NetworkSummary.of(spec());
        PrintWriter out = commandSpec.commandLine().getOut();
        out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
        out.flush();
        return 0;
    }

    private ArchitectureSpec spec() {
        if ((model == null) == (checkpoint == null)) {
            throw new AudioPruneException("summary: give exactly one of --model or --checkpoint");
        }
        if (checkpoint != null) {
            if (classes != null || frames != null || mels != null) {
                throw new AudioPruneException("summary: --classes, --frames and --mels apply to --model only;"
                        + " a checkpoint has its own");
            }
            return Checkpoint.load(checkpoint).spec();
        }
        ArchitectureSpec defaults = Architectures.create(model);
        return Architectures.create(model, classes == null ? defaults.numClasses() : classes,
                mels == null ? defaults.input().nMels() : mels,
                frames == null ? defaults.input().frames() : frames);
    }
}
