package org.audioprune.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;

/**
 * One sub-folder per class holding {@code .wav} files (class names sorted). If the folder instead
 * holds {@code train/} and {@code test/} (each with class sub-folders) those are the splits;
 * otherwise a seeded, stratified share ({@link DatasetOptions#testFraction()}) becomes the test split.
 */
final class FolderLayout {
    private FolderLayout() {
    }

    static AudioDataset open(String spec, Path dir, DatasetOptions options) {
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        List<Clip> train;
        List<Clip> test;
        List<String> classNames;
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            classNames = subfolders(trainDir);
            List<String> testClasses = subfolders(testDir);
            for (String c : testClasses) {
                if (!classNames.contains(c)) {
                    throw new AudioPruneException(testDir.resolve(c) + ": unknown class '" + c
                            + "' (no such folder under " + trainDir + ")");
                }
            }
            train = clips(trainDir, classNames, classNames, "train/");
            test = clips(testDir, testClasses, classNames, "test/");
        } else {
            classNames = subfolders(dir);
            List<Clip> all = clips(dir, classNames, classNames, "");
            SplitCarver.Parts parts = SplitCarver.carve(all, Clip::id, true, options.testFraction(),
                    options.seed() ^ SplitCarver.TEST_SEED_SALT);
            train = parts.kept();
            test = parts.carved();
        }
        SplitCarver.Parts parts = SplitCarver.carve(train, Clip::id, true, options.validationFraction(),
                options.seed());
        return new ListedDataset(spec, classNames, false, parts.kept(), parts.carved(), test);
    }

    /** The .wav files of the class folders {@code present} under {@code root}, labelled by {@code classNames}. */
    private static List<Clip> clips(Path root, List<String> present, List<String> classNames, String idPrefix) {
        List<Clip> clips = new ArrayList<>();
        for (String name : present) {
            int label = classNames.indexOf(name);
            List<Path> wavs = list(root.resolve(name)).stream()
                    .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .toList();
            if (wavs.isEmpty()) {
                throw new AudioPruneException(root.resolve(name) + ": class folder has no .wav files");
            }
            for (Path wav : wavs) {
                clips.add(new Clip(idPrefix + name + "/" + wav.getFileName(), wav, List.of(label), null));
            }
        }
        return clips;
    }

    private static List<String> subfolders(Path dir) {
        List<String> names = list(dir).stream()
                .filter(Files::isDirectory)
                .map(p -> p.getFileName().toString())
                .filter(n -> !n.startsWith("."))
                .toList();
        if (names.isEmpty()) {
            throw new AudioPruneException(dir + ": no class sub-folders");
        }
        return names;
    }

    /** Entries of {@code dir}, sorted by name. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new AudioPruneException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }
}
