package org.audioprune.interchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.FeatureCache;
import org.audioprune.interchange.OnnxGraph.Dim;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.FeatureShape;
import org.audioprune.model.layer.LayerSpec;

/**
 * A checkpoint as an ONNX model that computes what {@link Predictor} computes: input
 * {@value #INPUT} (batch, 1, n_mels, frames), the un-normalised log-mel as {@code audioprune
 * features} writes it; the checkpoint's band normalisation; every layer's own ONNX form
 * ({@link LayerSpec#emitOnnx}); a softmax (single-label) or sigmoids (multi-label) as output
 * {@value #OUTPUT} (batch, classes). The batch axis is dynamic ({@code batch}); the frame count is
 * the checkpoint's input length (dcase21's last pool is sized from it), or dynamic too for a
 * network that takes any length ({@link Options#anyLength}). Class names, front end and input
 * description go into the model's metadata.
 */
public final class OnnxExport {
    public static final String INPUT = "logmel";
    public static final String WAVEFORM_INPUT = "waveform";
    public static final String OUTPUT = "probabilities";
    public static final String LOGITS = "logits";
    private static final Dim BATCH = Dim.symbolic("batch");

    private OnnxExport() {
    }

    /**
     * What the model takes.
     *
     * @param withFrontEnd input {@value #WAVEFORM_INPUT} (batch, samples): mono audio at the front
     *                     end's sample rate, and the log-mel front end is part of the model ({@link OnnxFrontEnd})
     * @param anyLength    the frame (or sample) axis is dynamic too, for networks whose layers do not
     *                     depend on the input length ({@link #takesAnyLength}: PANNs, not dcase21)
     */
    public record Options(boolean withFrontEnd, boolean anyLength) {
        /** Log-mel in, at the checkpoint's input length. */
        public static Options logMel() {
            return new Options(false, false);
        }
    }

    /** The model of {@code checkpoint}, log-mel in at its input length. */
    public static OnnxGraph graph(Checkpoint checkpoint) {
        return graph(checkpoint, Options.logMel());
    }

    /**
     * The model of {@code checkpoint} with the given input.
     *
     * @throws AudioPruneException for {@code anyLength} on a network sized from its input length
     */
    public static OnnxGraph graph(Checkpoint checkpoint, Options options) {
        ArchitectureSpec spec = checkpoint.spec();
        ArchitectureSpec.InputShape in = spec.input();
        if (options.anyLength() && !takesAnyLength(spec)) {
            throw new AudioPruneException("the " + spec.name() + " network has a layer sized from its input length, "
                    + "so its ONNX model takes exactly " + in.frames() + " frames (leave out --any-length)");
        }
        OnnxGraph g = new OnnxGraph(spec.name());
        String x;
        if (options.withFrontEnd()) {
            FrontEnd fe = FrontEnds.of(spec.frontEnd());
            if (fe.nMels() != in.nMels()) {
                throw new AudioPruneException("the network expects " + in.nMels() + " mel bands but its front end "
                        + fe.name() + " makes " + fe.nMels());
            }
            Dim samples = options.anyLength() ? Dim.symbolic("samples") : Dim.of(samples(checkpoint));
            x = OnnxFrontEnd.emit(g, fe, g.input(WAVEFORM_INPUT, List.of(BATCH, samples)));
            g.metadata("sample_rate", String.valueOf(fe.sampleRate()));
        } else {
            Dim frames = options.anyLength() ? Dim.symbolic("frames") : Dim.of(in.frames());
            x = g.input(INPUT, List.of(BATCH, Dim.of(in.channels()), Dim.of(in.nMels()), frames));
        }
        x = layers(g, spec, checkpoint.weights(), bandNormalisation(g, checkpoint, x));
        x = g.node(OUTPUT, spec.multiLabel() ? "Sigmoid" : "Softmax", List.of(x),
                spec.multiLabel() ? OnnxGraph.attrs() : OnnxGraph.attrs().integer("axis", 1));
        g.output(x, List.of(BATCH, Dim.of(spec.numClasses())));
        g.metadata("classes", classNames(checkpoint));
        g.metadata("front_end", spec.frontEnd().toString());
        g.metadata("input", input(checkpoint, options));
        g.metadata("output", OUTPUT + ": " + (spec.multiLabel() ? "sigmoid" : "softmax") + " class probabilities");
        return g;
    }

