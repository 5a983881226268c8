package org.audioprune.audio;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.AudioPruneException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 4: audio that float32 cannot hold is refused with its location. On main, float WAV
 * samples near 1e300 became infinities and then all-NaN features, silently.
 */
class NonFiniteAudioTest {
    @TempDir
    Path dir;

    @Test
    void samplesBeyondTheFloat32RangeAreRefusedWithTheirIndex() throws Exception {
        double[] x = new double[4410];
        x[1000] = 1e300;
        Path wav = Files.write(dir.resolve("loud.wav"),
                new TestWav().fmt(3, 1, 44100, 64).chunk("data", TestWav.float64(x)).bytes());
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> AudioLoader.loadMono(wav, 44100));
        assertTrue(e.getMessage().startsWith(wav + ": sample frame 1000 is 1.0E300"), e.getMessage());
    }

    @Test
    void aResampledSignalThatOverflowsFloat32IsRefused() throws Exception {
        // full-scale float32 alternating at the Nyquist frequency: the band-limited resampler's output
        // rings past the largest float
        float[] x = new float[4800];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i / 7) % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
        }
        Path wav = Files.write(dir.resolve("clipped.wav"), TestWav.monoFloat(48000, x));
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> AudioLoader.loadMono(wav, 44100));
        assertTrue(e.getMessage().startsWith(wav + ": resampled sample "), e.getMessage());
    }

    @Test
    void featuresThatAreNotFiniteNameBandAndFrame() {
        float[][] mel = new float[3][5];
        mel[2][4] = Float.NaN;
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> AudioLoader.requireFinite(mel, Path.of("a.wav")));
        assertEquals("a.wav: feature at mel band 2, frame 4 is NaN", e.getMessage());
    }
}
