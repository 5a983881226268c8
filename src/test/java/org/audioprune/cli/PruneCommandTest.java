package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.report.PruningReport;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCommandTest {
    @TempDir
    Path tmp;
    Path base;

    @BeforeEach
    void randomDcase21Checkpoint() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10);
        List<String> classes = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        base = tmp.resolve("base.ckpt");
        new Checkpoint(spec, classes, null, null, InferenceLatency.randomWeights(spec, 3), Map.of()).save(base);
    }

    private JsonNode summary(Path ckpt) throws Exception {
        CliRun s = CliRun.of("summary", "--checkpoint", ckpt.toString(), "--json");
        assertEquals(0, s.code(), s.err());
        return new ObjectMapper().readTree(s.out());
    }

    /** Oracle: the specification's pruned sizes, (8, 8, 32) → 23 822 params, 80 602 600 MACs. */
    @Test
    void paperPresetGivesTheSpecsPrunedCounts() throws Exception {
        Path out = tmp.resolve("paper.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "wdc", "--preset", "paper",
                "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(23822, s.get("params").asLong());
        assertEquals(80602600, s.get("macs").asLong());
        PruningReport report = ReportWriter.readJson(tmp.resolve("paper.ckpt-report").resolve(ReportWriter.JSON));
        assertEquals(46246, report.baseline().params());
        assertEquals(8, report.runs().get(0).keptFilters().get("C1").size());
        assertEquals(List.of("C1", "C2"), List.copyOf(report.runs().get(0).keptFilters().keySet()));
    }

    /** Oracle: (12, 12, 24) → 27 906 params, 164 175 400 MACs, via per-layer ratios. */
    @Test
    void perLayerRatiosGiveTheSpecsPrunedCounts() throws Exception {
        Path out = tmp.resolve("r.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l1",
                "--ratios", "C1=0.25,C2=0.25,C3=0.25", "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(out);
        assertEquals(27906, s.get("params").asLong());
        assertEquals(164175400, s.get("macs").asLong());
    }

    @Test
    void keptFiltersFollowTheCriterionsOrder() {
        Path out = tmp.resolve("l1.ckpt");
        assertEquals(0, CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l1", "--ratio", "0.5",
                "--layers", "C1", "--out", out.toString(), "--no-latency").code());
        Checkpoint b = Checkpoint.load(base);
        float[] w = b.weight("C1.weight").data();
        double[] norms = new double[16];
        for (int i = 0; i < w.length; i++) {
            norms[i / 49] += Math.abs(w[i]);
        }
        // the 8 kept filters of C1 are the 8 largest L1 norms
        double[] sorted = norms.clone();
        java.util.Arrays.sort(sorted);
        double threshold = sorted[8];
        List<Integer> kept = ReportWriter.readJson(tmp.resolve("l1.ckpt-report").resolve(ReportWriter.JSON))
                .runs().get(0).keptFilters().get("C1");
        for (int i = 0; i < 16; i++) {
            assertEquals(norms[i] >= threshold, kept.contains(i), "filter " + i);
        }
    }

    @Test
    void badRatiosAndCriteriaAreOneLineErrorsThatLeaveOutputsAlone() throws Exception {
        // an existing checkpoint at --out is a valid target, so each run gets as far as the bad option
        Path out = tmp.resolve("existing.ckpt");
        Checkpoint.load(base).withMetadata("old", true).save(out);
        byte[] spec = Files.readAllBytes(out.resolve(Checkpoint.SPEC_FILE));
        byte[] weights = Files.readAllBytes(out.resolve(Checkpoint.WEIGHTS_FILE));
        for (String[] args : List.of(
                new String[] {"--ratio", "1.0", "--layers", "C1"},
                new String[] {"--ratio", "-0.1", "--layers", "C1"},
                new String[] {"--ratios", "C9=0.5"},
                new String[] {"--preset", "c7-c12@25"},
                new String[] {"--preset", "paper", "--criterion", "nope"},
                new String[] {"--preset", "paper", "--criterion", "hrank"})) {
            List<String> all = new java.util.ArrayList<>(List.of("prune", "--checkpoint", base.toString(),
                    "--out", out.toString(), "--no-latency"));
            Collections.addAll(all, args);
            CliRun r = CliRun.of(all.toArray(String[]::new));
            assertEquals(Main.EXIT_USER_ERROR, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("audioprune: error: "), r.err());
        }
        assertArrayEquals(spec, Files.readAllBytes(out.resolve(Checkpoint.SPEC_FILE)));
        assertArrayEquals(weights, Files.readAllBytes(out.resolve(Checkpoint.WEIGHTS_FILE)));
        assertFalse(Files.exists(tmp.resolve("existing.ckpt-report")));
    }

    @Test
    void missingCheckpointNamesTheFile() {
        CliRun r = CliRun.of("prune", "--checkpoint", tmp.resolve("nope.ckpt").toString(), "--preset", "paper",
                "--out", tmp.resolve("o.ckpt").toString());
        assertEquals(Main.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().contains("nope.ckpt"), r.err());
    }
}
