package org.audioprune.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    private static PruningReport sample() {
        String cpu = "thread CPU";
        Latency base1 = new Latency("djl fold-bn+relu-after-pool+channels-last, 1 thread", cpu, 31, 4.0, 3.9, 4.2,
                Double.NaN, Double.NaN, Double.NaN);
        Latency base64 = new Latency("djl fold-bn+channels-last, 1 thread", cpu, 5, 100.0, 98.0, 103.0, Double.NaN,
                Double.NaN, Double.NaN);
        Latency pruned1 = new Latency("djl channels-last, 1 thread", cpu, 31, 1.0, 0.9, 1.1, 3.9, 3.8, 4.1);
        Latency pruned64 = new Latency("djl plain, 1 thread", cpu, 5, 40.0, 39.0, 41.0, 2.5, 2.4, 2.6);
        StageResult base = new StageResult(0.80, 46246, 286637800, base1, base64);
        StageResult pruned = new StageResult(0.50, 23822, 80602600, pruned1, pruned64);
        StageResult tuned = new StageResult(0.79, 23822, 80602600, pruned1, pruned64);
        return new PruningReport("dcase21", "builtin:instruments", "accuracy", base,
                List.of(new PruningRunResult("wdc", "paper", Map.of("C1", List.of(0, 3, 5)), pruned, tuned)),
                List.of("demo settings"));
    }

    @Test
    void tableShowsReductionsAndSpeedUpsAgainstTheBaseline() {
        String t = MarkdownReport.table(sample());
        // (46246 - 23822) / 46246 = 48.49 %; (286637800 - 80602600) / 286637800 = 71.88 %
        assertTrue(t.contains("| 48.5 |"), t);
        assertTrue(t.contains("| 71.9 |"), t);
        // the paired speed-up as measured (median and quartiles of per-round ratios), not a ratio of medians
        assertTrue(t.contains("| 1.000 (0.900–1.100) | 3.90× (3.80–4.10) |"), t);
        assertTrue(t.contains("| 4.000 (3.900–4.200) | — |"), t);
        assertTrue(t.contains("| 40.000 (39.000–41.000) | 2.50× (2.40–2.60) |"), t);
        assertTrue(t.contains("-1.00"), t);   // 79 % - 80 %
        assertTrue(t.contains("| 50.00 % | 79.00 % |"), t);
    }

    @Test
    void writesThreeFilesAndJsonRoundTrips() throws Exception {
        ReportWriter.write(sample(), dir);
        PruningReport back = ReportWriter.readJson(dir.resolve(ReportWriter.JSON));
        assertEquals(sample(), back);
        byte[] png = Files.readAllBytes(dir.resolve(ReportWriter.PLOT));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        String md = Files.readString(dir.resolve(ReportWriter.MARKDOWN));
        assertTrue(md.contains("C1 [0, 3, 5]"), md);
        assertTrue(md.contains("- baseline: `djl fold-bn+relu-after-pool+channels-last, 1 thread`; "
                + "`djl fold-bn+channels-last, 1 thread`"), md);
        assertTrue(md.contains("- wdc / paper: `djl channels-last, 1 thread`; `djl plain, 1 thread`"), md);
        assertTrue(md.contains("thread CPU time per call, ms, over 31 interleaved rounds at batch 1 and 5 at batch 64"),
                md);
    }
}
