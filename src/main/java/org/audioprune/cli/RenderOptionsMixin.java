package org.audioprune.cli;

import java.nio.file.Path;
import org.audioprune.data.DatasetOptions;
import picocli.CommandLine.Option;

/** The options that shape the built-in dataset (and, for {@code --seed}, every seeded split). */
public final class RenderOptionsMixin {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_SEED,
            description = "Seed of the validation carve and of the built-in dataset's notes and splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--clips-per-class", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_CLIPS_PER_CLASS,
            description = "Built-in dataset: clips per instrument family; instruments-multi renders this many times the number of families (default: ${DEFAULT-VALUE}).")
    int clipsPerClass;

    @Option(names = "--clip-seconds", paramLabel = "S", defaultValue = "" + DatasetOptions.DEFAULT_CLIP_SECONDS,
            description = "Built-in dataset: length of each clip in seconds (default: ${DEFAULT-VALUE}).")
    double clipSeconds;

    @Option(names = "--soundfont", paramLabel = "FILE",
            description = "Built-in dataset: render with this .sf2/.dls soundbank instead of AudioPrune's shipped one (Gervill's emergency General MIDI bank, generated reproducibly).")
    Path soundfont;

    /** {@code base} with these options applied. */
    DatasetOptions applyTo(DatasetOptions base) {
        return base.withSeed(seed).withClipsPerClass(clipsPerClass).withClipSeconds(clipSeconds).withSoundfont(soundfont);
    }
}
