package org.audioprune.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Tiny datasets in each layout, written with the JDK's own WAV writer. */
final class Fixtures {
    static final List<String> TAU_SCENES = List.of("airport", "metro", "park");
    /** Per scene: 3 recordings (identifiers) of 3 training clips each; 2 test clips. */
    static final int TAU_TRAIN_PER_SCENE = 9;
    static final int TAU_TEST_PER_SCENE = 2;
    static final List<String> ESC_CATEGORIES = List.of("dog", "rain", "crow");
    /** Per category and fold. */
    static final int ESC_PER_FOLD = 2;
    static final List<String> FOLDER_CLASSES = List.of("bird", "car", "wind");
    static final int FOLDER_PER_CLASS = 5;

    private Fixtures() {
    }

    /** A 16-bit mono sine WAV. */
    static void wav(Path file, int sampleRate, double seconds, double hz) throws IOException {
        int n = (int) Math.round(seconds * sampleRate);
        byte[] pcm = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            int s = (int) Math.round(0.5 * Math.sin(2 * Math.PI * hz * i / sampleRate) * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        Files.createDirectories(file.getParent());
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, n), AudioFileFormat.Type.WAVE,
                file.toFile());
    }

    static Path tau2020(Path dir) throws IOException {
        List<String> meta = new ArrayList<>(List.of("filename\tscene_label\tidentifier\tsource_label"));
        List<String> train = new ArrayList<>(List.of("filename\tscene_label"));
        List<String> test = new ArrayList<>(List.of("filename\tscene_label"));
        String[] devices = {"a", "b", "s1"};
        for (String scene : TAU_SCENES) {
            for (int rec = 0; rec < 3; rec++) {
                for (int seg = 0; seg < 3; seg++) {
                    String name = "audio/" + scene + "-lisbon-" + rec + "-" + seg + "-" + devices[seg] + ".wav";
                    meta.add(name + "\t" + scene + "\tlisbon-" + rec + "\t" + devices[seg]);
                    train.add(name + "\t" + scene);
                    wav(dir.resolve(name), 8000, 0.2, 440);
                }
            }
            for (int k = 0; k < TAU_TEST_PER_SCENE; k++) {
                String name = "audio/" + scene + "-vienna-9-" + k + "-a.wav";
                meta.add(name + "\t" + scene + "\tvienna-9\ta");
                test.add(name + "\t" + scene);
                wav(dir.resolve(name), 8000, 0.2, 440);
            }
        }
        Files.write(dir.resolve("meta.csv"), meta);
        Files.createDirectories(dir.resolve("evaluation_setup"));
        Files.write(dir.resolve("evaluation_setup/fold1_train.csv"), train);
        Files.write(dir.resolve("evaluation_setup/fold1_evaluate.csv"), test);
        return dir;
    }

    static Path esc50(Path dir) throws IOException {
        List<String> meta = new ArrayList<>(List.of("filename,fold,target,category,esc10,src_file,take"));
        for (int fold = 1; fold <= 5; fold++) {
            for (int target = 0; target < ESC_CATEGORIES.size(); target++) {
                for (int k = 0; k < ESC_PER_FOLD; k++) {
                    String src = "" + (1000 + fold * 100 + target * 10 + k);
                    String name = fold + "-" + src + "-A-" + target + ".wav";
                    meta.add(name + "," + fold + "," + target + "," + ESC_CATEGORIES.get(target) + ",False," + src + ",A");
                    wav(dir.resolve("audio").resolve(name), 8000, 0.2, 300 + 100 * target);
                }
            }
        }
        Files.createDirectories(dir.resolve("meta"));
        Files.write(dir.resolve("meta/esc50.csv"), meta);
        return dir;
    }

    static Path folder(Path dir) throws IOException {
        for (String c : FOLDER_CLASSES) {
            for (int k = 0; k < FOLDER_PER_CLASS; k++) {
                wav(dir.resolve(c).resolve(c + k + ".wav"), 8000, 0.2, 500);
            }
            Files.writeString(dir.resolve(c).resolve("notes.txt"), "not audio");
        }
        return dir;
    }
}
