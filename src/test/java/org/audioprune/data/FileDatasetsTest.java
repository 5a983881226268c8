package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.CliRun;
import org.audioprune.audio.FrontEnds;
import org.audioprune.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npy: and panns-hdf5: kinds on files NumPy and h5py wrote (tools/make_interchange_fixtures.py). */
class FileDatasetsTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        try {
            return Path.of(FileDatasetsTest.class.getResource("/interchange/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private DatasetOptions options() {
        return DatasetOptions.defaults().withCacheRoot(tmp.resolve("cache"));
    }

    private static String npy(String y) {
        return "npy:" + fixture("features_X.npy") + "," + fixture(y);
    }

    /** Every split's clips: (row in X, labels). */
    private static List<Object> rowsAndLabels(AudioDataset ds, Split s) {
        List<Object> out = new ArrayList<>();
        for (Clip c : ds.clips(s)) {
            out.add(c.id() + "=" + c.labels());
        }
        return out;
    }

    @Test
    void npyFeaturesAreTheFileRowsWithTheirLabels() {
        AudioDataset ds = Datasets.open(npy("features_Y_int.npy"), options().withValidationFraction(0));
        assertFalse(ds.multiLabel());
        assertEquals(ClassNames.numbered(3), ds.classNames());
        assertEquals(3, ds.clips(Split.TEST).size()); // one clip per class carved as test
        assertEquals(3, ds.clips(Split.TRAIN).size());
        double[] x = NpyArray.read(fixture("features_X.npy")).data(); // (6, 40, 20, 1)
        FeatureSet test = new FeatureCache(tmp).features(ds, Split.TEST, FrontEnds.byName("dcase21"), 20);
        assertEquals(40, test.nMels());
        float[] got = new float[40 * 20];
        for (int i = 0; i < test.size(); i++) {
            int row = Integer.parseInt(test.clipId(i).substring(test.clipId(i).indexOf('#') + 1));
            test.copyFeatures(i, got, 0);
            for (int k = 0; k < got.length; k++) {
                assertEquals((float) x[row * 800 + k], got[k], "clip " + row + " value " + k);
            }
            assertEquals(List.of(row % 3), test.labels(i)); // Y = 0, 1, 2, 0, 1, 2
        }
        assertFalse(Files.exists(tmp.resolve("features")), "precomputed features are not cached again");
    }

    @Test
    void oneHotLabelsEqualIndexLabels() {
        DatasetOptions o = options();
        for (Split s : Split.values()) {
            assertEquals(rowsAndLabels(Datasets.open(npy("features_Y_int.npy"), o), s),
                    rowsAndLabels(Datasets.open(npy("features_Y_onehot.npy"), o), s));
        }
    }

    @Test
    void aSecondPairIsTheTestSplitAndFramesAreCropped() throws java.io.IOException {
        // the test pair is a copy: the same file for training and test would be test leakage
        Path testX = java.nio.file.Files.copy(fixture("features_X.npy"), tmp.resolve("test_X.npy"));
        String spec = npy("features_Y_int.npy") + "," + testX + "," + fixture("features_Y_onehot.npy");
        AudioDataset ds = Datasets.open(spec, options().withValidationFraction(0));
        assertEquals(6, ds.clips(Split.TRAIN).size());
        assertEquals(6, ds.clips(Split.TEST).size());
        FeatureSet train = new FeatureCache(tmp).features(ds, Split.TRAIN, FrontEnds.byName("dcase21"), 5);
        float[] got = new float[40 * 5];
        train.copyFeatures(0, got, 0);
        double[] x = NpyArray.read(fixture("features_X.npy")).data();
        assertEquals((float) x[20 + 4], got[5 + 4]); // mel row 1, frame 4
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> new FeatureCache(tmp).features(ds, Split.TRAIN, FrontEnds.byName("panns"), 5));
        assertTrue(e.getMessage().contains("features have 40 mel bands but the panns front end makes 64"), e.getMessage());
    }

