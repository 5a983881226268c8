package org.audioprune.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Complexity;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;

/**
 * For every architecture, unpruned and cut by surgery, the tensors a checkpoint stores hold exactly
 * the parameters {@link Complexity} counts (whose totals ComplexityTest checks against the
 * published figures): the layers' declared tensors, their counts and surgery agree.
 */
class StoredTensorsTest {

    private static Checkpoint zeros(ArchitectureSpec spec) {
        Map<String, Tensor> w = new LinkedHashMap<>();
        spec.parameters().forEach(p -> w.put(p.name(), Tensor.zeros(p.shape())));
        List<String> classes = IntStream.range(0, spec.numClasses()).mapToObj(i -> "c" + i).toList();
        return new Checkpoint(spec, classes, null, null, w, Map.of());
    }

    private static void assertStoredEqualsCounted(Checkpoint c, String what) {
        Complexity counted = Complexity.of(c.spec());
        long stored = c.weights().values().stream().mapToLong(t -> t.data().length).sum();
        long storedTrainable = c.spec().parameters().stream().filter(p -> p.trainable())
                .mapToLong(p -> c.weight(p.name()).data().length).sum();
        assertEquals(counted.params(), stored, what + ": stored vs counted parameters");
        assertEquals(counted.trainableParams(), storedTrainable, what + ": stored vs counted trainable parameters");
    }

    @Test
    void everyArchitecturePrunedAndUnpruned() {
        for (String name : Architectures.names()) {
            Checkpoint full = zeros(Architectures.create(name));
            assertStoredEqualsCounted(full, name);
            // keep every third filter of every conv layer (rounded up), and all of a 1-filter layer
            Map<String, int[]> kept = new LinkedHashMap<>();
            full.spec().convWidths().forEach((layer, n) ->
                    kept.put(layer, IntStream.range(0, n).filter(i -> i % 3 == 0).toArray()));
            Checkpoint pruned = Surgery.apply(full, kept);
            assertStoredEqualsCounted(pruned, name + " pruned");
            String first = full.spec().convLayerNames().get(0);
            assertEquals((full.spec().convWidths().get(first) + 2) / 3, pruned.spec().convWidths().get(first), name);
        }
    }
}
