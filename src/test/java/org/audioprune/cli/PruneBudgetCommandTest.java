package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audioprune.CliRun;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prune --target-macs / --target-params}: the budget is met and the achieved figures reported. */
class PruneBudgetCommandTest {
    @TempDir
    Path tmp;

    private Path base() {
        ArchitectureSpec spec = Architectures.create("dcase21", 10);
        List<String> classes = java.util.stream.IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();
        Path base = tmp.resolve("base.ckpt");
        new Checkpoint(spec, classes, null, null, InferenceLatency.randomWeights(spec, 3), Map.of()).save(base);
        return base;
    }

    @Test
    void theDcaseMacLimitIsMetAndReported() throws Exception {
        Path out = tmp.resolve("small.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base().toString(), "--criterion", "l1", "--target-macs", "30M",
                "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("budget macs<=30000000: plan C1="), r.out());
        CliRun s = CliRun.of("summary", "--checkpoint", out.toString(), "--json");
        long macs = new ObjectMapper().readTree(s.out()).get("macs").asLong();
        assertTrue(macs <= 30_000_000L, "pruned network has " + macs + " MACs");
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "achieves %.2f M MACs", macs / 1e6)), r.out());
        assertTrue(Files.readString(tmp.resolve("small.ckpt-report/report.md")).contains("Budget macs<=30000000"));
    }

    @Test
    void aParameterBudgetOverChosenLayersKeepsTheOthers() throws Exception {
        Path out = tmp.resolve("p.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base().toString(), "--target-params", "23822",
                "--budget-layers", "C1-C2", "--out", out.toString(), "--no-latency");
        assertEquals(0, r.code(), r.err());
        // the paper preset's published count: the tightest budget it meets gives exactly it
        assertTrue(r.out().startsWith("budget params<=23822@C1-C2: plan C1=0.5,C2=0.5 achieves"), r.out());
        assertEquals(32, Checkpoint.load(out).spec().conv("C3").outChannels());
    }

    @Test
    void anUnreachableBudgetIsOneLineWithTheMinimumAndWritesNothing() {
        Path out = tmp.resolve("none.ckpt");
        CliRun r = CliRun.of("prune", "--checkpoint", base().toString(), "--target-macs", "1k", "--out",
                out.toString(), "--no-latency");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("audioprune: error: budget macs<=1000 is unreachable"), r.err());
        assertTrue(r.err().contains("the minimum achievable"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }
}
