package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.AudioPruneException;
import org.audioprune.audio.FrontEndId;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.layer.TensorSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    /** Weights whose values are distinct per tensor and position. */
    static Map<String, Tensor> weights(ArchitectureSpec spec) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        int k = 0;
        for (TensorSpec p : spec.parameters()) {
            Tensor t = Tensor.zeros(p.shape());
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] = k * 1000 + i * 0.5f;
            }
            w.put(p.name(), t);
            k++;
        }
        return w;
    }

    static Checkpoint checkpoint(ArchitectureSpec spec) {
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "class" + i).toList();
        float[] mean = new float[spec.input().nMels()];
        float[] std = new float[spec.input().nMels()];
        java.util.Arrays.fill(std, 2f);
        mean[3] = -1.25f;
        return new Checkpoint(spec, classes, mean, std, weights(spec), Map.of("epochs", 3, "note", "test"));
    }

    @Test
    void saveLoadRoundTrip() {
        Checkpoint c = checkpoint(Architectures.create("dcase21", 10, 40, 50));
        Path f = dir.resolve("m.ckpt");
        c.save(f);
        assertTrue(Files.isRegularFile(f.resolve("spec.json")));
        assertTrue(Files.isRegularFile(f.resolve("weights.safetensors")));
        Checkpoint back = Checkpoint.load(f);
        assertEquals(c.spec(), back.spec());
        assertEquals(c.classNames(), back.classNames());
        assertArrayEquals(c.bandMean(), back.bandMean());
        assertArrayEquals(c.bandStd(), back.bandStd());
        assertEquals(c.weights(), back.weights());
        assertEquals(List.copyOf(c.weights().keySet()), List.copyOf(back.weights().keySet()));
        assertEquals(3, back.metadata().get("epochs"));
        assertEquals(FrontEndId.DCASE21, back.frontEnd());
    }

    @Test
    void prunedCheckpointLoadsWithoutFlags() {
        ArchitectureSpec pruned = Architectures.create("dcase21").withConvWidths(Map.of("C1", 8, "C2", 8));
        Path f = dir.resolve("p.ckpt");
        checkpoint(pruned).save(f);
        Checkpoint back = Checkpoint.load(f);
        assertArrayEquals(new long[] {8, 8, 7, 7}, back.weight("C2.weight").shape());
        assertArrayEquals(new long[] {32, 8, 7, 7}, back.weight("C3.weight").shape());
    }

    @Test
    void saveReplacesAnExistingCheckpoint() {
        Path f = dir.resolve("m.ckpt");
        checkpoint(Architectures.create("dcase21", 10, 40, 50)).save(f);
        checkpoint(Architectures.create("dcase21", 3, 40, 50)).save(f);
        assertEquals(3, Checkpoint.load(f).spec().numClasses());
    }

    private Path withWeights(Map<String, Tensor> w) {
        Path f = dir.resolve("bad.ckpt");
        checkpoint(Architectures.create("dcase21", 10, 40, 50)).save(f);
        Map<String, SafeTensors.F32> stored = new LinkedHashMap<>();
        w.forEach((name, t) -> stored.put(name, new SafeTensors.F32(t.shape(), t.data())));
        SafeTensors.write(f.resolve("weights.safetensors"), stored, Map.of());
        return f;
    }

    private void assertRefused(Path ckpt, String fragment) {
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Checkpoint.load(ckpt));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith(ckpt.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesMismatchedMissingExtraAndNonFiniteTensors() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        Map<String, Tensor> w = weights(spec);
        w.put("C2.weight", Tensor.zeros(16, 15, 7, 7));
        assertRefused(withWeights(w), "C2.weight has shape [16, 15, 7, 7] but the spec needs [16, 16, 7, 7]");

        w = weights(spec);
        w.remove("C3.bn.running_var");
        assertRefused(withWeights(w), "C3.bn.running_var is missing");

        w = weights(spec);
        w.put("C4.weight", Tensor.zeros(1));
        assertRefused(withWeights(w), "C4.weight is not a parameter");

        w = weights(spec);
        w.get("fc1.bias").data()[7] = Float.NaN;
        assertRefused(withWeights(w), "fc1.bias has a non-finite value (NaN) at flat index 7");
    }

    @Test
    void refusesBrokenSpecJson() throws Exception {
        Path f = dir.resolve("m.ckpt");
        checkpoint(Architectures.create("dcase21", 10, 40, 50)).save(f);
        Path spec = f.resolve("spec.json");
        String json = Files.readString(spec);
        Files.writeString(spec, json.replace("\"class9\"", "\"class9\", \"class10\""));
        assertRefused(f, "11 class names");
        Files.writeString(spec, json.replace("audioprune-checkpoint", "other"));
        assertRefused(f, "not an audioprune-checkpoint");
        Files.writeString(spec, "{");
        assertRefused(f, "invalid checkpoint");
        Files.delete(spec);
        assertRefused(f, "no such file");
        assertRefused(dir.resolve("nothing.ckpt"), "not a checkpoint folder");
    }

    @Test
    void constructorRejectsBadNormalisation() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        assertThrows(AudioPruneException.class,
                () -> new Checkpoint(spec, classes, new float[3], new float[3], weights(spec), Map.of()));
        assertThrows(AudioPruneException.class,
                () -> new Checkpoint(spec, classes, new float[40], new float[40], weights(spec), Map.of()));
        assertEquals(0, new Checkpoint(spec, classes, null, null, weights(spec), null).bandMean().length);
    }
}
