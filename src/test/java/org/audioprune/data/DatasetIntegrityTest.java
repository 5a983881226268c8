package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 5: datasets that would silently mislead are refused, naming the file and row. On
 * main, a class without training clips, a clip listed for training and test (leakage) and duplicate
 * rows were all accepted.
 */
class DatasetIntegrityTest {
    @TempDir
    Path tmp;

    private static AudioPruneException refused(String spec, DatasetOptions options) {
        return assertThrows(AudioPruneException.class, () -> Datasets.open(spec, options));
    }

    private static void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
    }

    @Test
    void aDuplicateRowIsAnErrorUnlessTheUserChoosesToUseEachClipOnce() throws IOException {
        Path tau = Fixtures.tau2020(tmp.resolve("tau"));
        Path list = tau.resolve("evaluation_setup/fold1_train.csv");
        List<String> rows = Files.readAllLines(list);
        append(list, rows.get(3));
        String spec = "tau2020:" + tau;
        AudioPruneException e = refused(spec, DatasetOptions.defaults());
        assertEquals(list + ":" + (rows.size() + 1) + ": filename '" + rows.get(3).split("\t")[0]
                + "' is listed again (first at line 4); pass --ignore-duplicate-rows to use each clip once", e.getMessage());
        AudioDataset ds = Datasets.open(spec, DatasetOptions.defaults().withIgnoreDuplicateRows(true));
        int clips = ds.clips(Split.TRAIN).size() + ds.clips(Split.VALIDATION).size();
        assertEquals(Fixtures.TAU_SCENES.size() * Fixtures.TAU_TRAIN_PER_SCENE, clips, "the repeat is used once");

        CliRun info = CliRun.of("dataset", "info", "--dataset", spec);
        assertEquals(2, info.code());
        assertEquals(1, info.err().strip().lines().count(), info.err());
        assertEquals(0, CliRun.of("dataset", "info", "--dataset", spec, "--ignore-duplicate-rows").code());
    }

    @Test
    void aRepeatWithOtherValuesIsAlwaysAnError() throws IOException {
        Path tau = Fixtures.tau2020(tmp.resolve("tau"));
        Path meta = tau.resolve("meta.csv");
        String[] first = Files.readAllLines(meta).get(1).split("\t");
        append(meta, first[0] + "\tpark\t" + first[2] + "\t" + first[3]);
        AudioPruneException e = refused("tau2020:" + tau, DatasetOptions.defaults().withIgnoreDuplicateRows(true));
        assertTrue(e.getMessage().startsWith(meta + ":") && e.getMessage().contains("listed again with other values "
                + "(first at line 2)"), e.getMessage());
    }

    @Test
    void aClipListedForTrainingAndTestIsLeakage() throws IOException {
        Path tau = Fixtures.tau2020(tmp.resolve("tau"));
        Path test = tau.resolve("evaluation_setup/fold1_evaluate.csv");
        String trainRow = Files.readAllLines(tau.resolve("evaluation_setup/fold1_train.csv")).get(5);
        append(test, trainRow);
        int line = Files.readAllLines(test).size();
        AudioPruneException e = refused("tau2020:" + tau, DatasetOptions.defaults().withIgnoreDuplicateRows(true));
        assertEquals(test + ":" + line + ": '" + trainRow.split("\t")[0] + "' is also a training clip "
                + "(fold1_train.csv:6): a clip in both splits leaks the test set into training", e.getMessage());
    }

    @Test
    void aLinkFromTheTestFolderToATrainingFileIsLeakageToo() throws IOException {
        Path root = tmp.resolve("f");
        for (String split : List.of("train", "test")) {
            for (String c : List.of("a", "b")) {
                for (int i = 0; i < 3; i++) {
                    Fixtures.wav(root.resolve(split + "/" + c + "/" + i + ".wav"), 8000, 0.1, 300);
                }
            }
        }
        Files.createSymbolicLink(root.resolve("test/b/copy.wav"), root.resolve("train/b/1.wav"));
        AudioPruneException e = refused("folder:" + root, DatasetOptions.defaults());
        assertTrue(e.getMessage().contains("copy.wav) is in the") && e.getMessage().contains("and the test split"),
                e.getMessage());
    }

    @Test
    void aClassWithoutTrainingClipsNamesTheFile() throws IOException {
        Path tau = Fixtures.tau2020(tmp.resolve("tau"));
        Path list = tau.resolve("evaluation_setup/fold1_train.csv");
        List<String> kept = new ArrayList<>(Files.readAllLines(list).stream().filter(l -> !l.contains("\tmetro")).toList());
        Files.write(list, kept);
        AudioPruneException e = refused("tau2020:" + tau, DatasetOptions.defaults());
        assertEquals(list + ": scene 'metro' (in meta.csv) has no training clip, so the network could not learn it",
                e.getMessage());

        Path esc = Fixtures.esc50(tmp.resolve("esc"));
        Path csv = esc.resolve("meta/esc50.csv");
        // every 'rain' clip moved into fold 5, the test fold
        List<String> moved = Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",");
            if (f[3].equals("rain")) {
                f[1] = "5";
            }
            return String.join(",", f);
        }).toList();
        Files.write(csv, moved);
        AudioPruneException e2 = refused("esc50:" + esc, DatasetOptions.defaults());
        assertEquals(csv + ": category 'rain' (target 1) has no clip outside test fold 5, so nothing to train it on",
                e2.getMessage());

        append(csv, moved.get(1));
        assertTrue(refused("esc50:" + esc, DatasetOptions.defaults()).getMessage().contains("is listed again"));
    }
}