    /** The model's input in one line, e.g. {@code logmel (batch, 1, 64, frames): un-normalised log-mel}. */
    public static String input(Checkpoint c, Options options) {
        ArchitectureSpec.InputShape in = c.spec().input();
        if (options.withFrontEnd()) {
            return WAVEFORM_INPUT + " (batch, " + (options.anyLength() ? "samples" : String.valueOf(samples(c)))
                    + "): mono audio at " + FrontEnds.of(c.frontEnd()).sampleRate() + " Hz, floats in [-1, 1]";
        }
        return INPUT + " (batch, " + in.channels() + ", " + in.nMels() + ", "
                + (options.anyLength() ? "frames" : String.valueOf(in.frames()))
                + "): un-normalised log-mel as 'audioprune features' writes it";
    }

    /**
     * True if every layer is the same at any frame count (tried at a second, longer input): no
     * layer is sized from the input length, so the frame axis of an export may stay dynamic.
     */
    public static boolean takesAnyLength(ArchitectureSpec spec) {
        ArchitectureSpec.InputShape in = spec.input();
        ArchitectureSpec longer;
        try {
            longer = spec.withInput(new ArchitectureSpec.InputShape(in.channels(), in.nMels(), 2 * in.frames() + 1));
        } catch (AudioPruneException e) {
            return false;
        }
        List<FeatureShape> a = spec.inputShapes();
        List<FeatureShape> b = longer.inputShapes();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (!spec.layers().get(i).resolvedAt(a.get(i)).equals(longer.layers().get(i).resolvedAt(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The network alone, as the engine runs it: input {@value #INPUT} (batch, 1, n_mels, frames)
     * already normalised, output {@value #LOGITS} (batch, classes) — what {@link OnnxRuntimeNetwork}
     * runs for latency, the same function as {@code InferenceOptimizer.predict}.
     */
    public static OnnxGraph logits(ArchitectureSpec spec, Map<String, Tensor> weights) {
        ArchitectureSpec.InputShape in = spec.input();
        OnnxGraph g = new OnnxGraph(spec.name());
        String x = g.input(INPUT, List.of(BATCH, Dim.of(in.channels()), Dim.of(in.nMels()), Dim.of(in.frames())));
        g.output(g.node(LOGITS, "Identity", List.of(layers(g, spec, weights, x)), OnnxGraph.attrs()),
                List.of(BATCH, Dim.of(spec.numClasses())));
        return g;
    }

    /** Every layer's own ONNX form, from {@code x} on; returns the last layer's output. */
    private static String layers(OnnxGraph g, ArchitectureSpec spec, Map<String, Tensor> weights, String x) {
        List<FeatureShape> shapes = spec.inputShapes();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            try {
                x = layer.emitOnnx(g, shapes.get(i), x, name -> weights.get(name).data());
            } catch (IllegalArgumentException e) {
                throw new AudioPruneException("cannot export " + spec.name() + " to ONNX: " + e.getMessage());
            }
        }
        return x;
    }

    /** Samples of the waveform input: the fewest that make the network's frame count (what predict pads a WAV to). */
    public static int samples(Checkpoint checkpoint) {
        return FeatureCache.samplesFor(FrontEnds.of(checkpoint.frontEnd()), checkpoint.spec().input().frames());
    }

    /** The class names as a one-line JSON array. */
    private static String classNames(Checkpoint c) {
        try {
            return Json.compact().writeValueAsString(c.classNames());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /** (x − mean[band]) · (1 / std[band]) as the {@link org.audioprune.train.BandNormalisation} does; x if none. */
    private static String bandNormalisation(OnnxGraph g, Checkpoint c, String x) {
        float[] mean = c.bandMean();
        if (mean.length == 0) {
            return x;
        }
        float[] inv = new float[mean.length];
        for (int m = 0; m < inv.length; m++) {
            inv[m] = 1f / c.bandStd()[m];
        }
        long[] shape = {1, 1, mean.length, 1};
        String centred = g.node("Sub", x, g.weight("band_mean", new Tensor(shape, mean)));
        return g.node("Mul", centred, g.weight("band_inv_std", new Tensor(shape, inv)));
    }
}
