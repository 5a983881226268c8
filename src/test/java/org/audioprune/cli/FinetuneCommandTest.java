package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.audioprune.ToneWav;
import org.audioprune.CliRun;
import java.nio.file.Path;
import org.audioprune.model.Checkpoint;
import org.audioprune.report.PruningReport;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → prune with an active criterion and fine-tuning → finetune again, on tiny tone clips. */
class FinetuneCommandTest {
    @TempDir
    Path tmp;

    @Test
    void pruneWithDataThenFinetune() throws Exception {
        String dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 10);
        Path base = tmp.resolve("base.ckpt");
        CliRun train = CliRun.of("train", "--dataset", dataset, "--out", base.toString(), "--epochs", "2",
                "--batch-size", "8", "--no-progress");
        assertEquals(0, train.code(), train.err());

        Path pruned = tmp.resolve("pruned.ckpt");
        CliRun prune = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "hrank", "--preset",
                "uniform-50", "--out", pruned.toString(), "--dataset", dataset, "--finetune-epochs", "1",
                "--batch-size", "8", "--no-progress", "--no-latency");
        assertEquals(0, prune.code(), prune.err());
        PruningReport report = ReportWriter.readJson(tmp.resolve("pruned.ckpt-report").resolve(ReportWriter.JSON));
        assertFalse(Double.isNaN(report.baseline().metric()));
        assertFalse(Double.isNaN(report.runs().get(0).pruned().metric()));
        assertNotNull(report.runs().get(0).finetuned());
        // uniform-50 on dcase21: (8, 8, 16) kept → 14 270 params with 10 classes (specification); this
        // 2-class head has 8 × (100 + 1) fewer
        assertEquals(14270 - 8 * 101, report.runs().get(0).finetuned().params());
        assertEquals(16, Checkpoint.load(pruned).spec().conv("C3").outChannels());

        Path tuned = tmp.resolve("tuned.ckpt");
        CliRun ft = CliRun.of("finetune", "--checkpoint", pruned.toString(), "--dataset", dataset, "--out",
                tuned.toString(), "--epochs", "1", "--batch-size", "8", "--no-progress");
        assertEquals(0, ft.code(), ft.err());
        assertTrue(ft.out().contains("before"), ft.out());
        assertEquals(Checkpoint.load(pruned).spec(), Checkpoint.load(tuned).spec());

        CliRun noData = CliRun.of("finetune", "--checkpoint", pruned.toString(), "--out", tuned.toString());
        assertEquals(Main.EXIT_USER_ERROR, noData.code());
        assertTrue(noData.err().contains("--dataset"), noData.err());
    }
}
