package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.io.NpyArray;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioprune import} and {@code predict} end to end, against PyTorch's outputs where there are some. */
class ImportPredictCommandTest {
    @TempDir
    Path tmp;

    private static JsonNode json(CliRun r) throws IOException {
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static float[] probabilities(JsonNode clip) {
        JsonNode p = clip.get("probabilities");
        float[] out = new float[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) p.get(i).asDouble();
        }
        return out;
    }

    @Test
    void importedPannsPredictsWhatPyTorchComputes() throws IOException {
        Path ckpt = tmp.resolve("cnn6.ckpt");
        CliRun imp = CliRun.of("import", "--from", "panns", "--in", Fixture.path("panns_cnn6_small.pth").toString(),
                "--out", ckpt.toString(), "--frames", "96");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("network: PANNs cnn6, conv widths [3, 5, 7, 9]"), imp.out());
        float[] x = Fixture.floats("panns_cnn6_input.npy"); // (3, 1, 96, 64)
        Path folder = Files.createDirectories(tmp.resolve("clips"));
        NpyArray.ofFloats(new int[] {1, 1, 96, 64}, Arrays.copyOf(x, 96 * 64)).write(folder.resolve("a_panns_layout.npy"));
        float[] melTime = Fixture.timeMelToMelTime(Arrays.copyOfRange(x, 96 * 64, 2 * 96 * 64), 1, 96, 64);
        NpyArray.ofFloats(new int[] {64, 96}, melTime).write(folder.resolve("b_features_layout.npy"));
        JsonNode out = json(CliRun.of("predict", "--checkpoint", ckpt.toString(), "--input", folder.toString(), "--json"));
        assertEquals("sigmoid", out.get("activation").asText());
        assertEquals(2, out.get("clips").size());
        float[] torch = Fixture.floats("panns_cnn6_clipwise.npy"); // (3, 20)
        assertTrue(Fixture.maxAbsDiff(probabilities(out.get("clips").get(0)), Arrays.copyOf(torch, 20)) < 1e-4);
        assertTrue(Fixture.maxAbsDiff(probabilities(out.get("clips").get(1)), Arrays.copyOfRange(torch, 20, 40)) < 1e-4);
    }

    @Test
    void importPrunePredictWalkthrough() throws IOException {
        Path base = tmp.resolve("cnn14.ckpt");
        Path pruned = tmp.resolve("cnn14-pruned.ckpt");
        assertEquals(0, CliRun.of("import", "--from", "panns", "--in", Fixture.path("panns_cnn14_small.pth").toString(),
                "--out", base.toString(), "--frames", "96").code());
        CliRun prune = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l1", "--ratio", "0.5",
                "--layers", "C7-C12", "--out", pruned.toString(), "--no-latency", "--no-progress",
                "--dataset", "panns-hdf5:" + Fixture.path("panns_packed.h5"), "--test-fraction", "0.25",
                "--finetune-epochs", "1");
        assertEquals(0, prune.code(), prune.err());
        assertEquals(5, Checkpoint.load(pruned).spec().convWidths().get("C7"));
        NpyArray.ofFloats(new int[] {1, 1, 96, 64}, Arrays.copyOf(Fixture.floats("panns_cnn14_input.npy"), 96 * 64))
                .write(tmp.resolve("clip.npy"));
        CliRun top = CliRun.of("predict", "--checkpoint", pruned.toString(), "--input", tmp.resolve("clip.npy").toString(),
                "--top", "3");
        assertEquals(0, top.code(), top.err());
        String[] lines = top.out().strip().split("\n");
        assertEquals(4, lines.length, top.out());
        double previous = 1;
        for (int i = 1; i < 4; i++) {
            double p = Double.parseDouble(lines[i].strip().split("\\s+")[0]);
            assertTrue(p <= previous, top.out());
            previous = p;
        }
    }

    @Test
    void aWavAndItsFeaturesPredictTheSame() throws IOException {
        Path ckpt = tmp.resolve("dcase21.ckpt");
        // 10 frames: the 0.2 s tone has 11, so both inputs are cropped, neither padded
        assertEquals(0, CliRun.of("import", "--from", "keras", "--in", Fixture.path("dcase21_keras.h5").toString(),
                "--out", ckpt.toString(), "--frames", "10").code());
        Path folder = Files.createDirectories(tmp.resolve("clips"));
        Path wav = folder.resolve("tone.wav");
        ToneWav.write(wav, 440, 3);
        Path npy = tmp.resolve("tone.npy");
        assertEquals(0, CliRun.of("features", "--input", wav.toString(), "--out", npy.toString()).code());
        Files.copy(npy, folder.resolve("tone_features.npy"));
        JsonNode out = json(CliRun.of("predict", "--checkpoint", ckpt.toString(), "--input", folder.toString(), "--json"));
        assertEquals("softmax", out.get("activation").asText());
        float[] fromWav = probabilities(out.get("clips").get(0));
        float[] fromNpy = probabilities(out.get("clips").get(1));
        assertTrue(Fixture.maxAbsDiff(fromWav, fromNpy) < 1e-6);
        double sum = 0;
        for (float v : fromWav) {
            sum += v;
        }
        assertEquals(1, sum, 1e-5);
    }

    @Test
    void badInputsGiveOneLineAndExitTwo() throws IOException {
        Path marker = Path.of("/tmp/audioprune-pickle-marker");
        Files.deleteIfExists(marker);
        CliRun evil = CliRun.of("import", "--from", "panns", "--in", Fixture.path("malicious_zip.pth").toString(),
                "--out", tmp.resolve("x.ckpt").toString());
        assertEquals(2, evil.code());
        assertTrue(evil.err().startsWith("audioprune: error: ") && evil.err().contains("refused"), evil.err());
        assertEquals(1, evil.err().strip().lines().count());
        assertFalse(Files.exists(marker));
        assertFalse(Files.exists(tmp.resolve("x.ckpt")));
        CliRun format = CliRun.of("import", "--from", "onnx", "--in", "a", "--out", tmp.resolve("y.ckpt").toString());
        assertEquals(2, format.code());
        assertTrue(format.err().contains("unknown format 'onnx' (known: panns, keras, npy-list)"), format.err());
        Path ckpt = tmp.resolve("d.ckpt");
        assertEquals(0, CliRun.of("import", "--from", "npy-list", "--in", Fixture.path("dcase21_weights.npy").toString(),
                "--out", ckpt.toString(), "--frames", "50").code());
        Path wrong = tmp.resolve("wrong.npy");
        NpyArray.ofFloats(new int[] {64, 50}, new float[64 * 50]).write(wrong);
        CliRun bad = CliRun.of("predict", "--checkpoint", ckpt.toString(), "--input", wrong.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(wrong + ": features of shape [64, 50], expected (40, frames)"), bad.err());
    }
}
