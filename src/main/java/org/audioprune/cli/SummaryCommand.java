package org.audioprune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEnds;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-layer output shapes, parameters and MACs of a network or checkpoint.",
            "Counts come from the architecture alone (docs/models.md). Parameters",
            "include batch-norm running statistics (as Keras counts); MACs are",
            "conv + dense multiply-accumulates for one clip of the network's input,",
            "the front end (STFT and mel as matrix products) listed apart."})
public final class SummaryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Network: dcase21, cnn14, cnn10 or cnn6 (give this or --checkpoint).")
    String model;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Summarise a checkpoint folder (X.ckpt) with its own, possibly pruned, spec.")
    Path checkpoint;

    @Option(names = "--classes", paramLabel = "N",
            description = "Number of classes with --model (default: 10 for dcase21, 527 for the PANNs).")
    Integer classes;

    @Option(names = "--frames", paramLabel = "N",
            description = "Input frames with --model (default: 10 s, 500 for dcase21, 1001 for the PANNs).")
    Integer frames;

    @Option(names = "--mels", paramLabel = "N",
            description = "Input mel bands with --model (default: 40 for dcase21, 64 for the PANNs).")
    Integer mels;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ArchitectureSpec spec = spec();
        Complexity c = Complexity.of(spec);
        long frontEndMacs = FrontEnds.of(spec.frontEnd()).macs(spec.input().nMels(), spec.input().frames());
        PrintWriter out = commandSpec.commandLine().getOut();
        if (json) {
            out.println(toJson(spec, c, frontEndMacs));
        } else {
            printTable(out, spec, c, frontEndMacs);
        }
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

    private static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static void printTable(PrintWriter out, ArchitectureSpec spec, Complexity c, long frontEndMacs) {
        ArchitectureSpec.InputShape in = spec.input();
        out.printf("%s: front end %s, input %dx%dx%d, %d classes (%s)%n", spec.name(), spec.frontEnd(),
                in.channels(), in.nMels(), in.frames(), spec.numClasses(), spec.multiLabel() ? "multi-label" : "single-label");
        out.printf("%-12s %-13s %-14s %14s %18s%n", "layer", "type", "output", "params", "MACs");
        for (Complexity.Row r : c.layers()) {
            out.printf("%-12s %-13s %-14s %,14d %,18d%n", r.name(), r.type(), shape(r.outputShape()), r.params(),
                    r.macs());
        }
        out.printf("trainable parameters          %,18d%n", c.trainableParams());
        out.printf("parameters (+ BN statistics)  %,18d%n", c.params());
        out.printf("MACs, conv + dense            %,18d  (%.2f M)%n", c.macs(), c.macs() / 1e6);
        out.printf("MACs, front end               %,18d  (%.2f M)%n", frontEndMacs, frontEndMacs / 1e6);
        out.printf("MACs, total                   %,18d  (%.2f M)%n", c.macs() + frontEndMacs,
                (c.macs() + frontEndMacs) / 1e6);
    }

    private static String toJson(ArchitectureSpec spec, Complexity c, long frontEndMacs) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", spec.name());
        root.put("frontEnd", spec.frontEnd().toString());
        root.putPOJO("input", spec.input());
        root.put("numClasses", spec.numClasses());
        root.put("trainableParams", c.trainableParams());
        root.put("params", c.params());
        root.put("macs", c.macs());
        root.put("frontEndMacs", frontEndMacs);
        root.put("totalMacs", c.macs() + frontEndMacs);
        ArrayNode layers = root.putArray("layers");
        for (Complexity.Row r : c.layers()) {
            ObjectNode l = layers.addObject();
            l.put("name", r.name());
            l.put("type", r.type());
            l.putPOJO("outputShape", r.outputShape());
            l.put("outChannels", r.outChannels());
            l.put("trainableParams", r.trainableParams());
            l.put("params", r.params());
            l.put("macs", r.macs());
        }
        return mapper.writeValueAsString(root);
    }
}
