package org.audioprune.train;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.NetworkRunner;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {
    @Test
    void textReportsAClassWithoutTestClips() {
        EngineThreads.configure(1);
        // three classes, but clips only of class0 and class1 (clip i has class i mod 3)
        InMemoryFeatureSet test = InMemoryFeatureSet.separable(2, 3, 40, 20, 1f, 0f, 7);
        ArchitectureSpec spec = Architectures.create("dcase21", 3, 40, 20);
        Checkpoint checkpoint;
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            checkpoint = new Checkpoint(spec, test.classNames(), null, null, runner.weights(), null);
        }
        EvaluationResult r = Evaluator.evaluate(checkpoint, test, "test");
        assertNull(r.perClassAccuracy().get("class2"), "no clips: no accuracy");
        String text = r.toText();
        assertTrue(text.matches("(?s).*per class:\\n(.*\\n)*  class2 +no clips\\n.*"), text);
    }
}
