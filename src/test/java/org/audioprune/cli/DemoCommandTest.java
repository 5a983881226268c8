package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.model.Checkpoint;
import org.audioprune.report.PruningReport;
import org.audioprune.report.PruningRunResult;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end on a tiny built-in dataset, then again to show that finished work is reused. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void tinyDemoWritesTheReportAndReusesItsWork() throws Exception {
        Path out = tmp.resolve("demo");
        String[] args = {"demo", "--quick", "--out", out.toString(), "--cache", tmp.resolve("cache").toString(),
            "--clips-per-class", "6", "--epochs", "1", "--finetune-epochs", "1", "--criteria", "wdc,random",
            "--configs", "paper", "--no-progress"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("| wdc | paper |"), first.out());
        PruningReport report = ReportWriter.readJson(out.resolve(ReportWriter.JSON));
        assertEquals(List.of("wdc", "random"), report.runs().stream().map(PruningRunResult::criterion).toList());
        // spec oracle: the paper preset on dcase21 keeps (8, 8, 32) → 23 822 params, 80 602 600 MACs
        assertEquals(46246, report.baseline().params());
        assertEquals(286637800, report.baseline().macs());
        for (PruningRunResult run : report.runs()) {
            assertEquals(23822, run.finetuned().params());
            assertEquals(80602600, run.finetuned().macs());
            assertTrue(run.finetuned().latencyMsBatch1() > 0);
            assertTrue(run.finetuned().metric() >= 0 && run.finetuned().metric() <= 1);
        }
        assertTrue(Files.size(out.resolve(ReportWriter.PLOT)) > 1000);
        assertTrue(Files.readString(out.resolve(ReportWriter.MARKDOWN)).contains("Claim check, wdc"));
        Checkpoint tuned = Checkpoint.load(out.resolve("runs/wdc-paper.ckpt"));
        assertEquals(8, tuned.spec().conv("C2").outChannels());

        CliRun second = CliRun.of(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("reusing " + out.resolve("baseline.ckpt")), second.out());
        assertTrue(second.out().contains("reusing " + out.resolve("runs/random-paper.ckpt")), second.out());
        // a reused run reports what the fresh one measured
        PruningReport again = ReportWriter.readJson(out.resolve(ReportWriter.JSON));
        for (int i = 0; i < report.runs().size(); i++) {
            PruningRunResult before = report.runs().get(i);
            PruningRunResult after = again.runs().get(i);
            assertEquals(before.keptFilters(), after.keptFilters());
            assertEquals(before.pruned().metric(), after.pruned().metric());
            assertEquals(before.finetuned().metric(), after.finetuned().metric());
            assertEquals(before.finetuned().macs(), after.finetuned().macs());
        }
    }
}
