package org.audioprune.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.AudioPruneException;

/**
 * The one place that parses a {@code --dataset KIND:PATH} value.
 *
 * <ul>
 *   <li>{@code tau2020:DIR} TAU Urban Acoustic Scenes 2020 Mobile (DCASE 2021 Task 1A)</li>
 *   <li>{@code esc50:DIR} ESC-50 (test fold from {@link DatasetOptions#testFold()})</li>
 *   <li>{@code folder:DIR} one sub-folder of .wav files per class</li>
 *   <li>{@code builtin:instruments} / {@code builtin:instruments-multi} the synthesised instrument
 *       dataset, rendered into the cache on first use</li>
 *   <li>{@code npy:X.npy,Y.npy[,X_TEST.npy,Y_TEST.npy]} precomputed log-mel features ({@link NpyFeatureDataset})</li>
 *   <li>{@code panns-hdf5:TRAIN.h5[,TEST.h5]} PANNs' packed waveforms ({@link PannsHdf5Dataset})</li>
 * </ul>
 */
public final class Datasets {
    /** The accepted kinds, in the order shown in messages. */
    public static final List<String> KINDS = List.of("tau2020", "esc50", "folder", "builtin", "npy", "panns-hdf5");

    private Datasets() {
    }

    /**
     * The folder a {@code KIND:PATH} value points at, for the output checks ({@code null} for the
     * built-in datasets, which live in the cache, and for values that are not {@code KIND:PATH}).
     */
    public static Path folder(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1 || spec.startsWith("builtin:")) {
            return null;
        }
        return Path.of(spec.substring(colon + 1));
    }

    /**
     * {@code spec} with every path made absolute, so that it names the same files from any working
     * folder (another process, an executor on another host that mounts them at the same place).
     * A malformed spec is returned as it is: {@link #open} reports it.
     */
    public static String absolute(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || spec.startsWith("builtin:")) {
            return spec;
        }
        String[] paths = spec.substring(colon + 1).split(",", -1); // npy and panns-hdf5 take several files
        StringBuilder out = new StringBuilder(spec.substring(0, colon + 1));
        for (int i = 0; i < paths.length; i++) {
            out.append(i == 0 ? "" : ",").append(paths[i].isEmpty() ? "" : Path.of(paths[i]).toAbsolutePath().normalize());
        }
        return out.toString();
    }

    /**
     * Opens (and for {@code builtin}, renders if needed) the dataset named by {@code spec}.
     *
     * @throws AudioPruneException with a one-line message for a malformed spec, an unknown kind,
     *                             a missing folder or bad metadata
     */
    public static AudioDataset open(String spec, DatasetOptions options) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new AudioPruneException("--dataset must be KIND:PATH with KIND one of "
                    + String.join(", ", KINDS) + ", got '" + spec + "'");
        }
        String kind = spec.substring(0, colon);
        String rest = spec.substring(colon + 1);
        if (kind.equals("builtin")) {
            return InstrumentDataset.open(spec, InstrumentVariant.byName(rest), options);
        }
        if (kind.equals("npy") || kind.equals("panns-hdf5")) { // files, not folders
            return kind.equals("npy") ? NpyFeatureDataset.open(spec, rest, options) : PannsHdf5Dataset.open(spec, rest, options);
        }
        if (!KINDS.contains(kind)) {
            throw new AudioPruneException("--dataset: unknown kind '" + kind + "' in '" + spec + "' (use one of "
                    + String.join(", ", KINDS) + ")");
        }
        Path dir = Path.of(rest);
        if (!Files.isDirectory(dir)) {
            throw new AudioPruneException("--dataset " + spec + ": folder " + dir + " does not exist");
        }
        return switch (kind) {
            case "tau2020" -> Tau2020Layout.open(spec, dir, options);
            case "esc50" -> Esc50Layout.open(spec, dir, options);
            default -> FolderLayout.open(spec, dir, options);
        };
    }
}
