package org.audioprune.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.FormSearch;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The form search remembers its choice per network content, batch size and machine, and distrusts damaged entries. */
class FormCacheTest {
    @Test
    void remembersTheChoicePerNetworkContentBatchAndMachine(@TempDir Path dir) throws Exception {
        ArchitectureSpec spec = Architectures.create("dcase21", 10, 40, 50);
        Map<String, Tensor> weights = InferenceLatency.randomWeights(spec, 1);
        FormCache cache = new FormCache(dir, "test machine");
        FormSearch.Choice first = FormSearch.fastest(spec, weights, 1, List.of(1), cache);
        assertFalse(first.cached());

        FormSearch.Choice again = FormSearch.fastest(spec, weights, 1, List.of(1), cache);
        assertTrue(again.cached());
        assertEquals(first.form(), again.form());
        assertEquals(first.candidates(), again.candidates());
        assertEquals(first.clock(), again.clock());

        // another batch size, another machine, other weights: each its own entry
        assertFalse(FormSearch.fastest(spec, weights, 2, List.of(1), cache).cached());
        assertFalse(FormSearch.fastest(spec, weights, 1, List.of(1), new FormCache(dir, "other machine")).cached());
        Map<String, Tensor> changed = new HashMap<>(weights);
        Tensor w = weights.get("C1.weight");
        float[] data = w.data().clone();
        data[0] += 1e-3f;
        changed.put("C1.weight", new Tensor(w.shape(), data));
        assertNotEquals(FormCache.contentHash(spec, weights), FormCache.contentHash(spec, changed));
        assertFalse(FormSearch.fastest(spec, changed, 1, List.of(1), cache).cached());

        // a damaged entry is measured again, not trusted
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.writeString(p, "{ not json");
            }
        }
        assertFalse(FormSearch.fastest(spec, weights, 1, List.of(1), cache).cached());
        assertTrue(FormSearch.fastest(spec, weights, 1, List.of(1), cache).cached());
    }
}
