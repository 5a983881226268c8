package org.audioprune.model.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.Dense;
import org.audioprune.model.layer.TensorSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetworkBuilderTest {
    /** One intra-op thread: the suite must stay fast on a shared, busy machine (see EngineThreads). */
    @BeforeAll
    static void singleThread() {
        EngineThreads.configure(1);
    }

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static Map<String, Tensor> randomWeights(ArchitectureSpec spec, long seed) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        long s = seed;
        for (TensorSpec p : spec.parameters()) {
            float[] data = noise((int) Tensor.elementCount(p.shape()), s++);
            if (p.name().endsWith("running_var")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = Math.abs(data[i]) + 0.5f;
                }
            }
            w.put(p.name(), new Tensor(p.shape(), data));
        }
        return w;
    }

    @Test
    void dcase21OutputAndFeatureMapShapes() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            float[] x = noise(2 * 40 * 50, 1);
            assertEquals(2 * 10, runner.logits(x, 2).length);
            List<Tensor> maps = runner.featureMaps(x, 2);
            assertEquals(3, maps.size());
            assertArrayEquals(new long[] {2, 16, 40, 50}, maps.get(0).shape());
            assertArrayEquals(new long[] {2, 16, 40, 50}, maps.get(1).shape());
            assertArrayEquals(new long[] {2, 32, 8, 10}, maps.get(2).shape());
        }
    }

    @Test
    void prunedDcase21BuildsFromItsSpec() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50).withConvWidths(Map.of("C1", 8, "C3", 5));
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            List<Tensor> maps = runner.featureMaps(noise(40 * 50, 2), 1);
            assertEquals(8, maps.get(0).dim(1));
            assertEquals(5, maps.get(2).dim(1));
            assertEquals(10, runner.logits(noise(40 * 50, 2), 1).length);
        }
    }

    @Test
    void pannsOutputShapesOnSmallInputs() {
        for (String name : List.of("cnn6", "cnn10", "cnn14")) {
            ArchitectureSpec spec = Architectures.create(name, 5, 64, 64);
            try (NetworkRunner runner = new NetworkRunner(spec)) {
                float[] x = noise(2 * 64 * 64, 3);
                List<Tensor> maps = runner.featureMaps(x, 2);
                assertEquals(spec.convLayerNames().size(), maps.size(), name);
                Tensor last = maps.get(maps.size() - 1);
                int blocks = name.equals("cnn14") ? 6 : 4;
                // Every block but CNN14's last halves both axes before the next block's convs.
                int side = 64 >> (blocks - 1);
                assertArrayEquals(new long[] {2, spec.layer("fc_audioset", Dense.class).inFeatures(), side, side}, last.shape(),
                        name);
                assertEquals(2 * 5, runner.logits(x, 2).length, name);
            }
        }
    }

    /** The DJL parameters of every layer's block carry the names and shapes the spec declares, in its order. */
    private static void assertBlockParametersAreTheSpecTensors(ArchitectureSpec spec) {
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            List<String> names = new java.util.ArrayList<>(runner.network().namedParameters().keySet());
            assertEquals(spec.parameters().stream().map(TensorSpec::name).toList(), names, spec.name());
            for (TensorSpec p : spec.parameters()) {
                ai.djl.nn.Parameter djl = runner.network().namedParameters().get(p.name());
                assertArrayEquals(p.shape(), djl.getArray().getShape().getShape(), p.name());
                assertEquals(p.trainable(), djl.requiresGradient(), p.name() + " trainable");
            }
        }
    }

    @Test
    void blockParametersAreTheSpecTensors() {
        assertBlockParametersAreTheSpecTensors(Architectures.create("dcase21", 10, 40, 50));
        assertBlockParametersAreTheSpecTensors(Architectures.create("dcase21", 10, 40, 50)
                .withConvWidths(Map.of("C1", 3, "C3", 5)));
        assertBlockParametersAreTheSpecTensors(Architectures.create("cnn6", 5, 64, 32)
                .withConvWidths(Map.of("C2", 7, "C4", 9)));
        for (String name : List.of("cnn10", "cnn14")) {
            ArchitectureSpec spec = Architectures.create(name, 5, 64, 32);
            Map<String, Integer> narrow = new LinkedHashMap<>();
            spec.convWidths().forEach((layer, n) -> narrow.put(layer, n / 16));
            assertBlockParametersAreTheSpecTensors(spec.withConvWidths(narrow));
        }
    }

    @Test
    void weightsRoundTripExactly() {
        ArchitectureSpec spec = Architectures.create("dcase21", 4, 40, 50);
        Map<String, Tensor> weights = randomWeights(spec, 7);
        try (NetworkRunner runner = new NetworkRunner(spec, weights)) {
            Map<String, Tensor> back = runner.weights();
            assertEquals(weights.keySet().stream().toList(), back.keySet().stream().toList());
            for (String name : weights.keySet()) {
                assertArrayEquals(weights.get(name).shape(), back.get(name).shape(), name);
                assertArrayEquals(weights.get(name).data(), back.get(name).data(), name);
            }
        }
        ArchitectureSpec cnn6 = Architectures.create("cnn6", 3, 64, 32);
        Map<String, Tensor> pannsWeights = randomWeights(cnn6, 11);
        try (NetworkRunner runner = new NetworkRunner(cnn6, pannsWeights)) {
            Map<String, Tensor> back = runner.weights();
            for (String name : pannsWeights.keySet()) {
                assertArrayEquals(pannsWeights.get(name).data(), back.get(name).data(), name);
            }
        }
    }

    @Test
    void batchNormNamesMapToTheirRoleAtInference() {
        // C1 with zero kernel and bias b outputs b everywhere; inference BN then gives
        // relu(γ·(b − running_mean)/√(running_var + ε) + β) per channel: each name must land in its role.
        ArchitectureSpec spec = Architectures.create("dcase21", 3, 40, 50);
        Map<String, Tensor> w = new LinkedHashMap<>(randomWeights(spec, 5));
        int ch = 16;
        float[] bias = new float[ch];
        float[] mean = new float[ch];
        float[] var = new float[ch];
        float[] gamma = new float[ch];
        float[] beta = new float[ch];
        for (int c = 0; c < ch; c++) {
            bias[c] = 1 + c;
            mean[c] = 0.5f * c;
            var[c] = 4;
            gamma[c] = 2;
            beta[c] = c % 2 == 0 ? 0.25f : -100f;
        }
        w.put("C1.weight", Tensor.zeros(16, 1, 7, 7));
        w.put("C1.bias", new Tensor(new long[] {ch}, bias));
        w.put("C1.bn.running_mean", new Tensor(new long[] {ch}, mean));
        w.put("C1.bn.running_var", new Tensor(new long[] {ch}, var));
        w.put("C1.bn.gamma", new Tensor(new long[] {ch}, gamma));
        w.put("C1.bn.beta", new Tensor(new long[] {ch}, beta));
        try (NetworkRunner runner = new NetworkRunner(spec, w)) {
            Tensor c1 = runner.featureMaps(noise(40 * 50, 9), 1).get(0);
            for (int c = 0; c < ch; c++) {
                double expected = Math.max(0, 2 * (bias[c] - mean[c]) / Math.sqrt(4 + 1e-3) + beta[c]);
                assertEquals(expected, c1.data()[c * 40 * 50 + 123], 1e-5, "channel " + c);
            }
        }
    }

    @Test
    void mismatchedWeightsAreRejected() {
        ArchitectureSpec spec = Architectures.create("dcase21", 3, 40, 50);
        Map<String, Tensor> w = new LinkedHashMap<>(randomWeights(spec, 5));
        w.put("C2.weight", Tensor.zeros(16, 16, 5, 5));
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            AudioPruneException e = assertThrows(AudioPruneException.class,
                    () -> NetworkBuilder.loadWeights(runner.network(), w));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("C2.weight"), e.getMessage());
        }
    }
}
