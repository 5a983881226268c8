package org.audioprune;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Tiny labelled test clips: by default 0.2 s of a noisy tone at 44.1 kHz, 16-bit mono. */
public final class ToneWav {
    private ToneWav() {
    }

    public static void write(Path file, double hz, long seed) throws IOException {
        write(file, hz, seed, 44100, 0.2);
    }

    /** A noisy tone of {@code seconds} at {@code rate} Hz, 16-bit mono. */
    public static void write(Path file, double hz, long seed, int rate, double seconds) throws IOException {
        int n = (int) Math.round(rate * seconds);
        Random r = new Random(seed);
        byte[] pcm = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            double v = 0.4 * Math.sin(2 * Math.PI * hz * i / rate) + 0.05 * r.nextGaussian();
            int s = (int) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        Files.createDirectories(file.getParent());
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), n),
                AudioFileFormat.Type.WAVE, file.toFile());
    }

    /** A {@code folder:} dataset of two classes, "low" (200 Hz) and "high" (6 kHz), {@code perClass} clips each. */
    public static String twoClassFolder(Path dir, int perClass) throws IOException {
        return twoClassFolder(dir, perClass, 44100, 0.2);
    }

    /** The same with clips of {@code seconds} at {@code rate} Hz. */
    public static String twoClassFolder(Path dir, int perClass, int rate, double seconds) throws IOException {
        for (int i = 0; i < perClass; i++) {
            write(dir.resolve("low/" + i + ".wav"), 200, i, rate, seconds);
            write(dir.resolve("high/" + i + ".wav"), 6000, 100 + i, rate, seconds);
        }
        return "folder:" + dir;
    }
}
