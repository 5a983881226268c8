package org.audioprune.cli;

import java.nio.file.Path;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import picocli.CommandLine.Option;

/** The {@code --dataset KIND:PATH} option and everything that shapes how the dataset is opened. */
public final class DatasetOptionsMixin {
    @Option(names = "--dataset", required = true, paramLabel = "KIND:PATH",
            description = "Dataset to use: tau2020:DIR (TAU Urban Acoustic Scenes 2020 Mobile), esc50:DIR, folder:DIR (one sub-folder of .wav files per class), builtin:instruments or builtin:instruments-multi (synthesised, rendered into the cache on first use).")
    String dataset;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_SEED,
            description = "Seed of the validation carve and of the built-in renderer (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "" + DatasetOptions.DEFAULT_VALIDATION_FRACTION,
            description = "Share of training clips held out as validation, stratified by class (tau2020, esc50, folder; default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fold", paramLabel = "K", defaultValue = "" + DatasetOptions.DEFAULT_TEST_FOLD,
            description = "ESC-50 fold used as the test split, 1..5 (default: ${DEFAULT-VALUE}).")
    int testFold;

    @Option(names = "--test-fraction", paramLabel = "X", defaultValue = "" + DatasetOptions.DEFAULT_TEST_FRACTION,
            description = "folder datasets without train/ and test/ sub-folders: share of clips held out as test, stratified by class (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--clips-per-class", paramLabel = "N", defaultValue = "" + DatasetOptions.DEFAULT_CLIPS_PER_CLASS,
            description = "Built-in dataset: clips per instrument family (default: ${DEFAULT-VALUE}).")
    int clipsPerClass;

    @Option(names = "--clip-seconds", paramLabel = "S", defaultValue = "" + DatasetOptions.DEFAULT_CLIP_SECONDS,
            description = "Built-in dataset: length of each clip in seconds (default: ${DEFAULT-VALUE}).")
    double clipSeconds;

    @Option(names = "--soundfont", paramLabel = "FILE",
            description = "Built-in dataset: render with this .sf2/.dls soundbank instead of the JDK's default (Gervill's emergency soundbank); needs the JVM option --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED in AUDIOPRUNE_JAVA_OPTS.")
    Path soundfont;

    /** The options as the data package takes them (cache root from AUDIOPRUNE_CACHE). */
    public DatasetOptions options() {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, clipsPerClass, clipSeconds,
                soundfont, null);
    }

    /** The {@code --dataset} value as given. */
    public String spec() {
        return dataset;
    }

    /** Opens the dataset (rendering the built-in one if needed). */
    public AudioDataset open() {
        return Datasets.open(dataset, options());
    }
}
