package org.audioprune.model;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.audioprune.AudioPruneException;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.model.layer.AdaptivePool;
import org.audioprune.model.layer.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by commit 583d993 (spec.json version 1), made by tools/legacy_checkpoints.sh,
 * still load, are upgraded to the self-contained spec of their family, and compute what that code
 * computed (its logits are the oracle).
 */
class LegacyCheckpointTest {
    private static final Path FIXTURES = Path.of("src/test/resources/model/legacy-v1");

    @TempDir
    Path dir;

    @BeforeAll
    static void singleThread() {
        EngineThreads.configure(1);
    }

    private static float[] oldLogits(String name) throws IOException {
        JsonNode values = new ObjectMapper().readTree(Files.readString(FIXTURES.resolve("logits.json"))).get(name);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    private static void assertSameLogits(Checkpoint c, String fixture) throws IOException {
        float[] x = InferenceLatency.randomInput(c.spec(), 3, 11);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 30;
        }
        float[] expected = oldLogits(fixture);
        try (NetworkRunner r = new NetworkRunner(c.spec(), c.weights())) {
            assertArrayEquals(expected, r.logits(x, 3), 1e-6f, fixture);
        }
    }

    @Test
    void dcase21IsUpgradedToItsFamilySpecAndComputesTheSame() throws IOException {
        Checkpoint c = Checkpoint.load(FIXTURES.resolve("dcase21-tiny.ckpt"));
        ArchitectureSpec expected = Architectures.create("dcase21", 10, 40, 50)
                .withConvWidths(Map.of("C1", 2, "C2", 2, "C3", 2));
        assertEquals(expected, c.spec());
        assertEquals(new ArchitectureSpec.InputShape(1, 40, 500), c.spec().referenceInput());
        assertEquals(Map.of("C1", 0.5, "C2", 0.5), c.spec().presets().get("paper"));
        assertInstanceOf(AdaptivePool.class, c.spec().layers().get(5), "the short-clip pool follows the input");
        // reported at 500 frames like the paper: fc1 still 4 wide, C3 pools (4, 100)
        assertEquals(Complexity.of(Architectures.create("dcase21", 10).withConvWidths(Map.of("C1", 2, "C2", 2,
                "C3", 2))).macs(), Complexity.of(c.spec().atReferenceInput()).macs());
        assertTrue(c.metadata().containsKey("keptFilters"));
        assertEquals(40, c.bandMean().length);
        assertSameLogits(c, "dcase21-tiny");
    }

    @Test
    void cnn6IsUpgradedAndComputesTheSame() throws IOException {
        Checkpoint c = Checkpoint.load(FIXTURES.resolve("cnn6-tiny.ckpt"));
        assertEquals(Architectures.create("cnn6", 10, 64, 101).withConvWidths(Map.of("C1", 4, "C2", 4, "C3", 4,
                "C4", 4)), c.spec());
        assertTrue(c.spec().multiLabel());
        assertEquals(new ArchitectureSpec.InputShape(1, 64, 1001), c.spec().referenceInput());
        assertSameLogits(c, "cnn6-tiny");
    }

    @Test
    void resavedAsTheCurrentVersionAndReloadedUnchanged() throws IOException {
        Checkpoint c = Checkpoint.load(FIXTURES.resolve("dcase21-tiny.ckpt"));
        Path f = dir.resolve("again.ckpt");
        c.save(f);
        assertTrue(Files.readString(f.resolve("spec.json")).contains("\"version\" : " + Checkpoint.VERSION));
        Checkpoint back = Checkpoint.load(f);
        assertEquals(c.spec(), back.spec());
        assertEquals(c.weights(), back.weights());
        assertEquals(c.metadata(), back.metadata());
    }

    private Path copy(String fixture) throws IOException {
        Path to = dir.resolve(fixture);
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(FIXTURES.resolve(fixture))) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    @Test
    void aVersion1SpecThatNoFamilyMatchesStandsAsStored() throws IOException {
        Path ckpt = copy("dcase21-tiny.ckpt");
        Path spec = ckpt.resolve("spec.json");
        String json = Files.readString(spec);
        String edited = json.replaceFirst("\"rate\" : 0\\.3", "\"rate\" : 0.25");
        assertNotEquals(json, edited);
        Files.writeString(spec, edited);
        Checkpoint c = Checkpoint.load(ckpt);
        assertEquals(c.spec().input(), c.spec().referenceInput(), "reported at its own input");
        assertEquals(Map.of(), c.spec().presets());
        Pool stored = assertInstanceOf(Pool.class, c.spec().layers().get(5));
        assertEquals(List.of(4, 10), List.of(stored.kernelH(), stored.kernelW()));
        assertSameLogits(c, "dcase21-tiny"); // dropout is the identity at inference
    }

    @Test
    void unknownVersionsAreRefused() throws IOException {
        Path ckpt = copy("cnn6-tiny.ckpt");
        Path spec = ckpt.resolve("spec.json");
        Files.writeString(spec, Files.readString(spec).replace("\"version\" : 1", "\"version\" : 9"));
        AudioPruneException e = assertThrows(AudioPruneException.class, () -> Checkpoint.load(ckpt));
        assertTrue(e.getMessage().startsWith(spec.toString()) && e.getMessage().contains("version 9"), e.getMessage());
    }
}
