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
        StageResult base = new StageResult(0.80, 46246, 286637800, 4.0, 100.0);
        StageResult pruned = new StageResult(0.50, 23822, 80602600, 1.0, 40.0);
        StageResult tuned = new StageResult(0.79, 23822, 80602600, 1.0, 40.0);
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
        assertTrue(t.contains("4.00×"), t);   // 4.0 ms / 1.0 ms
        assertTrue(t.contains("2.50×"), t);   // 100 ms / 40 ms
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
        assertTrue(Files.readString(dir.resolve(ReportWriter.MARKDOWN)).contains("C1 [0, 3, 5]"));
    }
}
