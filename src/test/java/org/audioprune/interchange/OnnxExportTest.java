package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.CliRun;
import org.audioprune.audio.AudioLoader;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEndId;
import org.audioprune.audio.FrontEnds;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.data.FeatureCache;
import org.audioprune.interchange.OnnxGraph.Dim;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.prune.Criterion;
import org.audioprune.prune.PruningPresets;
import org.audioprune.prune.Surgery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code audioprune export --format onnx}: the exported model, run by ONNX Runtime, gives what
 * AudioPrune's own inference ({@link Predictor}: band normalisation, the DJL network, softmax or
 * sigmoid) gives, to 1e-4, for dcase21 (with non-trivial batch-norm statistics and band
 * normalisation), a dcase21 pruned with the paper preset by the library's surgery, and an imported
 * reduced-width CNN14 (also against PyTorch's outputs of that checkpoint), at batch 1 and 3.
 */
class OnnxExportTest {
    @TempDir
    Path tmp;

    /** Seeded weights (batch-norm statistics far from (0, 1): InferenceLatency.randomWeights), and a band normalisation. */
    private static Checkpoint randomDcase21(ArchitectureSpec spec, long seed) {
        Map<String, Tensor> w = InferenceLatency.randomWeights(spec, seed);
        Random r = new Random(seed);
        int mels = spec.input().nMels();
        float[] mean = new float[mels];
        float[] std = new float[mels];
        for (int m = 0; m < mels; m++) {
            mean[m] = (float) (-20 + 3 * r.nextGaussian());
            std[m] = (float) (2 + r.nextDouble());
        }
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "class " + i).toList();
        return new Checkpoint(spec, classes, mean, std, w, Map.of());
    }

    /** Un-normalised log-mel-like features: around −20 with a spread of a few units. */
    private static float[] features(ArchitectureSpec spec, int batch, long seed) {
        Random r = new Random(seed);
        float[] x = new float[batch * spec.input().nMels() * spec.input().frames()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (-20 + 4 * r.nextGaussian());
        }
        return x;
    }

    private static float[] audioPrune(Checkpoint c, float[] x, int batch) {
        try (Predictor p = new Predictor(c)) {
            float[][] rows = p.probabilities(x.clone(), batch);
            float[] out = new float[batch * c.spec().numClasses()];
            for (int i = 0; i < batch; i++) {
                System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
            }
            return out;
        }
    }

    /** ONNX Runtime's probabilities equal AudioPrune's to 1e-4 at batch 1 and 3. */
    private static void assertExportRunsLikeAudioPrune(Checkpoint c) throws Exception {
        byte[] model = OnnxExport.graph(c).toBytes();
        ArchitectureSpec.InputShape in = c.spec().input();
        float[] x = features(c.spec(), 3, 7);
        for (int batch : new int[] {1, 3}) {
            float[] clips = Arrays.copyOf(x, batch * in.nMels() * in.frames());
            float[] ort = Ort.run(model, clips, batch, 1, in.nMels(), in.frames());
            float[] ours = audioPrune(c, clips, batch);
            assertEquals(batch * c.spec().numClasses(), ort.length);
            double diff = Fixture.maxAbsDiff(ort, ours);
            assertTrue(diff < 1e-4, c.spec().name() + " batch " + batch + ": max difference " + diff);
            assertTrue(spread(ours) > 1e-3, "probabilities must not be trivially uniform");
        }
    }

    private static double spread(float[] p) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : p) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    @Test
    void dcase21InOnnxRuntimeEqualsAudioPrune() throws Exception {
        assertExportRunsLikeAudioPrune(randomDcase21(Architectures.create("dcase21", 10, 40, 100), 1));
    }

    @Test
    void paperPrunedDcase21InOnnxRuntimeEqualsAudioPrune() throws Exception {
        Checkpoint base = randomDcase21(Architectures.create("dcase21", 10, 40, 100), 2);
        Map<String, int[]> kept = PruningPresets.plan("paper", base.spec())
                .keptFilters(base, Criterion.L1.builder().build());
        Checkpoint pruned = Surgery.apply(base, kept);
        assertEquals(8, pruned.spec().convWidths().get("C1"));
        assertEquals(8, pruned.spec().convWidths().get("C2"));
        assertExportRunsLikeAudioPrune(pruned);
    }

    @Test
    void reducedWidthCnn14InOnnxRuntimeEqualsAudioPruneAndPyTorch() throws Exception {
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"), new ImportOptions(null, 96, null))
                .checkpoint();
        assertExportRunsLikeAudioPrune(c);
        // and PyTorch's sigmoid outputs of the same checkpoint on the fixture's input
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_cnn14_input.npy"), 3, 96, 64);
        float[] ort = Ort.run(OnnxExport.graph(c).toBytes(), x, 3, 1, 64, 96);
        assertTrue(Fixture.maxAbsDiff(ort, Fixture.floats("panns_cnn14_clipwise.npy")) < 1e-4);
    }

    /**
     * The coupled networks (depthwise convs, ReLU6, residual additions with and without a downsample
     * branch), imported from PANNs fixtures made by torch, unpruned and pruned with a group preset.
     */
    @ParameterizedTest
    @CsvSource({"mobilenetv1, free@50", "mobilenetv2, free@25+residual@25", "resnet22, free@25+residual@25",
        "resnet38, residual@25"})
    void coupledNetworksInOnnxRuntimeEqualAudioPrune(String model, String preset) throws Exception {
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_" + model + "_small.pth"),
                new ImportOptions(null, 96, null)).checkpoint();
        assertExportRunsLikeAudioPrune(c);
        Checkpoint pruned = Surgery.apply(c, PruningPresets.plan(preset, c.spec())
                .keptFilters(c, Criterion.L1.builder().build()));
        assertTrue(pruned.spec().parameters().stream().mapToLong(t -> t.size()).sum()
                < c.spec().parameters().stream().mapToLong(t -> t.size()).sum(), preset + " prunes nothing");
        assertExportRunsLikeAudioPrune(pruned);
    }

    /**
     * A test clip of {@code samples} at the front end's rate: a WAV of the test resources (noise,
     * resampled by AudioPrune's loader), then a decaying harmonic tone 30 dB quieter, then digital
     * silence (the log floor), each clip of the batch shifted and scaled differently.
     */
    private static float[] waveforms(FrontEnd fe, int samples, int batch) {
        float[] wav = AudioLoader.loadMono(Path.of("src/test/resources/audio/noise_44100_f32.wav"), fe.sampleRate());
        float[] out = new float[batch * samples];
        for (int b = 0; b < batch; b++) {
            int toneFrom = Math.min(wav.length, samples / 3);
            int silenceFrom = 2 * samples / 3 + b * 97;
            for (int i = 0; i < samples; i++) {
                double v;
                if (i < toneFrom) {
                    v = wav[(i + b * 1000) % wav.length] * (0.5 + 0.2 * b);
                } else if (i < silenceFrom) {
                    double t = (double) (i - toneFrom) / fe.sampleRate();
                    v = 0.03 * Math.exp(-3 * t) * (Math.sin(2 * Math.PI * 440 * (b + 1) * t)
                            + 0.3 * Math.sin(2 * Math.PI * 1320 * (b + 1) * t));
                } else {
                    v = 0;
                }
                out[b * samples + i] = (float) v;
            }
        }
        return out;
    }

    /** The ONNX front end alone against {@link LogMelFrontEnd#compute}, per clip, to 1e-4. */
    private static void assertFrontEndMatches(FrontEnd fe, int frames) throws Exception {
        int samples = FeatureCache.samplesFor(fe, frames);
        OnnxGraph g = new OnnxGraph("front end");
        String x = OnnxFrontEnd.emit(g, fe, g.input("waveform", List.of(Dim.symbolic("batch"), Dim.of(samples))));
        g.output(x, List.of(Dim.symbolic("batch"), Dim.of(1), Dim.of(fe.nMels()), Dim.of(frames)));
        byte[] model = g.toBytes();
        for (int batch : new int[] {1, 3}) {
            float[] w = waveforms(fe, samples, batch);
            float[] ort = Ort.run(model, w, batch, samples);
            float[] ours = new float[batch * fe.nMels() * frames];
            for (int b = 0; b < batch; b++) {
                float[][] mel = fe.compute(Arrays.copyOfRange(w, b * samples, (b + 1) * samples));
                assertEquals(frames, mel[0].length);
                for (int m = 0; m < fe.nMels(); m++) {
                    System.arraycopy(mel[m], 0, ours, (b * fe.nMels() + m) * frames, frames);
                }
            }
            double diff = Fixture.maxAbsDiff(ort, ours);
            assertTrue(diff < 1e-4, fe.name() + " batch " + batch + ": max difference " + diff);
            assertTrue(spread(ours) > 20, "the clip must span a wide range of levels");
        }
    }

    @Test
    void onnxFrontEndsEqualAudioPrunesOnARealWaveform() throws Exception {
        assertFrontEndMatches(FrontEnds.of(FrontEndId.DCASE21), 40);
        assertFrontEndMatches(FrontEnds.of(FrontEndId.PANNS), 96);
    }

    /** With the front end: waveform in, the probabilities Predictor gives for that waveform's log-mel. */
    private static void assertWaveformExportRunsLikeAudioPrune(Checkpoint c) throws Exception {
        FrontEnd fe = FrontEnds.of(c.frontEnd());
        int samples = OnnxExport.samples(c);
        int frames = c.spec().input().frames();
        byte[] model = OnnxExport.graph(c, new OnnxExport.Options(true, false)).toBytes();
        float[] w = waveforms(fe, samples, 3);
        float[] mel = new float[3 * fe.nMels() * frames];
        for (int b = 0; b < 3; b++) {
            float[][] m = fe.compute(Arrays.copyOfRange(w, b * samples, (b + 1) * samples));
            for (int band = 0; band < fe.nMels(); band++) {
                System.arraycopy(m[band], 0, mel, (b * fe.nMels() + band) * frames, frames);
            }
        }
        float[] ours = audioPrune(c, mel, 3);
        float[] ort = Ort.run(model, w, 3, samples);
        double diff = Fixture.maxAbsDiff(ort, ours);
        assertTrue(diff < 1e-4, c.spec().name() + " with front end: max difference " + diff);
    }

    @Test
    void exportsWithTheFrontEndEqualAudioPrune() throws Exception {
        assertWaveformExportRunsLikeAudioPrune(randomDcase21(Architectures.create("dcase21", 10, 40, 40), 4));
        assertWaveformExportRunsLikeAudioPrune(ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"),
                new ImportOptions(null, 96, null)).checkpoint());
    }

    /** The checkpoint's network at another frame count (same weights: PANNs take any length). */
    private static Checkpoint atFrames(Checkpoint c, int frames) {
        ArchitectureSpec.InputShape in = c.spec().input();
        return c.withWeights(c.spec().withInput(new ArchitectureSpec.InputShape(in.channels(), in.nMels(), frames)),
                c.weights());
    }

    @Test
    void anyLengthExportsRunClipsOfAnyLengthLikeAudioPrune() throws Exception {
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"), new ImportOptions(null, 96, null))
                .checkpoint();
        assertTrue(OnnxExport.takesAnyLength(c.spec()));
        byte[] model = OnnxExport.graph(c, new OnnxExport.Options(false, true)).toBytes();
        for (int frames : new int[] {96, 150}) {
            Checkpoint at = atFrames(c, frames);
            float[] x = features(at.spec(), 2, frames);
            double diff = Fixture.maxAbsDiff(Ort.run(model, x, 2, 1, 64, frames), audioPrune(at, x, 2));
            assertTrue(diff < 1e-4, frames + " frames: max difference " + diff);
        }
        // with the front end: 40 000 samples make 126 frames
        byte[] audio = OnnxExport.graph(c, new OnnxExport.Options(true, true)).toBytes();
        FrontEnd fe = FrontEnds.of(c.frontEnd());
        float[] w = waveforms(fe, 40000, 1);
        float[][] m = fe.compute(w);
        Checkpoint at = atFrames(c, m[0].length);
        assertEquals(126, m[0].length);
        float[] mel = new float[64 * 126];
        for (int band = 0; band < 64; band++) {
            System.arraycopy(m[band], 0, mel, band * 126, 126);
        }
        double diff = Fixture.maxAbsDiff(Ort.run(audio, w, 1, 40000), audioPrune(at, mel, 1));
        assertTrue(diff < 1e-4, "waveform of 40000 samples: max difference " + diff);
        // dcase21's last pool is sized from the input length: refused in one line
        Checkpoint d = randomDcase21(Architectures.create("dcase21", 10, 40, 100), 6);
        assertFalse(OnnxExport.takesAnyLength(d.spec()));
        AudioPruneException e = assertThrows(AudioPruneException.class,
                () -> OnnxExport.graph(d, new OnnxExport.Options(false, true)));
        assertTrue(e.getMessage().contains("sized from its input length"), e.getMessage());
    }

    @Test
    void theOnnxRuntimeBackendGivesTheEngineFormsLogits() {
        Checkpoint d = randomDcase21(Architectures.create("dcase21", 10, 40, 100), 5);
        Checkpoint p = ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"), new ImportOptions(null, 96, null))
                .checkpoint();
        for (Checkpoint c : List.of(d, p)) {
            float[] x = features(c.spec(), 3, 11);
            try (OnnxRuntimeNetwork ort = new OnnxRuntimeNetwork(c.spec(), c.weights(), 1);
                 InferenceOptimizer djl = InferenceOptimizer.build(c.spec(), c.weights())) {
                for (int batch : new int[] {1, 3}) {
                    float[] a = ort.predict(x, batch);
                    float[] b = djl.predict(x, batch);
                    assertEquals(batch * c.spec().numClasses(), a.length);
                    assertTrue(Fixture.maxAbsDiff(a, b) < 1e-4, c.spec().name() + " batch " + batch);
                    assertTrue(spread(b) > 1e-2);
                }
            }
        }
    }

    @Test
    void exportCommandWritesAModelWithItsClassNamesAndRefusesForeignFiles() throws Exception {
        Path ckpt = tmp.resolve("d.ckpt");
        randomDcase21(Architectures.create("dcase21", 10, 40, 100), 3).save(ckpt);
        Path onnx = tmp.resolve("model.onnx");
        CliRun run = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("logmel (batch, 1, 40, 100): un-normalised log-mel as 'audioprune features' writes it -> probabilities 10 classes"), run.out());
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        assertTrue(m.getOpsetImport(0).getVersion() >= 13);
        assertEquals("batch", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        Map<String, String> meta = m.getMetadataPropsList().stream()
                .collect(Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
        assertTrue(meta.get("classes").startsWith("[\"class 0\",\"class 1\","), meta.toString());
        assertEquals("dcase21", meta.get("front_end"));
        Path withFrontEnd = tmp.resolve("audio.onnx");
        CliRun audio = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "onnx", "--with-front-end",
                "--out", withFrontEnd.toString());
        assertEquals(0, audio.code(), audio.err());
        assertTrue(audio.out().contains("waveform (batch, 87318): mono audio at 44100 Hz, floats in [-1, 1] -> probabilities 10 classes"), audio.out());
        CliRun timed = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "onnx", "--latency",
                "--out", onnx.toString());
        assertEquals(0, timed.code(), timed.err());
        assertTrue(timed.out().matches("(?s).*\\n  onnxruntime +[0-9.]+ ms wall, +[0-9.]+ ms CPU\\n  djl +[0-9.]+ ms wall.*"),
                timed.out());
        // an ONNX file is replaced by a new export; anything else is left alone with one line
        assertEquals(0, CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "onnx", "--out",
                onnx.toString()).code());
        Path notes = tmp.resolve("notes.onnx");
        Files.writeString(notes, "my notes\n");
        CliRun refused = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "onnx", "--out", notes.toString());
        assertEquals(2, refused.code());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("not a file holding an ONNX model"), refused.err());
        assertEquals("my notes\n", Files.readString(notes));
        CliRun format = CliRun.of("export", "--checkpoint", ckpt.toString(), "--format", "tflite", "--out",
                tmp.resolve("x").toString());
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format: unknown format 'tflite' (known: onnx"), format.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void theReferenceCheckerAcceptsAnExport() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("tools", "check_onnx.py");
        assumeTrue(Files.isExecutable(python) && Files.isRegularFile(script), "no /usr/bin/python3 or tools/check_onnx.py");
        assumeTrue(new ProcessBuilder(python.toString(), "-c", "import onnx").start().waitFor() == 0, "python3-onnx missing");
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_cnn14_small.pth"), new ImportOptions(null, 96, null))
                .checkpoint();
        Path file = tmp.resolve("cnn14.onnx");
        OnnxExport.graph(c).write(file);
        Process check = new ProcessBuilder(python.toString(), script.toString(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), out);
        assertTrue(out.contains("cnn14.onnx: ok") && out.contains("('probabilities', ['batch', 527])"), out);
    }
}
