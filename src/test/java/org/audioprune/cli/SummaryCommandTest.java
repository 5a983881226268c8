package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void dcase21JsonHasTheSpecTotals() throws Exception {
        JsonNode j = json("summary", "--model", "dcase21", "--json");
        assertEquals(46118, j.get("trainableParams").asLong());
        assertEquals(46246, j.get("params").asLong());
        assertEquals(286_637_800L, j.get("macs").asLong());
        assertEquals(500L * 2048 * 1025 * 2 + 500L * 1025 * 40, j.get("frontEndMacs").asLong());
        JsonNode c2 = j.get("layers").get(1);
        assertEquals("C2", c2.get("name").asText());
        assertEquals("conv", c2.get("type").asText());
        assertEquals(16, c2.get("outChannels").asInt());
        assertEquals(12_560 + 64, c2.get("params").asLong());
        assertEquals(250_880_000L, c2.get("macs").asLong());
    }

    @Test
    void cnn14JsonAndClassesOption() throws Exception {
        JsonNode j = json("summary", "--model", "cnn14", "--json");
        assertEquals(80_753_615L, j.get("trainableParams").asLong());
        assertEquals(20_041_926_656L, j.get("macs").asLong());
        JsonNode ten = json("summary", "--model", "cnn14", "--classes", "10", "--json");
        // classifier 2048 -> 10 instead of 2048 -> 527
        assertEquals(80_753_615L - 517L * 2049, ten.get("trainableParams").asLong());
    }

    @Test
    void checkpointSummaryUsesItsPrunedSpec() throws Exception {
        ArchitectureSpec spec = Architectures.create("dcase21").withConvWidths(Map.of("C1", 8, "C2", 8));
        Map<String, Tensor> w = new java.util.LinkedHashMap<>();
        spec.parameters().forEach(p -> w.put(p.name(), Tensor.zeros(p.shape())));
        List<String> classes = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        Path ckpt = dir.resolve("p.ckpt");
        new Checkpoint(spec, classes, null, null, w, Map.of()).save(ckpt);
        JsonNode j = json("summary", "--checkpoint", ckpt.toString(), "--json");
        assertEquals(23822, j.get("params").asLong());
        assertEquals(80_602_600L, j.get("macs").asLong());
    }

    @Test
    void tableListsLayersAndTotals() {
        CliRun r = CliRun.of("summary", "--model", "dcase21", "--frames", "100");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("32x2x1"), r.out());
        assertTrue(r.out().contains("46,118"), r.out());
    }

    @Test
    void badInputIsOneLineUserError() {
        CliRun r = CliRun.of("summary", "--model", "vgg");
        assertEquals(Main.EXIT_USER_ERROR, r.code());
        assertEquals("audioprune: error: unknown model 'vgg' (known: dcase21, cnn14, cnn10, cnn6, mobilenetv1, mobilenetv2, resnet22, resnet38)", r.err().strip());
        assertEquals(Main.EXIT_USER_ERROR, CliRun.of("summary").code());
        CliRun missing = CliRun.of("summary", "--checkpoint", dir.resolve("none.ckpt").toString());
        assertEquals(Main.EXIT_USER_ERROR, missing.code());
        assertTrue(missing.err().contains("none.ckpt"), missing.err());
    }
}
