package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.audioprune.interchange.OnnxGraph.Dim;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.layer.Conv;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.NetworkRunner;
import org.junit.jupiter.api.Test;

/**
 * Hand-assembled ONNX graphs of an imported (pruned-width) dcase21 and a reduced Cnn6, run in ONNX
 * Runtime at batch 1 and 3, against AudioPrune's own inference of the same checkpoints.
 */
class OnnxGraphTest {
    private static final Dim BATCH = Dim.symbolic("batch");

    /** Conv weight and bias with the conv's batch norm folded in: w·γ/√(σ²+ε), (b−μ)·γ/√(σ²+ε)+β. */
    private static String[] foldedConv(OnnxGraph g, Checkpoint c, Conv conv) {
        Map<String, Tensor> w = c.weights();
        Tensor weight = w.get(conv.name() + ".weight");
        int out = conv.outChannels();
        int per = weight.data().length / out;
        float[] fw = weight.data().clone();
        float[] fb = new float[out];
        for (int o = 0; o < out; o++) {
            double s = w.get(conv.name() + ".bn.gamma").data()[o]
                    / Math.sqrt(w.get(conv.name() + ".bn.running_var").data()[o] + conv.bnEpsilon());
            for (int i = 0; i < per; i++) {
                fw[o * per + i] = (float) (fw[o * per + i] * s);
            }
            double b = conv.bias() ? w.get(conv.name() + ".bias").data()[o] : 0;
            fb[o] = (float) ((b - w.get(conv.name() + ".bn.running_mean").data()[o]) * s
                    + w.get(conv.name() + ".bn.beta").data()[o]);
        }
        return new String[] {g.weight(conv.name() + ".w", new Tensor(weight.shape(), fw)),
                g.weight(conv.name() + ".b", new Tensor(new long[] {out}, fb))};
    }

    private static String conv(OnnxGraph g, Checkpoint c, String name, String x) {
        Conv conv = c.spec().layer(name, Conv.class);
        String[] wb = foldedConv(g, c, conv);
        String y = g.node("Conv", List.of(x, wb[0], wb[1]), OnnxGraph.attrs()
                .ints("kernel_shape", conv.kernelH(), conv.kernelW()).ints("pads", conv.padH(), conv.padW(), conv.padH(), conv.padW()));
        return g.node("Relu", List.of(y), OnnxGraph.attrs());
    }

    private static String gemm(OnnxGraph g, Checkpoint c, String name, String x) {
        return g.node("Gemm", List.of(x, g.weight(name + ".weight", c.weight(name + ".weight")),
                g.weight(name + ".bias", c.weight(name + ".bias"))), OnnxGraph.attrs().integer("transB", 1));
    }

    private static OnnxGraph dcase21(Checkpoint c) {
        var in = c.spec().input();
        OnnxGraph g = new OnnxGraph("dcase21");
        String x = g.input("features", List.of(BATCH, Dim.of(1), Dim.of(in.nMels()), Dim.of(in.frames())));
        x = conv(g, c, "C2", conv(g, c, "C1", x));
        x = g.node("MaxPool", List.of(x), OnnxGraph.attrs().ints("kernel_shape", 5, 5).ints("strides", 5, 5));
        x = conv(g, c, "C3", x);
        int ph = in.nMels() / 5 / 2;
        int pw = in.frames() / 5;
        x = g.node("MaxPool", List.of(x), OnnxGraph.attrs().ints("kernel_shape", ph, pw).ints("strides", ph, pw));
        x = g.node("Reshape", List.of(x, g.ints("flat", 0, -1)), OnnxGraph.attrs());
        x = g.node("Relu", List.of(gemm(g, c, "fc1", x)), OnnxGraph.attrs());
        x = g.node("probabilities", "Softmax", List.of(gemm(g, c, "fc2", x)), OnnxGraph.attrs().integer("axis", 1));
        g.output(x, List.of(BATCH, Dim.of(c.spec().numClasses())));
        return g;
    }

    private static OnnxGraph cnn6(Checkpoint c) {
        var in = c.spec().input();
        int mels = in.nMels();
        OnnxGraph g = new OnnxGraph("cnn6");
        String x = g.input("logmel", List.of(BATCH, Dim.of(1), Dim.of(mels), Dim.of(in.frames())));
        float[] scale = new float[mels];
        float[] shift = new float[mels];
        for (int m = 0; m < mels; m++) {
            scale[m] = (float) (c.weight("bn0.gamma").data()[m] / Math.sqrt(c.weight("bn0.running_var").data()[m] + 1e-5));
            shift[m] = c.weight("bn0.beta").data()[m] - c.weight("bn0.running_mean").data()[m] * scale[m];
        }
        x = g.node("Mul", List.of(x, g.weight("bn0.scale", new Tensor(new long[] {1, 1, mels, 1}, scale))), OnnxGraph.attrs());
        x = g.node("Add", List.of(x, g.weight("bn0.shift", new Tensor(new long[] {1, 1, mels, 1}, shift))), OnnxGraph.attrs());
        for (String layer : c.spec().convLayerNames()) {
            x = g.node("AveragePool", List.of(conv(g, c, layer, x)),
                    OnnxGraph.attrs().ints("kernel_shape", 2, 2).ints("strides", 2, 2));
        }
        x = g.node("ReduceMean", List.of(x), OnnxGraph.attrs().ints("axes", 2).integer("keepdims", 0));
        String max = g.node("ReduceMax", List.of(x), OnnxGraph.attrs().ints("axes", 2).integer("keepdims", 0));
        String mean = g.node("ReduceMean", List.of(x), OnnxGraph.attrs().ints("axes", 2).integer("keepdims", 0));
        x = g.node("Flatten", List.of(g.node("Add", List.of(max, mean), OnnxGraph.attrs())), OnnxGraph.attrs().integer("axis", 1));
        x = g.node("Relu", List.of(gemm(g, c, "fc1", x)), OnnxGraph.attrs());
        x = g.node("clipwise", "Sigmoid", List.of(gemm(g, c, "fc_audioset", x)), OnnxGraph.attrs());
        g.output(x, List.of(BATCH, Dim.of(c.spec().numClasses())));
        return g;
    }

