package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {
    @TempDir
    Path tmp;

    /**
     * A stand-in front end that counts its calls: 8 kHz, non-overlapping frames of {@code hop}
     * samples (frames = 1 + n / hop), band m = log(mean square of the frame + 1e-6) + m.
     */
    static final class CountingFrontEnd implements FrontEnd {
        final AtomicInteger calls = new AtomicInteger();
        final int hop;

        CountingFrontEnd(int hop) {
            this.hop = hop;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public int sampleRate() {
            return 8000;
        }

        @Override
        public int nMels() {
            return 3;
        }

        @Override
        public int frames(int nSamples) {
            return 1 + nSamples / hop;
        }

        @Override
        public String cacheKey() {
            return "hop=" + hop;
        }

        /** One multiply-accumulate per sample for the mean square. */
        @Override
        public long macs(int nMels, int frames) {
            return (long) frames * hop;
        }

        @Override
        public float[][] compute(float[] mono) {
            calls.incrementAndGet();
            int n = frames(mono.length);
            float[][] out = new float[3][n];
            for (int t = 0; t < n; t++) {
                double energy = 0;
                for (int i = t * hop; i < Math.min(mono.length, (t + 1) * hop); i++) {
                    energy += mono[i] * mono[i];
                }
                for (int m = 0; m < 3; m++) {
                    out[m][t] = (float) (Math.log(energy / hop + 1e-6) + m);
                }
            }
            return out;
        }
    }

    private AudioDataset dataset;

    @BeforeEach
    void fixture() throws IOException {
        Path dir = tmp.resolve("data");
        Fixtures.wav(dir.resolve("train/a/long.wav"), 8000, 0.5, 400);  // 4000 samples: 41 frames at hop 100
        Fixtures.wav(dir.resolve("train/a/short.wav"), 8000, 0.1, 400); // 800 samples: 9 frames
        Fixtures.wav(dir.resolve("train/b/mid.wav"), 8000, 0.3, 200);
        Fixtures.wav(dir.resolve("test/b/t.wav"), 8000, 0.3, 300);
        dataset = Datasets.open("folder:" + dir, DatasetOptions.defaults().withValidationFraction(0));
    }

    @Test
    void secondLoadReadsTheCacheAndValuesMatchDirectComputation() {
        CountingFrontEnd fe = new CountingFrontEnd(100);
        FeatureSet first = new FeatureCache(tmp.resolve("cache")).features(dataset, Split.TRAIN, fe, 20);
        assertEquals(3, fe.calls.get());
        FeatureSet again = new FeatureCache(tmp.resolve("cache")).features(dataset, Split.TRAIN, fe, 20);
        assertEquals(3, fe.calls.get(), "a complete cache entry must not be recomputed");

        assertEquals(3, again.size());
        assertEquals(3, again.nMels());
        assertEquals(20, again.frames());
        assertEquals(List.of("a", "b"), again.classNames());
        List<Clip> clips = dataset.clips(Split.TRAIN);
        CountingFrontEnd direct = new CountingFrontEnd(100);
        for (int i = 0; i < clips.size(); i++) {
            assertEquals(clips.get(i).id(), again.clipId(i));
            assertEquals(clips.get(i).labels(), again.labels(i));
            assertNull(again.device(i));
            float[][] mel = direct.compute(AudioLoader.loadMono(clips.get(i).audio(), 8000));
            float[] got = new float[3 * 20 + 2];
            again.copyFeatures(i, got, 2);
            for (int m = 0; m < 3; m++) {
                for (int t = 0; t < 20; t++) {
                    // frames past the clip's end are padding: silence gives log(1e-6) + m
                    float want = t < mel[m].length ? mel[m][t] : (float) (Math.log(1e-6) + m);
                    assertEquals(want, got[2 + m * 20 + t], 1e-6, clips.get(i).id() + " band " + m + " frame " + t);
                }
            }
        }
        float[] a = new float[60];
        float[] b = new float[60];
        first.copyFeatures(1, a, 0);
        again.copyFeatures(1, b, 0);
        assertArrayEquals(a, b);
    }

    @Test
    void shortClipsArePaddedWithTheLogFloorAndLongOnesCropped() {
        FeatureSet fs = new FeatureCache(tmp.resolve("cache")).features(dataset, Split.TRAIN, new CountingFrontEnd(100), 20);
        int shortClip = dataset.clips(Split.TRAIN).stream().map(Clip::id).toList().indexOf("train/a/short.wav");
        float[] x = new float[60];
        fs.copyFeatures(shortClip, x, 0);
        // 800 samples fill frames 0..7 with the sine (mean square 0.125); frame 8 onward is padding
        assertEquals(Math.log(0.125 + 1e-6), x[0], 1e-3);
        assertEquals(Math.log(1e-6), x[8], 1e-6);
        assertEquals(Math.log(1e-6) + 2, x[2 * 20 + 19], 1e-6);
    }

    @Test
    void aChangedFrontEndParameterOrFrameCountRecomputesIntoANewEntry() {
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        CountingFrontEnd hop100 = new CountingFrontEnd(100);
        CountingFrontEnd hop200 = new CountingFrontEnd(200);
        cache.features(dataset, Split.TEST, hop100, 10);
        cache.features(dataset, Split.TEST, hop200, 10);
        assertEquals(1, hop200.calls.get(), "new cacheKey() must recompute");
        assertNotEquals(cache.location(dataset, Split.TEST, hop100, 10), cache.location(dataset, Split.TEST, hop200, 10));
        cache.features(dataset, Split.TEST, hop100, 12);
        assertEquals(2, hop100.calls.get(), "a new frame count must recompute");
        cache.features(dataset, Split.TEST, hop100, 10);
        assertEquals(2, hop100.calls.get());
    }

    @Test
    void anEntryWithoutItsCompletenessMarkerIsRecomputed() throws IOException {
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        CountingFrontEnd fe = new CountingFrontEnd(100);
        cache.features(dataset, Split.TRAIN, fe, 20);
        Path entry = cache.location(dataset, Split.TRAIN, fe, 20);
        Files.delete(entry.resolve(FeatureCache.COMPLETE_MARKER));
        cache.features(dataset, Split.TRAIN, fe, 20);
        assertEquals(6, fe.calls.get());
        assertTrue(Files.isRegularFile(entry.resolve(FeatureCache.COMPLETE_MARKER)));
    }

    @Test
    void aModifiedAudioFileInvalidatesTheEntry() throws IOException {
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        CountingFrontEnd fe = new CountingFrontEnd(100);
        cache.features(dataset, Split.TEST, fe, 10);
        Fixtures.wav(dataset.clips(Split.TEST).get(0).audio(), 8000, 0.4, 300);
        cache.features(dataset, Split.TEST, fe, 10);
        assertEquals(2, fe.calls.get());
    }

    @Test
    void anUndecodableFileIsNamedAndLeavesNoEntry() throws IOException {
        Path bad = dataset.clips(Split.TEST).get(0).audio();
        Files.writeString(bad, "this is not a wav file");
        FeatureCache cache = new FeatureCache(tmp.resolve("cache"));
        CountingFrontEnd fe = new CountingFrontEnd(100);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> cache.features(dataset, Split.TEST, fe, 10));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertFalse(Files.exists(cache.location(dataset, Split.TEST, fe, 10)));
    }

    @Test
    void anUnwritableCacheRootIsAUserError() throws IOException {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        FeatureCache cache = new FeatureCache(notAFolder);
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> cache.features(dataset, Split.TEST, new CountingFrontEnd(100), 10));
        assertTrue(e.getMessage().contains("AUDIOPRUNE_CACHE"), e.getMessage());
    }
}
