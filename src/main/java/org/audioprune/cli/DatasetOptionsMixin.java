package org.audioprune.cli;

import org.audioprune.AudioPruneException;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --dataset KIND:PATH} option and everything that shapes how the dataset is opened;
 * commands take it with {@code @Mixin DatasetOptionsMixin dataset;}.
 */
public final class DatasetOptionsMixin {
    @Option(names = "--dataset", paramLabel = "KIND:PATH",
            description = "The dataset: tau2020:DIR (TAU Urban Acoustic Scenes 2020 Mobile), esc50:DIR, folder:DIR (one sub-folder of .wav files per class), builtin:instruments, builtin:instruments-multi or builtin:instruments-hard (synthesised, rendered into the cache on first use), "
                    + "npy:X.npy,Y.npy[,X_TEST.npy,Y_TEST.npy] (precomputed log-mel features (N, mels, frames[, 1]) with class indices or one-hot rows; without the test pair, --test-fraction of the clips is the test split), "
                    + "panns-hdf5:TRAIN.h5[,TEST.h5] (PANNs' packed waveforms, multi-label; without TEST.h5, --test-fraction of the clips is the test split). Validation is always carved from training (--validation-fraction).")
    String dataset;

    @Option(names = "--validation-fraction", paramLabel = "X", defaultValue = "" + DatasetOptions.DEFAULT_VALIDATION_FRACTION,
            description = "Share of training clips held out as validation, stratified by class (tau2020, esc50, folder; default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fold", paramLabel = "K", defaultValue = "" + DatasetOptions.DEFAULT_TEST_FOLD,
            description = "ESC-50 fold used as the test split, 1..5 (default: ${DEFAULT-VALUE}).")
    int testFold;

    @Option(names = "--test-fraction", paramLabel = "X", defaultValue = "" + DatasetOptions.DEFAULT_TEST_FRACTION,
            description = "folder datasets without train/ and test/ sub-folders: share of clips held out as test, stratified by class (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--ignore-duplicate-rows",
            description = "A clip listed twice, identically, in one metadata file (tau2020, esc50) is used once "
                    + "instead of being an error. A repeat with other values, and a clip listed for both training "
                    + "and test, stay errors.")
    boolean ignoreDuplicateRows;

    @Mixin
    RenderOptionsMixin render;

    /** The options as the data package takes them (cache root from AUDIOPRUNE_CACHE). */
    public DatasetOptions options() {
        return render.applyTo(DatasetOptions.defaults().withValidationFraction(validationFraction)
                .withTestFold(testFold).withTestFraction(testFraction).withIgnoreDuplicateRows(ignoreDuplicateRows));
    }

    /** The {@code --dataset} value as given. */
    public String spec() {
        return dataset;
    }

    /** True if {@code --dataset} was given (it is optional for some commands). */
    public boolean given() {
        return dataset != null;
    }

    /** Opens the dataset (rendering the built-in one if needed); a one-line error if none was given. */
    public AudioDataset open() {
        if (dataset == null) {
            throw new AudioPruneException("this command needs --dataset KIND:PATH");
        }
        return Datasets.open(dataset, options());
    }
}
