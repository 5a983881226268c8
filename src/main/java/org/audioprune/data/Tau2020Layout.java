package org.audioprune.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.audioprune.AudioPruneException;

/**
 * TAU Urban Acoustic Scenes 2020 Mobile (DCASE 2021 Task 1A) development layout: {@code meta.csv},
 * {@code evaluation_setup/fold1_train.csv} (training) and {@code fold1_evaluate.csv} (test), all
 * tab-separated with a header; file names are relative to the dataset folder.
 */
final class Tau2020Layout {
    private record Meta(String scene, String identifier, String device) {
    }

    private Tau2020Layout() {
    }

    static AudioDataset open(String spec, Path dir, DatasetOptions options) {
        TableFile metaFile = TableFile.read(dir.resolve("meta.csv"), '\t',
                "filename", "scene_label", "identifier", "source_label");
        Map<String, Meta> meta = new HashMap<>();
        TreeSet<String> scenes = new TreeSet<>();
        int fn = metaFile.column("filename");
        int sc = metaFile.column("scene_label");
        int id = metaFile.column("identifier");
        int src = metaFile.column("source_label");
        for (TableFile.Row row : metaFile.distinctRows("filename", options.ignoreDuplicateRows())) {
            String[] f = row.fields();
            if (f[fn].isEmpty() || f[sc].isEmpty()) {
                throw metaFile.error(row, "empty filename or scene_label");
            }
            meta.put(f[fn], new Meta(f[sc], f[id], f[src]));
            scenes.add(f[sc]);
        }
        List<String> classNames = List.copyOf(scenes);
        Path setup = dir.resolve("evaluation_setup");
        Path trainList = setup.resolve("fold1_train.csv");
        Map<String, Integer> trainLines = new HashMap<>();
        List<Clip> train = readFold(trainList, dir, meta, classNames, options, trainLines, null);
        for (int c = 0; c < classNames.size(); c++) {
            int label = c;
            if (train.stream().noneMatch(clip -> clip.labels().get(0) == label)) {
                throw new AudioPruneException(trainList + ": scene '" + classNames.get(c) + "' (in meta.csv) has no "
                        + "training clip, so the network could not learn it");
            }
        }
        List<Clip> test = readFold(setup.resolve("fold1_evaluate.csv"), dir, meta, classNames, options, null,
                trainLines);
        // clips of one recording (identifier = location + recording) stay on one side
        SplitCarver.Parts parts = SplitCarver.carve(train, c -> meta.get(c.id()).identifier(), true,
                options.validationFraction(), options.seed());
        return new ListedDataset(spec, classNames, false, parts.kept(), parts.carved(), test);
    }

    /**
     * The clips of one fold list; {@code lines} (if given) collects each file's line, and a file found
     * in {@code trainLines} (if given) is test leakage.
     */
    private static List<Clip> readFold(Path csv, Path dir, Map<String, Meta> meta, List<String> classNames,
            DatasetOptions options, Map<String, Integer> lines, Map<String, Integer> trainLines) {
        TableFile table = TableFile.read(csv, '\t', "filename", "scene_label");
        int fn = table.column("filename");
        int sc = table.column("scene_label");
        List<Clip> clips = new ArrayList<>();
        for (TableFile.Row row : table.distinctRows("filename", options.ignoreDuplicateRows())) {
            String name = row.fields()[fn];
            String scene = row.fields()[sc];
            if (trainLines != null && trainLines.containsKey(name)) {
                throw table.error(row, "'" + name + "' is also a training clip (fold1_train.csv:" + trainLines.get(name)
                        + "): a clip in both splits leaks the test set into training");
            }
            if (lines != null) {
                lines.put(name, row.line());
            }
            int label = classNames.indexOf(scene);
            if (label < 0) {
                throw table.error(row, "unknown scene label '" + scene + "' (not in meta.csv)");
            }
            Meta m = meta.get(name);
            if (m == null) {
                throw table.error(row, "file '" + name + "' is not listed in meta.csv");
            }
            if (!m.scene().equals(scene)) {
                throw table.error(row, "scene label '" + scene + "' of '" + name + "' disagrees with meta.csv ('"
                        + m.scene() + "')");
            }
            Path audio = dir.resolve(name);
            if (!Files.isRegularFile(audio)) {
                throw table.error(row, "audio file " + audio + " does not exist");
            }
            clips.add(new Clip(name, audio, List.of(label), m.device()));
        }
        return clips;
    }
}
