package org.audioprune.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.AudioPruneException;

/**
 * An {@link AudioDataset} whose splits are already listed in memory. Checked on construction, for
 * every layout: no clip is in two splits (test leakage): no clip id twice, and no WAV file twice
 * (compared by real path, so a link to a training file counts too; clips of container files, .npy
 * and HDF5, are told apart by id); in single-label data with a training split every class has a
 * training clip. The layouts check their list files first, naming file and line.
 */
final class ListedDataset implements AudioDataset {
    private final String spec;
    private final List<String> classNames;
    private final boolean multiLabel;
    private final Map<Split, List<Clip>> splits = new EnumMap<>(Split.class);

    ListedDataset(String spec, List<String> classNames, boolean multiLabel, List<Clip> train,
            List<Clip> validation, List<Clip> test) {
        this.spec = spec;
        this.classNames = List.copyOf(classNames);
        this.multiLabel = multiLabel;
        splits.put(Split.TRAIN, List.copyOf(train));
        splits.put(Split.VALIDATION, List.copyOf(validation));
        splits.put(Split.TEST, List.copyOf(test));
        Map<Object, Split> seen = new HashMap<>();
        for (Split split : Split.values()) {
            for (Clip c : splits.get(split)) {
                boolean wav = c.audio().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
                for (Object key : wav ? List.of("id:" + c.id(), realPath(c.audio())) : List.of("id:" + c.id())) {
                    Split other = seen.putIfAbsent(key, split);
                    if (other != null) {
                        throw new AudioPruneException("--dataset " + spec + ": clip " + c.id() + " (" + c.audio()
                                + ") is in the " + name(other) + " and the " + name(split) + " split"
                                + (other == split ? " twice" : "") + "; a clip in two splits leaks one into the other");
                    }
                }
            }
        }
        if (!multiLabel && !train.isEmpty()) {
            for (int k = 0; k < classNames.size(); k++) {
                int label = k;
                if (train.stream().noneMatch(c -> c.labels().contains(label))) {
                    throw new AudioPruneException("--dataset " + spec + ": class '" + classNames.get(k)
                            + "' has no training clip, so the network could not learn it");
                }
            }
        }
    }

    private static String name(Split split) {
        return split.name().toLowerCase(Locale.ROOT);
    }

    private static Path realPath(Path audio) {
        try {
            return audio.toRealPath();
        } catch (IOException e) {
            return audio.toAbsolutePath().normalize(); // missing files are reported by the layout
        }
    }

    @Override
    public String spec() {
        return spec;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public boolean multiLabel() {
        return multiLabel;
    }

    @Override
    public List<Clip> clips(Split split) {
        return splits.get(split);
    }

    @Override
    public String toString() {
        return spec;
    }
}
