package org.audioprune.interchange;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Checkpoint;

/** The formats {@code audioprune export --format} writes, and the kind of file each is. */
public enum ExportFormat {
    /** An ONNX model of the network's inference, probabilities out ({@link OnnxExport}). */
    ONNX("onnx", OutputKind.ONNX),
    /** A PANNs state dict with the widths in its metadata, as safetensors ({@link PannsExport}). */
    PANNS("panns", OutputKind.SAFETENSORS);

    private final String cliName;
    private final OutputKind kind;

    ExportFormat(String cliName, OutputKind kind) {
        this.cliName = cliName;
        this.kind = kind;
    }

    public String cliName() {
        return cliName;
    }

    /** What the written file is, for the output check. */
    public OutputKind kind() {
        return kind;
    }

    /**
     * Writes {@code c} to {@code out} (atomically) and returns what the file holds, in one line.
     * {@code onnx}: what the ONNX model takes; anything but log-mel at the input length is for onnx only.
     */
    public String write(Checkpoint c, Path out, OnnxExport.Options onnx) {
        if (!onnx.equals(OnnxExport.Options.logMel()) && this != ONNX) {
            throw new AudioPruneException("--with-front-end and --any-length are for --format onnx only; a " + cliName
                    + " export holds the network's weights");
        }
        ArchitectureSpec spec = c.spec();
        if (this == PANNS) {
            PannsExport.write(c, out);
            return "PANNs " + spec.name() + " state dict, conv widths " + spec.convWidths().values() + ", "
                    + spec.numClasses() + " classes";
        }
        OnnxExport.graph(c, onnx).write(out);
        return "ONNX opset " + OnnxGraph.OPSET + ": " + OnnxExport.input(c, onnx) + " -> " + OnnxExport.OUTPUT + " "
                + spec.numClasses() + " classes";
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ExportFormat::cliName).toList();
    }

    public static ExportFormat byName(String name) {
        for (ExportFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new AudioPruneException("--format: unknown format '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
}
