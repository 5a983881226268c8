package org.audioprune.data;

import java.nio.file.Path;
import org.audioprune.AudioPruneException;

/**
 * Everything that changes how a dataset is opened or rendered, besides its {@code KIND:PATH}.
 *
 * @param seed               seeds the validation carve (all layouts) and the built-in renderer
 * @param validationFraction share of training clips moved to validation (tau2020, esc50, folder)
 * @param testFold           ESC-50 fold used as the test split (1..5)
 * @param testFraction       share of clips carved as test for a {@code folder} dataset without
 *                           {@code train/} and {@code test/} sub-folders
 * @param clipsPerClass      built-in dataset: clips per class (multi-label: clips = this × families)
 * @param clipSeconds        built-in dataset: length of each rendered clip
 * @param soundfont          built-in dataset: a {@code .sf2}/{@code .dls} file, or {@code null} for the
 *                           shipped soundbank (Gervill's emergency bank with seeded phases)
 * @param cacheRoot          root of rendered datasets and cached features
 * @param ignoreDuplicateRows a clip listed twice, identically, in one metadata file is used once
 *                           instead of being an error
 */
public record DatasetOptions(long seed, double validationFraction, int testFold, double testFraction,
        int clipsPerClass, double clipSeconds, Path soundfont, Path cacheRoot, boolean ignoreDuplicateRows) {

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    public static final int DEFAULT_TEST_FOLD = 5;
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    public static final int DEFAULT_CLIPS_PER_CLASS = 200;
    public static final double DEFAULT_CLIP_SECONDS = 1.0;

    public DatasetOptions {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new AudioPruneException("--validation-fraction must be in [0, 1), got " + validationFraction);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new AudioPruneException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (testFold < 1 || testFold > 5) {
            throw new AudioPruneException("--test-fold must be 1..5, got " + testFold);
        }
        if (clipsPerClass < 3) {
            throw new AudioPruneException("--clips-per-class must be at least 3 (one per split), got "
                    + clipsPerClass);
        }
        if (!(clipSeconds >= 0.1 && clipSeconds <= 30)) {
            throw new AudioPruneException("--clip-seconds must be in [0.1, 30], got " + clipSeconds);
        }
        if (cacheRoot == null) {
            cacheRoot = defaultCacheRoot();
        }
    }

    /** Defaults for every option; the cache root comes from {@link #defaultCacheRoot()}. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(DEFAULT_SEED, DEFAULT_VALIDATION_FRACTION, DEFAULT_TEST_FOLD,
                DEFAULT_TEST_FRACTION, DEFAULT_CLIPS_PER_CLASS, DEFAULT_CLIP_SECONDS, null, null, false);
    }

    /** {@code $AUDIOPRUNE_CACHE} if set, else {@code ~/.cache/audioprune}. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("AUDIOPRUNE_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "audioprune");
    }

    public DatasetOptions withSeed(long value) {
        return new DatasetOptions(value, validationFraction, testFold, testFraction, clipsPerClass,
                clipSeconds, soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withValidationFraction(double value) {
        return new DatasetOptions(seed, value, testFold, testFraction, clipsPerClass, clipSeconds,
                soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withTestFold(int value) {
        return new DatasetOptions(seed, validationFraction, value, testFraction, clipsPerClass,
                clipSeconds, soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withTestFraction(double value) {
        return new DatasetOptions(seed, validationFraction, testFold, value, clipsPerClass, clipSeconds,
                soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withClipsPerClass(int value) {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, value, clipSeconds,
                soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withClipSeconds(double value) {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, clipsPerClass, value,
                soundfont, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withSoundfont(Path value) {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, clipsPerClass,
                clipSeconds, value, cacheRoot, ignoreDuplicateRows);
    }

    public DatasetOptions withIgnoreDuplicateRows(boolean value) {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, clipsPerClass, clipSeconds,
                soundfont, cacheRoot, value);
    }

    public DatasetOptions withCacheRoot(Path value) {
        return new DatasetOptions(seed, validationFraction, testFold, testFraction, clipsPerClass,
                clipSeconds, soundfont, value, ignoreDuplicateRows);
    }
}
