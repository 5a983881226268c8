package org.audioprune.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void pcm16StereoIsAveraged() throws IOException {
        // left 16384/32768 = 0.5, right -8192/32768 = -0.25 -> mean 0.125; then -1.0 and +1.0 -> 0
        byte[] wav = new TestWav().fmt(1, 2, 8000, 16)
                .chunk("data", TestWav.pcm16((short) 16384, (short) -8192, (short) -32768, (short) 32767)).bytes();
        WavReader.MonoAudio a = WavReader.readMono(write("s16.wav", wav));
        assertEquals(8000, a.sampleRate());
        assertEquals(2, a.channels());
        assertArrayEquals(new double[] {0.125, (-32768 + 32767) / 2.0 / 32768}, a.samples(), 1e-15);
    }

    @Test
    void pcm24IsSignExtended() throws IOException {
        byte[] wav = new TestWav().fmt(1, 1, 44100, 24)
                .chunk("data", TestWav.pcm24(0x400000, -8388608, -1, 8388607)).bytes();
        double[] s = WavReader.readMono(write("s24.wav", wav)).samples();
        assertArrayEquals(new double[] {0.5, -1.0, -1.0 / 8388608, 8388607.0 / 8388608}, s, 0);
    }

    @Test
    void pcm32IntegerIsScaledBy2To31() throws IOException {
        byte[] wav = new TestWav().fmt(1, 1, 32000, 32)
                .chunk("data", TestWav.pcm32(1 << 30, Integer.MIN_VALUE, -(1 << 29))).bytes();
        assertArrayEquals(new double[] {0.5, -1.0, -0.25},
                WavReader.readMono(write("s32.wav", wav)).samples(), 0);
    }

    @Test
    void float32AndFloat64AreReadAsIs() throws IOException {
        byte[] f32 = new TestWav().fmt(3, 1, 48000, 32).chunk("data", TestWav.float32(0.3f, -0.7f)).bytes();
        assertArrayEquals(new double[] {0.3f, -0.7f}, WavReader.readMono(write("f32.wav", f32)).samples(), 0);
        byte[] f64 = new TestWav().fmt(3, 1, 48000, 64).chunk("data", TestWav.float64(0.3, -0.7)).bytes();
        assertArrayEquals(new double[] {0.3, -0.7}, WavReader.readMono(write("f64.wav", f64)).samples(), 0);
    }

    @Test
    void extensibleFormatsUseTheSubFormat() throws IOException {
        byte[] pcm = new TestWav().fmtExtensible(1, 3, 22050, 24)
                .chunk("data", TestWav.pcm24(0x400000, 0x200000, 0, -0x400000, 0, 0x100000)).bytes();
        WavReader.MonoAudio a = WavReader.readMono(write("ext24.wav", pcm));
        assertEquals(22050, a.sampleRate());
        assertArrayEquals(new double[] {0.75 / 3, -0.375 / 3}, a.samples(), 1e-15);
        byte[] flt = new TestWav().fmtExtensible(3, 1, 16000, 32).chunk("data", TestWav.float32(0.25f)).bytes();
        assertArrayEquals(new double[] {0.25}, WavReader.readMono(write("extf.wav", flt)).samples(), 0);
    }

    @Test
    void unknownAndOddSizedChunksAreSkipped() throws IOException {
        byte[] wav = new TestWav()
                .chunk("JUNK", new byte[] {1, 2, 3})               // odd size: pad byte follows
                .fmt(1, 1, 8000, 16)
                .chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 9})  // odd again
                .chunk("data", TestWav.pcm16((short) 8192, (short) -16384))
                .chunk("cue ", new byte[4])
                .bytes();
        assertArrayEquals(new double[] {0.25, -0.5}, WavReader.readMono(write("chunks.wav", wav)).samples(), 0);
    }

    @Test
    void dataBeforeFmtIsAccepted() throws IOException {
        byte[] wav = new TestWav().chunk("data", TestWav.pcm16((short) 16384)).fmt(1, 1, 8000, 16).bytes();
        assertArrayEquals(new double[] {0.5}, WavReader.readMono(write("order.wav", wav)).samples(), 0);
    }

    private void assertRejected(String fileName, byte[] bytes, String reason) throws IOException {
        Path p = bytes == null ? dir.resolve(fileName) : write(fileName, bytes);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> WavReader.readMono(p));
        String m = e.getMessage();
        assertTrue(m.contains(p.toString()), "message names the file: " + m);
        assertTrue(m.contains(reason), "message says '" + reason + "': " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
        // the public entry point reports the same way
        AudioPruneException viaLoader = assertThrows(AudioPruneException.class, () -> AudioLoader.loadMono(p, 16000));
        assertEquals(m, viaLoader.getMessage());
    }

    @Test
    void badInputsFailWithOneLineNamingTheFile() throws IOException {
        byte[] fmt16 = new TestWav().fmt(1, 1, 8000, 16).bytes();
        assertRejected("missing.wav", null, "no such file");
        assertRejected("empty.wav", new byte[0], "empty file");
        assertRejected("text.wav", "hello, this is not audio".getBytes(), "not a WAV file");
        assertRejected("short.wav", new byte[] {'R', 'I', 'F'}, "not a WAV file");
        assertRejected("u8.wav", new TestWav().fmt(1, 1, 8000, 8).chunk("data", new byte[] {1, 2}).bytes(),
                "8-bit integer PCM");
        assertRejected("adpcm.wav", new TestWav().fmt(2, 1, 8000, 4).chunk("data", new byte[4]).bytes(), "ADPCM");
        assertRejected("mulaw.wav", new TestWav().fmt(7, 1, 8000, 8).chunk("data", new byte[4]).bytes(), "mu-law");
        assertRejected("ext8.wav", new TestWav().fmtExtensible(1, 1, 8000, 8).chunk("data", new byte[4]).bytes(),
                "8-bit");
        assertRejected("zero-ch.wav", new TestWav().fmt(1, 0, 8000, 16).chunk("data", new byte[4]).bytes(),
                "zero channels");
        assertRejected("truncated.wav", new TestWav().fmt(1, 1, 8000, 16)
                .rawChunk("data", 1000, TestWav.pcm16((short) 1, (short) 2)).bytes(), "truncated");
        assertRejected("nodata.wav", fmt16, "no data chunk");
        assertRejected("nofmt.wav", new TestWav().chunk("data", new byte[4]).bytes(), "no fmt chunk");
        assertRejected("nosamples.wav", new TestWav().fmt(1, 1, 8000, 16).chunk("data", new byte[0]).bytes(),
                "no audio samples");
        assertRejected("rate0.wav", new TestWav().fmt(1, 1, 0, 16).chunk("data", new byte[4]).bytes(),
                "sample rate");
        assertRejected("nan.wav", new TestWav().fmt(3, 1, 8000, 32).chunk("data", TestWav.float32(0f, Float.NaN)).bytes(),
                "sample frame 1 is not a finite number");
        assertRejected("shortfmt.wav", new TestWav().chunk("fmt ", new byte[10]).chunk("data", new byte[4]).bytes(),
                "fmt chunk too short");
    }

    @Test
    void truncatedFileInsideTheDataChunkIsRejected() throws IOException {
        byte[] full = new TestWav().fmt(1, 1, 8000, 16).chunk("data", new byte[200]).bytes();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 50);
        assertRejected("cut.wav", cut, "data chunk declares 200 bytes but only 150 remain");
    }

    @Test
    void loaderResamplesToTheTargetRate() throws IOException {
        float[] x = new float[4410];
        Path p = write("tone.wav", TestWav.monoFloat(44100, x));
        assertEquals(3200, AudioLoader.loadMono(p, 32000).length);
        assertEquals(4410, AudioLoader.loadMono(p, 44100).length);
        assertEquals(4800, AudioLoader.loadMono(p, 48000).length);
    }
}
