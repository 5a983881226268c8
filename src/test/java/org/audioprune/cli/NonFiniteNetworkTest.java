package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 4: NaN or infinite network outputs are reported with their location, never turned
 * into an accuracy. On main, {@code evaluate} reported an accuracy computed from NaN outputs for a
 * negative batch-norm running variance and for weights near 3e38.
 */
class NonFiniteNetworkTest {
    @TempDir
    Path tmp;
    String dataset;
    ArchitectureSpec spec;
    Map<String, Tensor> weights;

    @BeforeEach
    void data() throws IOException {
        dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 4);
        spec = Architectures.create("dcase21", 2, 40, 10);
        weights = new LinkedHashMap<>(InferenceLatency.randomWeights(spec, 2));
    }

    private Path checkpoint(String tensor, int index, float value) {
        Tensor t = weights.get(tensor);
        float[] data = t.data().clone();
        data[index] = value;
        weights.put(tensor, new Tensor(t.shape(), data));
        Path ckpt = tmp.resolve("bad.ckpt");
        new Checkpoint(spec, List.of("high", "low"), null, null, weights, Map.of()).save(ckpt);
        return ckpt;
    }

    private static void assertOneLine(CliRun r, String... expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out() + r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("audioprune: error: "), r.err());
        for (String e : expected) {
            assertTrue(last.contains(e), "'" + e + "' in " + last);
        }
        assertFalse(r.out().contains("accuracy"), r.out());
    }

    @Test
    void aNegativeBatchNormVarianceIsNamed() {
        String var = spec.parameters().stream().map(ArchitectureSpec.Parameter::name)
                .filter(n -> n.endsWith("running_var")).findFirst().orElseThrow();
        Path ckpt = checkpoint(var, 3, -5f);
        assertOneLine(CliRun.of("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset, "--threads", "1"),
                "network's output for clip", var, "negative", "index 3");
    }

    @Test
    void weightsThatOverflowFloat32AreNamed() {
        String conv = spec.parameters().get(0).name();
        Path ckpt = checkpoint(conv, 0, 3e38f);
        weights.put(conv, new Tensor(weights.get(conv).shape(), filled(weights.get(conv).data().length, 3e38f)));
        new Checkpoint(spec, List.of("high", "low"), null, null, weights, Map.of()).save(ckpt);
        assertOneLine(CliRun.of("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset, "--threads", "1"),
                "network's output for clip", "overflow float32", conv);
    }

    @Test
    void trainingThatDivergesStopsWithTheEpochAndBatch() {
        assertOneLine(CliRun.of("train", "--dataset", dataset, "--out", tmp.resolve("t.ckpt").toString(), "--lr",
                "1e30", "--epochs", "5", "--batch-size", "2", "--no-progress", "--threads", "1"),
                "training diverged at epoch", "--lr");
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
