package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.TensorSpec;
import org.audioprune.model.djl.NetworkRunner;
import org.junit.jupiter.api.Test;

/**
 * A filter whose batch-norm γ and β are zero outputs exactly zero after ReLU, so it contributes
 * nothing downstream: cutting it must leave the network's logits unchanged. This checks the whole
 * surgery (next-conv inputs, flatten mapping, global-pool head) against the DJL forward pass.
 */
class SurgeryForwardTest {

    static Checkpoint randomCheckpoint(ArchitectureSpec spec, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (TensorSpec p : spec.parameters()) {
            Tensor t = Tensor.zeros(p.shape());
            for (int i = 0; i < t.data().length; i++) {
                double g = r.nextGaussian();
                t.data()[i] = (float) (p.name().endsWith("running_var") ? 0.5 + Math.abs(g)
                        : p.name().endsWith(".weight") ? g / Math.sqrt(t.data().length / t.dim(0)) : 0.3 * g);
            }
            w.put(p.name(), t);
        }
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "c" + i).toList();
        return new Checkpoint(spec, classes, null, null, w, Map.of());
    }

    /** The checkpoint with γ = β = 0 on every channel not kept, in every member of the conv's channel group. */
    private static Checkpoint silenced(Checkpoint c, Map<String, int[]> kept) {
        Map<String, Tensor> w = new LinkedHashMap<>(c.weights());
        Map<String, int[]> members = new LinkedHashMap<>();
        kept.forEach((conv, idx) -> c.spec().channelGroups().stream().filter(g -> g.producers().contains(conv))
                .forEach(g -> g.members().forEach(m -> members.put(m, idx))));
        members.forEach((layer, idx) -> {
            for (String s : List.of(".bn.gamma", ".bn.beta")) {
                Tensor t = w.get(layer + s);
                float[] d = new float[t.data().length];
                for (int i : idx) {
                    d[i] = t.data()[i];
                }
                w.put(layer + s, new Tensor(t.shape(), d));
            }
        });
        return c.withWeights(c.spec(), w);
    }

    static float[] logits(Checkpoint c, float[] x, int batch) {
        try (NetworkRunner runner = new NetworkRunner(c.spec(), c.weights())) {
            return runner.logits(x, batch);
        }
    }

    private static void assertSameForward(Checkpoint original, Map<String, int[]> kept, long seed) {
        assertSameForward(original, kept, seed, 1e-4);
    }

    /**
     * Cutting the channels not kept from the silenced network leaves its logits unchanged to
     * {@code tolerance} × the largest logit, and silencing them did change the output.
     */
    static void assertSameForward(Checkpoint original, Map<String, int[]> kept, long seed, double tolerance) {
        ArchitectureSpec spec = original.spec();
        int batch = 2;
        Random r = new Random(seed);
        float[] x = new float[batch * spec.input().nMels() * spec.input().frames()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Checkpoint silent = silenced(original, kept);
        float[] full = logits(silent, x, batch);
        float[] cut = logits(Surgery.apply(silent, kept), x, batch);
        double scale = 0;
        for (float v : full) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 1e-3, "logits must not be trivially zero");
        assertArrayEquals(full, cut, (float) (tolerance * scale));
        // and the silenced filters did matter: the unsilenced network differs
        float[] loud = logits(original, x, batch);
        double diff = 0;
        for (int i = 0; i < loud.length; i++) {
            diff = Math.max(diff, Math.abs(loud[i] - full[i]));
        }
        assertTrue(diff > 1e-3 * scale, "silencing must change the output, else the test proves nothing");
    }

    @Test
    void dcase21FlattenMappingPreservesTheForwardPass() {
        Checkpoint c = randomCheckpoint(Architectures.create("dcase21", 10, 40, 50), 7);
        assertSameForward(c, Map.of("C1", new int[] {0, 2, 3, 9, 15}, "C2", new int[] {1, 4, 5, 6, 12, 14},
                "C3", new int[] {0, 3, 17, 18, 30}), 11);
    }

    @Test
    void cnn6GlobalPoolHeadPreservesTheForwardPass() {
        Checkpoint c = randomCheckpoint(Architectures.create("cnn6", 5, 64, 64), 8);
        int[] evens = IntStream.range(0, 256).filter(i -> i % 2 == 0).toArray();
        int[] some = IntStream.range(0, 512).filter(i -> i % 3 != 1).toArray();
        assertSameForward(c, Map.of("C1", new int[] {3, 10, 40, 63}, "C3", evens, "C4", some), 12);
    }

    /** CNN14 as the issue asks: C12 → global pooling → fc1, on a short input to stay fast. */
    @Test
    void cnn14C12ToFc1PreservesTheForwardPass() {
        Checkpoint c = randomCheckpoint(Architectures.create("cnn14", 3, 64, 32), 9);
        int[] evens = IntStream.range(0, 1024).filter(i -> i % 2 == 0).toArray();
        int[] some = IntStream.range(0, 2048).filter(i -> i % 3 != 1).toArray();
        assertSameForward(c, Map.of("C1", new int[] {0, 7, 33, 60}, "C11", evens, "C12", some), 13);
    }
}
