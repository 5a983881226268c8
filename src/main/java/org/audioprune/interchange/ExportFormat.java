package org.audioprune.interchange;

import java.util.Arrays;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.io.OutputKind;

/** The formats {@code audioprune export --format} writes, and the kind of file each is. */
public enum ExportFormat {
    /** An ONNX model of the network's inference, probabilities out ({@link OnnxExport}). */
    ONNX("onnx", OutputKind.ONNX);

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
