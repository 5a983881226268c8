package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.audioprune.CliRun;
import org.audioprune.Json;
import org.audioprune.audio.AudioLoader;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, step by step through the command line: import the torch-made CNN14,
 * prune and fine-tune it, export it three ways; ONNX Runtime on the waveform model gives what
 * {@code predict} prints for the WAV, and the PANNs export re-imports to the pruned network.
 */
class ExportWalkthroughTest {
    @TempDir
    Path w;

    private static void ok(CliRun r) {
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void importPruneExportAsTheReadmeShows() throws Exception {
        Path base = w.resolve("cnn14.ckpt");
        Path pruned = w.resolve("cnn14-pruned.ckpt");
        ok(CliRun.of("import", "--from", "panns", "--in", Fixture.path("panns_cnn14_small.pth").toString(),
                "--frames", "96", "--out", base.toString()));
        ok(CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "wdc", "--ratios", "C1=0.5,C7=0.5,C10=0.25,C12=0.5",
                "--dataset", "panns-hdf5:" + Fixture.path("panns_packed.h5"), "--test-fraction", "0.25",
                "--finetune-epochs", "1", "--out", pruned.toString(), "--no-latency", "--no-progress"));
        Path onnx = w.resolve("cnn14-pruned.onnx");
        Path audio = w.resolve("cnn14-pruned-audio.onnx");
        Path panns = w.resolve("cnn14-pruned.safetensors");
        ok(CliRun.of("export", "--checkpoint", pruned.toString(), "--format", "onnx", "--out", onnx.toString()));
        ok(CliRun.of("export", "--checkpoint", pruned.toString(), "--format", "onnx", "--with-front-end", "--out",
                audio.toString()));
        ok(CliRun.of("export", "--checkpoint", pruned.toString(), "--format", "panns", "--out", panns.toString()));
        Path wav = Path.of("src/test/resources/audio/noise_32000_s24.wav");
        CliRun predict = CliRun.of("predict", "--checkpoint", pruned.toString(), "--input", wav.toString(), "--json");
        ok(predict);
        JsonNode p = Json.MAPPER.readTree(predict.out()).get("clips").get(0).get("probabilities");
        float[] expected = new float[p.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) p.get(i).asDouble();
        }
        Checkpoint c = Checkpoint.load(pruned);
        int samples = OnnxExport.samples(c);
        float[] mono = AudioLoader.loadMono(wav, 32000);
        assertTrue(mono.length < samples, "the clip is padded, as predict pads it");
        float[] ort = Ort.run(Files.readAllBytes(audio), Arrays.copyOf(mono, samples), 1, samples);
        assertTrue(Fixture.maxAbsDiff(ort, expected) < 1e-4, "max difference " + Fixture.maxAbsDiff(ort, expected));
        Path back = w.resolve("back.ckpt");
        ok(CliRun.of("import", "--from", "panns", "--in", panns.toString(), "--frames", "96", "--out", back.toString()));
        assertEquals(c.spec().convWidths(), Checkpoint.load(back).spec().convWidths());
    }
}
