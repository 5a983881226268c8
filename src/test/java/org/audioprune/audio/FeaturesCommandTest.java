package org.audioprune.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.cli.Main;
import org.audioprune.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeaturesCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesTheLogMelAsFloat32NpyShapedMelsByFrames() throws Exception {
        Path out = dir.resolve("f.npy");
        Path wav = LogMelFrontEndTest.resource("noise_48000_s16.wav");
        assertEquals(0, run("features", "--front-end", "panns", "--input", wav.toString(), "--out", out.toString()));
        NpyArray got = NpyArray.read(out);
        NpyArray ref = NpyArray.read(LogMelFrontEndTest.resource("noise_48000_s16.panns.npy"));
        assertEquals(NpyArray.DType.FLOAT32, got.dtype());
        assertArrayEquals(ref.shape(), got.shape());
        assertArrayEquals(new int[] {64, 41}, got.shape()); // 0.4 s at 32 kHz: 1 + 12800/320 frames
        assertArrayEquals(ref.data(), got.data(), 1e-3);
    }

    @Test
    void defaultFrontEndIsDcase21() throws Exception {
        Path out = dir.resolve("d.npy");
        Path wav = LogMelFrontEndTest.resource("noise_44100_f32.wav");
        assertEquals(0, run("features", "--input", wav.toString(), "--out", out.toString()));
        assertArrayEquals(new int[] {40, 21}, NpyArray.read(out).shape());
    }

    @Test
    void badInputExitsTwoWithOneLineAndLeavesTheOutputAlone() throws Exception {
        Path out = dir.resolve("keep.npy");
        byte[] before = NpyArray.ofFloats(new int[] {2}, new float[] {1, 2}).toBytes();
        Files.write(out, before);
        Path bad = dir.resolve("broken.wav");
        Files.write(bad, new TestWav().fmt(1, 1, 8000, 8).chunk("data", new byte[8]).bytes());
        assertEquals(2, run("features", "--input", bad.toString(), "--out", out.toString()));
        String msg = err.toString().trim();
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.contains(bad.toString()) && msg.contains("8-bit"), msg);
        assertArrayEquals(before, Files.readAllBytes(out));

        err.getBuffer().setLength(0);
        assertEquals(2, run("features", "--input", dir.resolve("nope.wav").toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("nope.wav: no such file"), err.toString());
        assertArrayEquals(before, Files.readAllBytes(out));

        err.getBuffer().setLength(0);
        Path wav = LogMelFrontEndTest.resource("noise_44100_f32.wav");
        assertEquals(2, run("features", "--front-end", "htk", "--input", wav.toString(), "--out", out.toString()));
        assertTrue(err.toString().contains("unknown front end 'htk'"), err.toString());
        assertArrayEquals(before, Files.readAllBytes(out));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }
}