    @Test
    void labelsForAnotherClipCountAreRefusedNamingTheFile() {
        Path y = tmp.resolve("y.npy");
        NpyArray.ofFloats(new int[] {5}, new float[] {0, 1, 0, 1, 0}).write(y);
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> Datasets.open("npy:" + fixture("features_X.npy") + "," + y, options()));
        assertTrue(e.getMessage().startsWith(y + ": labels of shape [5] for 6 clips"), e.getMessage());
    }

    @Test
    void datasetInfoCountsAnNpyDataset() {
        CliRun r = CliRun.of("dataset", "info", "--dataset", npy("features_Y_onehot.npy"), "--validation-fraction", "0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 classes, single-label"), r.out());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Integer>> expectedLabels(String file) throws IOException {
        return new ObjectMapper().readValue(fixture(file).toFile(), Map.class);
    }

    /** The fixture's clip i: round(0.2·sin(2π·220·(i+1)·t)·32767) at 32 kHz, read back as PANNs scales it. */
    private static double tone(int clip, int n) {
        return Math.round(0.2 * Math.sin(2 * Math.PI * 220.0 * (clip + 1) * n / 32000.0) * 32767) / 32767.0;
    }

    @Test
    void pannsHdf5ClipsCarryTheirTargetsAndWaveforms() throws IOException {
        AudioDataset ds = Datasets.open("panns-hdf5:" + fixture("panns_packed.h5"), options().withValidationFraction(0)
                .withTestFraction(0.25));
        assertTrue(ds.multiLabel());
        assertEquals(ClassNames.numbered(527), ds.classNames());
        Map<String, List<Integer>> expected = expectedLabels("panns_packed.labels.json");
        List<Clip> all = new ArrayList<>(ds.clips(Split.TRAIN));
        all.addAll(ds.clips(Split.TEST));
        assertEquals(4, all.size());
        assertEquals(1, ds.clips(Split.TEST).size());
        for (Clip c : all) {
            assertEquals(expected.get(c.id()), c.labels(), c.id());
            int i = Integer.parseInt(c.id().substring(1, 11)) - 1000;
            float[] x = ds.loadMono(c, 32000);
            assertEquals(16000, x.length);
            for (int n = 0; n < x.length; n += 97) {
                assertEquals(tone(i, n), x[n], 1.5 / 32767, c.id() + " sample " + n);
            }
        }
    }

    @Test
    void aLabelListBesideTheFileNamesTheClasses() throws IOException {
        Path h5 = Files.copy(fixture("panns_packed.h5"), tmp.resolve("packed.h5"));
        List<String> lines = new ArrayList<>(List.of("index,mid,display_name"));
        for (int i = 0; i < 527; i++) {
            lines.add(i + ",/m/" + i + (i == 1 ? ",\"Male speech, man speaking\"" : ",Label " + i));
        }
        Files.write(h5.resolveSibling(ClassNames.AUDIOSET_FILE), lines);
        AudioDataset ds = Datasets.open("panns-hdf5:" + h5, options());
        assertEquals("Male speech, man speaking", ds.classNames().get(1));
        assertEquals("Label 526", ds.classNames().get(526));
    }

    @Test
    void tenSecondGzipClipsStreamThroughTheFeatureCache() {
        String spec = "panns-hdf5:" + fixture("panns_packed_gzip.h5") + "," + fixture("panns_packed_gzip.h5");
        AudioPruneException dup = assertThrows(AudioPruneException.class, () -> Datasets.open(spec, options()));
        assertTrue(dup.getMessage().contains("appears twice"), dup.getMessage());
        AudioDataset ds = Datasets.open("panns-hdf5:" + fixture("panns_packed_gzip.h5"),
                options().withValidationFraction(0).withTestFraction(0.5));
        FeatureSet test = new FeatureCache(tmp, 1).features(ds, Split.TEST, FrontEnds.byName("panns"), 1001);
        assertEquals(1, test.size());
        assertEquals(1001, test.frames());
        float[] mel = new float[64 * 1001];
        test.copyFeatures(0, mel, 0);
        float[] direct = FrontEnds.byName("panns").compute(ds.loadMono(ds.clips(Split.TEST).get(0), 32000))[10];
        assertArrayEquals(Arrays.copyOf(direct, 1001), Arrays.copyOfRange(mel, 10 * 1001, 11 * 1001));
    }

    @Test
    void aFileWithoutTheDatasetsIsRefused() {
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> Datasets.open("panns-hdf5:" + fixture("dcase21_keras.h5"), options()));
        assertTrue(e.getMessage().contains("no dataset 'audio_name'"), e.getMessage());
    }
}
