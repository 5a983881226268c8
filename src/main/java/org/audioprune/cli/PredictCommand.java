package org.audioprune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.interchange.Predictor;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Class probabilities of a clip or of every clip in a folder, the way",
            "PANNs' inference script tags audio.",
            "",
            "A .wav goes through the checkpoint's front end; a .npy is an un-normalised",
            "log-mel array as 'audioprune features' writes it, (n_mels, frames), or",
            "PANNs' (1, 1, frames, n_mels). Clips are cropped or padded to the",
            "network's input length as in training. Sigmoids for multi-label networks,",
            "a softmax for single-label ones. Text: the top-K classes of each clip;",
            "--json: every probability."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "CKPT", description = "The network.")
    Path checkpoint;

    @Option(names = "--input", required = true, paramLabel = "PATH",
            description = "A .wav file, a .npy feature file, or a folder (its .wav and .npy files, by name; not recursive).")
    Path input;

    @Option(names = "--top", defaultValue = "5", paramLabel = "K",
            description = "Classes listed per clip in the text output (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print JSON: the class names and every clip's whole probability vector.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
            description = "Engine threads per operator (default: libtorch's, one per core).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new AudioPruneException("--top must be at least 1, got " + top);
        }
        Checkpoint ckpt = Checkpoint.load(checkpoint);
        List<Path> inputs = Predictor.inputs(input);
        EngineThreads.configure(threads);
        List<Predictor.Prediction> predictions;
        try (Predictor p = new Predictor(ckpt)) {
            predictions = p.predict(inputs);
        }
        PrintWriter pw = spec.commandLine().getOut();
        List<String> names = ckpt.classNames();
        if (json) {
            ObjectMapper mapper = Json.MAPPER;
            ObjectNode root = mapper.createObjectNode();
            root.put("checkpoint", checkpoint.toString());
            root.put("activation", ckpt.spec().multiLabel() ? "sigmoid" : "softmax");
            names.forEach(root.putArray("classes")::add);
            ArrayNode clips = root.putArray("clips");
            for (Predictor.Prediction r : predictions) {
                ObjectNode c = clips.addObject();
                c.put("input", r.input().toString());
                ArrayNode probs = c.putArray("probabilities");
                for (float v : r.probabilities()) {
                    probs.add(v);
                }
            }
            pw.println(mapper.writeValueAsString(root));
        } else {
            for (Predictor.Prediction r : predictions) {
                pw.printf("%s%n", r.input());
                for (int k : r.top(top)) {
                    pw.printf(Locale.ROOT, "  %.4f  %s%n", r.probabilities()[k], names.get(k));
                }
            }
        }
        return 0;
    }
}
