package org.audioprune.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.AudioPruneException;

/**
 * Class names for data and networks that come without them: numbered names, or a label file —
 * AudioSet's {@code class_labels_indices.csv} as PANNs ships it in {@code metadata/} (columns
 * {@code index,mid,display_name}, the display name quoted when it holds a comma), or a plain text
 * file with one name per line.
 */
public final class ClassNames {
    /** The file name PANNs and AudioSet use for the label list. */
    public static final String AUDIOSET_FILE = "class_labels_indices.csv";
    /** AudioSet's class count. */
    public static final int AUDIOSET_CLASSES = 527;

    private ClassNames() {
    }

    /** {@code class_0} … {@code class_<n-1>}. */
    public static List<String> numbered(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add("class_" + i);
        }
        return out;
    }

    /**
     * The {@code expected} names in {@code file}.
     *
     * @throws AudioPruneException naming the file and line for a missing file, a malformed row, a
     *                             duplicate name or a count other than {@code expected}
     */
    public static List<String> read(Path file, int expected) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(file + ": no such label file");
        } catch (IOException e) {
            throw new AudioPruneException(file + ": cannot read label file: " + e.getMessage());
        }
        boolean csv = !lines.isEmpty() && lines.get(0).strip().replace("\uFEFF", "").equals("index,mid,display_name");
        List<String> names = new ArrayList<>();
        for (int i = csv ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String name = line;
            if (csv) {
                int a = line.indexOf(',');
                int b = a < 0 ? -1 : line.indexOf(',', a + 1);
                if (b < 0 || !line.substring(0, a).equals(Integer.toString(names.size()))) {
                    throw new AudioPruneException(file + ": line " + (i + 1) + " is not 'index,mid,display_name' with index "
                            + names.size());
                }
                name = line.substring(b + 1).strip();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
                }
            }
            if (names.contains(name)) {
                throw new AudioPruneException(file + ": line " + (i + 1) + ": class name '" + name + "' appears twice");
            }
            names.add(name);
        }
        if (names.size() != expected) {
            throw new AudioPruneException(file + ": " + names.size() + " class names, expected " + expected);
        }
        return names;
    }

    /**
     * AudioSet's names from {@code labels} (or, when that is {@code null}, a {@link #AUDIOSET_FILE}
     * in {@code folder} if there is one) when there are 527 classes, else numbered names.
     */
    public static List<String> forCount(int n, Path labels, Path folder) {
        if (labels != null) {
            return read(labels, n);
        }
        Path beside = folder == null ? null : folder.resolve(AUDIOSET_FILE);
        if (n == AUDIOSET_CLASSES && beside != null && Files.isRegularFile(beside)) {
            return read(beside, n);
        }
        return numbered(n);
    }
}
