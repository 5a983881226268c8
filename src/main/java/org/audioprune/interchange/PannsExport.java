package org.audioprune.interchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.Dense;
import org.audioprune.model.layer.TensorSpec;

/**
 * A PANNs Cnn14 / Cnn10 / Cnn6 checkpoint, pruned or not, as a PANNs state dict in safetensors:
 * the inverse of {@link PannsImporter}'s key mapping (conv kernels back to PANNs' (time, mel)
 * order, batch norms' γ/β as {@code weight}/{@code bias}). The front end's tensors (STFT kernels,
 * {@code melW}) are not written: PANNs' constructor computes them from its arguments. The
 * safetensors metadata entry {@value #METADATA_KEY} holds, as JSON, the family, the widths of
 * every conv block's convs, fc1's size, the class names and the constructor arguments, which a
 * PyTorch user needs to rebuild the reduced network (docs/interchange.md shows how).
 */
public final class PannsExport {
    public static final String METADATA_KEY = "audioprune";

    private PannsExport() {
    }

    /** The state dict of {@code c} with PANNs' names and layouts, in PANNs' order; refuses a non-PANNs network. */
    public static Map<String, SafeTensors.F32> stateDict(Checkpoint c) {
        PannsImporter.CnnLayout layout = layoutOf(c);
        Map<String, SafeTensors.F32> out = new LinkedHashMap<>();
        for (TensorSpec p : c.spec().parameters()) {
            Tensor t = c.weight(p.name());
            boolean conv = p.name().endsWith(".weight") && t.shape().length == 4;
            long[] s = t.shape();
            out.put(PannsImporter.pannsName(p.name(), layout.layout()), conv
                    ? new SafeTensors.F32(new long[] {s[0], s[1], s[3], s[2]}, PannsImporter.swapLastAxes(t.data(), s))
                    : new SafeTensors.F32(s.clone(), t.data().clone()));
        }
        return out;
    }

    /** Writes {@code c} to {@code file} atomically. */
    public static void write(Checkpoint c, Path file) {
        SafeTensors.write(file, stateDict(c), Map.of(METADATA_KEY, metadata(c)));
    }

    /** The JSON metadata: family, widths per conv block, fc1, classes, constructor arguments. */
    static String metadata(Checkpoint c) {
        PannsImporter.CnnLayout layout = layoutOf(c);
        ArchitectureSpec spec = c.spec();
        Map<String, Integer> widths = spec.convWidths();
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("format", "panns-state-dict");
        m.put("family", layout.family());
        ArrayNode blocks = m.putArray("conv_block_widths");
        for (int b = 0; b < layout.blocks(); b++) {
            ArrayNode block = blocks.addArray();
            for (int j = 1; j <= layout.convs(); j++) {
                block.add(widths.get("C" + (b * layout.convs() + j)));
            }
        }
        m.put("fc1", spec.layer("fc1", Dense.class).outFeatures());
        m.put("classes_num", spec.numClasses());
        LogMelFrontEnd.Config fe = LogMelFrontEnd.PANNS;
        ObjectNode args = m.putObject("constructor");
        args.put("sample_rate", fe.sampleRate());
        args.put("window_size", fe.nFft());
        args.put("hop_size", fe.hopLength());
        args.put("mel_bins", fe.nMels());
        args.put("fmin", (int) fe.fMin());
        args.put("fmax", (int) fe.fMax());
        args.put("classes_num", spec.numClasses());
        ArrayNode names = m.putArray("class_names");
        c.classNames().forEach(names::add);
        try {
            return Json.compact().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * The PANNs layout of the checkpoint's network: its family's layers exactly (any widths), the
     * panns front end and no band normalisation outside the network (PANNs has only bn0).
     */
    private static PannsImporter.CnnLayout layoutOf(Checkpoint c) {
        ArchitectureSpec spec = c.spec();
        PannsImporter.CnnLayout layout = PannsImporter.cnnLayout(spec.name()).orElseThrow(() -> new AudioPruneException(
                "--format panns writes PANNs Cnn14, Cnn10 and Cnn6 networks; this checkpoint is a " + spec.name()));
        ArchitectureSpec expected = ImportedSpec.of(layout.family(), spec.numClasses(), spec.input().nMels(),
                spec.input().frames(), spec.convWidths(), spec.layer("fc1", Dense.class).outFeatures());
        if (!expected.layers().equals(spec.layers())) {
            throw new AudioPruneException("this " + spec.name() + " checkpoint's layers differ from PANNs' "
                    + layout.family() + " (beyond the widths), so PANNs' definition cannot load it");
        }
        if (c.bandMean().length != 0) {
            throw new AudioPruneException("this " + spec.name() + " checkpoint normalises its input outside the "
                    + "network, which a PANNs state dict cannot hold (PANNs normalises with bn0)");
        }
        return layout;
    }
}