    private static float[] audioPrune(Checkpoint c, float[] x, int batch, boolean sigmoid) {
        try (NetworkRunner r = new NetworkRunner(c.spec(), c.weights())) {
            float[] z = r.logits(x, batch);
            int k = c.spec().numClasses();
            float[] p = new float[z.length];
            for (int b = 0; b < batch; b++) {
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    max = Math.max(max, z[b * k + i]);
                }
                for (int i = 0; i < k; i++) {
                    sum += Math.exp(z[b * k + i] - max);
                }
                for (int i = 0; i < k; i++) {
                    float v = z[b * k + i];
                    p[b * k + i] = sigmoid ? (float) (1 / (1 + Math.exp(-v))) : (float) (Math.exp(v - max) / sum);
                }
            }
            return p;
        }
    }

    private static Path written(String name, OnnxGraph g) {
        Path dir = Fixture.path("provenance.json").getParent().getParent().getParent().resolve("onnx");
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        g.write(file);
        return file;
    }

    @Test
    void dcase21GraphInOnnxRuntimeEqualsAudioPruneAtBatchOneAndThree() throws Exception {
        Checkpoint c = ImportFormat.KERAS.read(Fixture.path("dcase21_keras.h5"), new ImportOptions(null, 50, null)).checkpoint();
        byte[] model = dcase21(c).toBytes();
        float[] x = Fixture.floats("dcase21_input.npy");
        for (int batch : new int[] {1, 3}) {
            float[] in = Arrays.copyOf(x, batch * 40 * 50);
            float[] ort = Ort.run(model, in, new long[] {batch, 1, 40, 50});
            assertEquals(batch * 10, ort.length);
            assertTrue(Fixture.maxAbsDiff(ort, audioPrune(c, in, batch, false)) < 1e-4, "batch " + batch);
        }
        assertTrue(Fixture.maxAbsDiff(Ort.run(model, x, new long[] {3, 1, 40, 50}), Fixture.floats("dcase21_probs.npy")) < 1e-4);
    }

    @Test
    void cnn6GraphInOnnxRuntimeEqualsAudioPruneAtBatchOneAndThree() throws Exception {
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_cnn6_small.pth"), new ImportOptions(null, 96, null)).checkpoint();
        byte[] model = cnn6(c).toBytes();
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_cnn6_input.npy"), 3, 96, 64);
        for (int batch : new int[] {1, 3}) {
            float[] in = Arrays.copyOf(x, batch * 64 * 96);
            float[] ort = Ort.run(model, in, new long[] {batch, 1, 64, 96});
            assertTrue(Fixture.maxAbsDiff(ort, audioPrune(c, in, batch, true)) < 1e-4, "batch " + batch);
        }
    }

    @Test
    void theReferenceCheckerAcceptsTheFiles() throws Exception {
        Checkpoint d = ImportFormat.KERAS.read(Fixture.path("dcase21_keras.h5"), new ImportOptions(null, 50, null)).checkpoint();
        Checkpoint p = ImportFormat.PANNS.read(Fixture.path("panns_cnn6_small.pth"), new ImportOptions(null, 96, null)).checkpoint();
        Path a = written("dcase21_hand.onnx", dcase21(d));
        Path b = written("cnn6_hand.onnx", cnn6(p));
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("tools", "check_onnx.py");
        assumeTrue(Files.isExecutable(python) && Files.isRegularFile(script), "no /usr/bin/python3 or tools/check_onnx.py");
        assumeTrue(new ProcessBuilder(python.toString(), "-c", "import onnx").start().waitFor() == 0, "python3-onnx missing");
        Process check = new ProcessBuilder(python.toString(), script.toString(), a.toString(), b.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), out);
        assertTrue(out.contains("dcase21_hand.onnx: ok") && out.contains("cnn6_hand.onnx: ok"), out);
        assertTrue(out.contains("('features', ['batch', 1, 40, 50])"), out);
    }

    @Test
    void aNodeMayReadOnlyDefinedValues() {
        OnnxGraph g = new OnnxGraph("bad");
        assertThrows(IllegalArgumentException.class, () -> g.node("Relu", List.of("nowhere"), OnnxGraph.attrs()));
        g.input("x", List.of(BATCH));
        assertThrows(IllegalArgumentException.class, () -> g.input("x", List.of(BATCH)));
    }
}
