package org.audioprune.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One labelled audio file.
 *
 * @param id     stable identifier, unique within the dataset (e.g. the relative path)
 * @param audio  the WAV file
 * @param labels class indices into {@link AudioDataset#classNames()}; one for single-label data
 * @param device recording device (TAU), or {@code null} where the layout has none
 */
public record Clip(String id, Path audio, List<Integer> labels, String device) {
    public Clip {
        labels = List.copyOf(labels);
    }
}
