package org.audioprune.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.audioprune.AudioPruneException;

/**
 * ESC-50 layout: {@code meta/esc50.csv} (comma-separated, header
 * {@code filename,fold,target,category,esc10,src_file,take}) and {@code audio/}. One fold is the
 * test split; class index = {@code target}, class name = {@code category}.
 */
final class Esc50Layout {
    private record Row(String filename, int fold, int target, String srcFile, TableFile.Row row) {
    }

    private Esc50Layout() {
    }

    static AudioDataset open(String spec, Path dir, DatasetOptions options) {
        TableFile table = TableFile.read(dir.resolve("meta").resolve("esc50.csv"), ',',
                "filename", "fold", "target", "category", "src_file");
        int fn = table.column("filename");
        int fo = table.column("fold");
        int ta = table.column("target");
        int ca = table.column("category");
        int sf = table.column("src_file");
        TreeMap<Integer, String> categories = new TreeMap<>();
        List<Row> rows = new ArrayList<>();
        for (TableFile.Row row : table.distinctRows("filename", options.ignoreDuplicateRows())) {
            String[] f = row.fields();
            int fold = integer(table, row, "fold", f[fo]);
            int target = integer(table, row, "target", f[ta]);
            if (fold < 1 || fold > 5) {
                throw table.error(row, "fold must be 1..5, got " + fold);
            }
            if (target < 0) {
                throw table.error(row, "target must be >= 0, got " + target);
            }
            String known = categories.putIfAbsent(target, f[ca]);
            if (known != null && !known.equals(f[ca])) {
                throw table.error(row, "target " + target + " is category '" + known + "' earlier, '" + f[ca] + "' here");
            }
            rows.add(new Row(f[fn], fold, target, f[sf], row));
        }
        List<String> classNames = new ArrayList<>();
        int lastTarget = categories.isEmpty() ? -1 : categories.lastKey();
        for (int i = 0; i <= lastTarget; i++) {
            if (!categories.containsKey(i)) {
                throw new AudioPruneException(table.file() + ": no row has target " + i
                        + " (targets must run 0.." + lastTarget + " without gaps)");
            }
            classNames.add(categories.get(i));
        }
        List<Clip> train = new ArrayList<>();
        List<Clip> test = new ArrayList<>();
        Map<String, String> sourceOf = new TreeMap<>();
        for (Row r : rows) {
            Path audio = dir.resolve("audio").resolve(r.filename());
            if (!Files.isRegularFile(audio)) {
                throw table.error(r.row(), "audio file " + audio + " does not exist");
            }
            Clip clip = new Clip(r.filename(), audio, List.of(r.target()), null);
            sourceOf.put(r.filename(), r.srcFile());
            (r.fold() == options.testFold() ? test : train).add(clip);
        }
        if (test.isEmpty()) {
            throw new AudioPruneException(table.file() + ": no clips in test fold "
                    + options.testFold() + " (--test-fold)");
        }
        for (int c = 0; c < classNames.size(); c++) {
            int label = c;
            if (train.stream().noneMatch(clip -> clip.labels().get(0) == label)) {
                throw new AudioPruneException(table.file() + ": category '" + classNames.get(c) + "' (target " + c
                        + ") has no clip outside test fold " + options.testFold() + ", so nothing to train it on");
            }
        }
        // clips cut from one source recording stay on one side, as in the official folds
        SplitCarver.Parts parts = SplitCarver.carve(train, c -> sourceOf.get(c.id()), true,
                options.validationFraction(), options.seed());
        return new ListedDataset(spec, classNames, false, parts.kept(), parts.carved(), test);
    }

    private static int integer(TableFile table, TableFile.Row row, String column, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw table.error(row, column + " is not an integer: '" + value + "'");
        }
    }
}
