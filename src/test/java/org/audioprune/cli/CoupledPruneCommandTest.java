package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.audioprune.CliRun;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.layer.ChannelGroup;
import org.audioprune.report.PruningReport;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group presets of the coupled networks through the ordinary prune command and report. */
class CoupledPruneCommandTest {
    @TempDir
    Path tmp;

    /** A random checkpoint of {@code model} at 64 × 64 with every channel group {@code factor} times narrower. */
    private Path randomCheckpoint(String model, int factor) {
        ArchitectureSpec full = Architectures.create(model, 4, 64, 64);
        Map<String, Integer> widths = new java.util.LinkedHashMap<>();
        full.channelGroups().forEach(g -> g.producers().forEach(p -> widths.put(p, g.width() / factor)));
        ArchitectureSpec spec = full.withConvWidths(widths);
        Path base = tmp.resolve(model + ".ckpt");
        List<String> classes = IntStream.range(0, 4).mapToObj(i -> "c" + i).toList();
        new Checkpoint(spec, classes, null, null, InferenceLatency.randomWeights(spec, 3), Map.of()).save(base);
        return base;
    }

    private static ChannelGroup group(ArchitectureSpec spec, String name) {
        return spec.channelGroups().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void mobileNetV2GroupPresetKeepsEveryMemberOfAGroupAlike() throws Exception {
        Path base = randomCheckpoint("mobilenetv2", 1);
        Path out = tmp.resolve("p.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "wdc", "--preset",
                "free@25+residual@25", "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        ArchitectureSpec pruned = Checkpoint.load(out).spec();
        // ⌈0.75 · n⌉: residual group F2pj 24 → 18, free expansion F3ex 144 → 108, F18 1280 → 960
        assertEquals(18, group(pruned, "F2pj").width());
        assertEquals(18, pruned.convWidths().get("F3pj"));
        assertEquals(108, group(pruned, "F3ex").width());
        assertEquals(960, group(pruned, "F18").width());
        PruningReport report = ReportWriter.readJson(tmp.resolve("p.ckpt-report").resolve(ReportWriter.JSON));
        Map<String, List<Integer>> kept = report.runs().get(0).keptFilters();
        assertEquals(kept.get("F2pj"), kept.get("F3pj"));
        assertEquals(18, kept.get("F2pj").size());
    }

    @Test
    void resNet22ResidualPresetWithConcatenatedGroupImportance() throws Exception {
        Path base = randomCheckpoint("resnet22", 8);
        Path out = tmp.resolve("r.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l2", "--preset", "residual@25",
                "--group-importance", "concatenated", "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        ArchitectureSpec pruned = Checkpoint.load(out).spec();
        // widths / 8, then ⌈0.75 · n⌉ on the residual groups: C2 8 → 6, L2_0_c2 (with L2_0_ds) 16 → 12
        assertEquals(6, group(pruned, "C2").width());
        assertEquals(12, pruned.convWidths().get("L2_0_ds"));
        assertEquals(16, pruned.convWidths().get("L2_0_c1"), "free groups untouched");
        CliRun bad = CliRun.of("prune", "--checkpoint", base.toString(), "--ratios", "L1_0_c2=0.5", "--out",
                tmp.resolve("x.ckpt").toString(), "--no-latency");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("is in channel group C2"), bad.err());
    }
}
