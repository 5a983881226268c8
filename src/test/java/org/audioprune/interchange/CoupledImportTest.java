package org.audioprune.interchange;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.model.djl.NetworkRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PANNs MobileNetV1/V2 and ResNet22/38 state dicts (reduced widths, PANNs' module names; made by
 * tools/make_coupled_fixtures.py with real torch) import and compute PyTorch's logits, in the DJL
 * block and in the inference form.
 */
class CoupledImportTest {

    @ParameterizedTest
    @CsvSource({
        "mobilenetv1, F1pw, 8, F13pw, 128",
        "mobilenetv2, F3pj, 3, F18, 160",
        "resnet22, L2_0_ds, 8, A2, 128",
        "resnet38, L3_5_c2, 8, A2, 64"})
    void importedNetworkMatchesPyTorch(String model, String conv, int width, String last, int lastWidth) {
        Checkpoint c = ImportFormat.PANNS.read(Fixture.path("panns_" + model + "_small.pth"),
                new ImportOptions(null, 96, null)).checkpoint();
        assertEquals(model, c.spec().name());
        assertEquals(width, c.spec().convWidths().get(conv));
        assertEquals(lastWidth, c.spec().convWidths().get(last));
        assertEquals(10, c.spec().numClasses());
        float[] x = Fixture.timeMelToMelTime(Fixture.floats("panns_" + model + "_input.npy"), 2, 96, 64);
        float[] expected = Fixture.floats("panns_" + model + "_logits.npy");
        try (NetworkRunner runner = new NetworkRunner(c.spec(), c.weights());
             InferenceOptimizer fast = InferenceOptimizer.build(c.spec(), c.weights())) {
            for (float[] logits : List.of(runner.logits(x, 2), fast.predict(x, 2))) {
                assertTrue(Fixture.maxAbsDiff(logits, expected) < 1e-4 * (1 + Fixture.maxAbsDiff(expected,
                        new float[expected.length])), model + ": " + Fixture.maxAbsDiff(logits, expected));
            }
        }
    }
}
