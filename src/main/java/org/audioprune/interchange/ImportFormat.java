package org.audioprune.interchange;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.audioprune.AudioPruneException;

/** The weight formats {@code audioprune import --from} reads. */
public enum ImportFormat {
    /** A PANNs {@code torch.save} checkpoint (zip or legacy), Cnn14 / Cnn10 / Cnn6. */
    PANNS("panns"),
    /** A Keras {@code .h5} (model.save or save_weights) of the DCASE 2021 Task 1A baseline. */
    KERAS("keras"),
    /** A pickled NumPy object array of the baseline's 22 arrays in Keras order. */
    NPY_LIST("npy-list");

    private final String cliName;

    ImportFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(ImportFormat::cliName).toList();
    }

    public static ImportFormat byName(String name) {
        for (ImportFormat f : values()) {
            if (f.cliName.equals(name)) {
                return f;
            }
        }
        throw new AudioPruneException("--from: unknown format '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** Reads {@code file} into a validated checkpoint; every problem is one line naming the file. */
    public Imported read(Path file, ImportOptions options) {
        return switch (this) {
            case PANNS -> PannsImporter.read(file, options);
            case KERAS -> KerasImporter.fromArrays(file, KerasH5.read(file), options, "layer");
            case NPY_LIST -> KerasImporter.fromArrays(file, KerasImporter.arraysOf(NumpyPickle.readArrayList(file)),
                    options, "array");
        };
    }
}
