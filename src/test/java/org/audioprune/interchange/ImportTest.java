package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.model.layer.Conv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Imports checked against the outputs of the tools that wrote the files (tools/make_interchange_fixtures.py). */
class ImportTest {
    private static final Path MARKER = Path.of("/tmp/audioprune-pickle-marker");

    @TempDir
    Path dir;

    private static float[] logits(Checkpoint c, float[] input, int batch) {
        try (NetworkRunner r = new NetworkRunner(c.spec(), c.weights())) {
            return r.logits(input, batch);
        }
    }

    private static float[] sigmoid(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (1 / (1 + Math.exp(-x[i])));
        }
        return y;
    }

    private static float[] softmaxRows(float[] x, int classes) {
        float[] y = new float[x.length];
        for (int r = 0; r < x.length / classes; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, x[r * classes + k]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(x[r * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                y[r * classes + k] = (float) (Math.exp(x[r * classes + k] - max) / sum);
            }
        }
        return y;
    }

    private static Imported panns(String file) {
        return ImportFormat.PANNS.read(Fixture.path(file), new ImportOptions(null, 96, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"panns_cnn14_small.pth", "panns_cnn14_small_legacy.pth"})
    void pannsCnn14MatchesPyTorch(String file) {
        Imported imp = panns(file);
        Checkpoint c = imp.checkpoint();
        assertEquals("cnn14", c.spec().name());
        assertEquals(List.of(4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 16, 16), List.copyOf(c.spec().convWidths().values()));
        assertEquals(527, c.spec().numClasses());
        assertTrue(imp.findings().stream().anyMatch(f -> f.contains("largest difference")), imp.findings().toString());
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_cnn14_input.npy"), 3, 96, 64);
        float[] logits = logits(c, x, 3);
        assertTrue(Fixture.maxAbsDiff(logits, Fixture.floats("panns_cnn14_logits.npy")) < 1e-4);
        assertTrue(Fixture.maxAbsDiff(sigmoid(logits), Fixture.floats("panns_cnn14_clipwise.npy")) < 1e-4);
    }

    @Test
    void zipAndLegacyGiveTheSameWeights() {
        assertEquals(panns("panns_cnn14_small.pth").checkpoint().weights(),
                panns("panns_cnn14_small_legacy.pth").checkpoint().weights());
    }

    @Test
    void pannsCnn6MatchesPyTorchAtBatchOne() {
        Checkpoint c = panns("panns_cnn6_small.pth").checkpoint();
        assertEquals("cnn6", c.spec().name());
        assertEquals(List.of(3, 5, 7, 9), List.copyOf(c.spec().convWidths().values()));
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_cnn6_input.npy"), 3, 96, 64);
        float[] expected = Fixture.floats("panns_cnn6_logits.npy");
        float[] first = logits(c, Arrays.copyOf(x, 64 * 96), 1);
        assertTrue(Fixture.maxAbsDiff(first, Arrays.copyOf(expected, 20)) < 1e-4);
    }

    @Test
    void aSixteenKilohertzMelBankIsRefused() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> panns("panns_cnn14_melw_16k.pth"));
        assertTrue(e.getMessage().contains("logmel_extractor.melW differs"), e.getMessage());
        assertTrue(e.getMessage().startsWith(Fixture.path("panns_cnn14_melw_16k.pth").toString()));
    }

    @Test
    void aWronglyShapedStftKernelIsRefusedByName() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> panns("panns_cnn14_bad_stft.pth"));
        assertTrue(e.getMessage().contains("spectrogram_extractor.stft.conv_real.weight has shape [5, 1, 8]"), e.getMessage());
    }

    @Test
    void aFamilyOtherThanTheKeysSayIsRefused() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> ImportFormat.PANNS.read(
                Fixture.path("panns_cnn14_small.pth"), new ImportOptions("cnn10", null, null)));
        assertTrue(e.getMessage().contains("--model cnn10 but the keys are those of a PANNs cnn14"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"malicious_zip.pth", "malicious_legacy.pth"})
    void aPickleThatWouldRunACommandIsRefusedAndNothingRuns(String file) throws IOException {
        Files.deleteIfExists(MARKER);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> panns(file));
        assertTrue(e.getMessage().contains("posix.system") && e.getMessage().contains("refused"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(MARKER), "the payload ran");
    }

    @Test
    void aMaliciousObjectArrayIsRefusedAndNothingRuns() throws IOException {
        Files.deleteIfExists(MARKER);
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> ImportFormat.NPY_LIST.read(
                Fixture.path("malicious_object.npy"), ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        assertFalse(Files.exists(MARKER), "the payload ran");
    }

    @Test
    void anUnknownClassIsRefused() {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> panns("unknown_class.pth"));
        assertTrue(e.getMessage().contains("__main__.NotAStateDict"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"panns_cnn14_small.pth", "panns_cnn14_small_legacy.pth"})
    void aTruncatedCheckpointGivesOneLineNamingTheFile(String file) throws IOException {
        byte[] all = Files.readAllBytes(Fixture.path(file));
        Path cut = dir.resolve("cut.pth");
        Files.write(cut, Arrays.copyOf(all, all.length * 2 / 3));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> ImportFormat.PANNS.read(cut, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static Map<String, TorchFile.Tensor> cnn14StateDict() {
        return new java.util.LinkedHashMap<>(TorchFile.readStateDict(Fixture.path("panns_cnn14_small.pth")));
    }

    @Test
    void aMisShapedPannsTensorIsNamed() {
        Map<String, TorchFile.Tensor> sd = cnn14StateDict();
        String key = "conv_block2.bn1.running_var";
        sd.put(key, new TorchFile.Tensor(key, new long[] {5}, TorchFile.StorageType.FLOAT, new float[5]));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> PannsImporter.convert(Path.of("x.pth"), sd, ImportOptions.defaults()));
        assertEquals("tensor conv_block2.bn1.running_var has shape [5] but the cnn14 with these widths needs [6]", e.getMessage());
    }

    @Test
    void anUnexpectedOrMissingPannsTensorIsNamed() {
        Map<String, TorchFile.Tensor> extra = cnn14StateDict();
        extra.put("att_block.att.weight", new TorchFile.Tensor("att_block.att.weight", new long[] {1}, TorchFile.StorageType.FLOAT,
                new float[1]));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> PannsImporter.convert(Path.of("x.pth"), extra, ImportOptions.defaults()));
        assertEquals("tensor att_block.att.weight is not part of a PANNs cnn14 (Cnn14, Cnn10, Cnn6, MobileNetV1, MobileNetV2, ResNet22 and ResNet38 are imported)",
                e.getMessage());
        Map<String, TorchFile.Tensor> missing = cnn14StateDict();
        missing.remove("fc1.bias");
        e = assertThrows(AudioPruneException.class, () -> PannsImporter.convert(Path.of("x.pth"), missing,
                ImportOptions.defaults()));
        assertEquals("tensor fc1.bias is missing (the cnn14 layout needs it, shape [16])", e.getMessage());
    }

    private static float[] dcase21Probs(Checkpoint c) {
        // (3, 40, 50, 1) channels-last with one channel is (3, 1, 40, 50) in memory
        float[] x = Fixture.floats("dcase21_input.npy");
        return softmaxRows(logits(c, x, 3), 10);
    }

    @Test
    void kerasH5MatchesTheKerasComputation() {
        Imported imp = ImportFormat.KERAS.read(Fixture.path("dcase21_keras.h5"), new ImportOptions(null, 50, null));
        Checkpoint c = imp.checkpoint();
        assertEquals(Map.of("C1", 12, "C2", 8, "C3", 24), c.spec().convWidths());
        assertEquals(1e-3, c.spec().layer("C2", Conv.class).bnEpsilon());
        assertTrue(Fixture.maxAbsDiff(dcase21Probs(c), Fixture.floats("dcase21_probs.npy")) < 1e-4);
    }

    @Test
    void npyListMatchesTheKerasComputationAndTheH5() {
        Checkpoint c = ImportFormat.NPY_LIST.read(Fixture.path("dcase21_weights.npy"), new ImportOptions(null, 50, null))
                .checkpoint();
        assertTrue(Fixture.maxAbsDiff(dcase21Probs(c), Fixture.floats("dcase21_probs.npy")) < 1e-4);
        assertEquals(ImportFormat.KERAS.read(Fixture.path("dcase21_keras.h5"), new ImportOptions(null, 50, null))
                .checkpoint().weights(), c.weights());
    }

    private static List<KerasImporter.KerasArray> kerasArrays() {
        return KerasImporter.arraysOf(NumpyPickle.readArrayList(Fixture.path("dcase21_weights.npy")));
    }

    @Test
    void aMisShapedKerasArrayIsNamed() {
        List<KerasImporter.KerasArray> a = new ArrayList<>(kerasArrays());
        KerasImporter.KerasArray bias = a.get(7);
        a.set(7, new KerasImporter.KerasArray(bias.label(), new long[] {3}, new float[3]));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> KerasImporter.fromArrays(Path.of("w.npy"), a, ImportOptions.defaults(), "array"));
        assertEquals("w.npy: array 7 (C2 bias) has shape [3], expected [8]", e.getMessage());
    }

    @Test
    void aMissingKerasArrayIsCounted() {
        List<KerasImporter.KerasArray> a = new ArrayList<>(kerasArrays());
        a.remove(21);
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> KerasImporter.fromArrays(Path.of("w.npy"), a, ImportOptions.defaults(), "array"));
        assertTrue(e.getMessage().startsWith("w.npy: 21 weight arrays, but the DCASE21 baseline has 22"), e.getMessage());
    }

    @Test
    void aTruncatedObjectArrayIsOneLine() throws IOException {
        byte[] all = Files.readAllBytes(Fixture.path("dcase21_weights.npy"));
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(all, all.length - 100));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> ImportFormat.NPY_LIST.read(cut, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith(cut + ": not a readable pickled array list (truncated"), e.getMessage());
    }

    @Test
    void aTruncatedH5IsOneLine() throws IOException {
        byte[] all = Files.readAllBytes(Fixture.path("dcase21_keras.h5"));
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> ImportFormat.KERAS.read(cut, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
