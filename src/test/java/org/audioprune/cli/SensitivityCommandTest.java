package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.prune.Sensitivity;
import org.audioprune.report.ReportWriter;
import org.audioprune.report.SensitivityReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sensitivity}: one layer at a time, the same numbers as pruning that layer with {@code prune}. */
class SensitivityCommandTest {
    @TempDir
    Path tmp;

    @Test
    void eachPointIsWhatPruningThatLayerAloneMeasuresAndItGuidesABudget() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 8);
        Path base = tmp.resolve("base.ckpt");
        CliRun t = CliRun.of("train", "--dataset", data, "--epochs", "2", "--batch-size", "4", "--out", base.toString(),
                "--no-progress", "--threads", "1");
        assertEquals(0, t.code(), t.err());
        Path out = tmp.resolve("sens");
        CliRun s = CliRun.of("sensitivity", "--checkpoint", base.toString(), "--dataset", data, "--criteria", "l1",
                "--ratios", "0.25,0.5,0.75", "--split", "test", "--out", out.toString(), "--no-progress");
        assertEquals(0, s.code(), s.err());
        SensitivityReport report = SensitivityReport.read(out.resolve(SensitivityReport.JSON));
        Sensitivity l1 = report.criteria().get(0);
        assertEquals(List.of("C1", "C2", "C3"), l1.layers().stream().map(Sensitivity.Curve::layer).toList());
        assertTrue(Files.size(out.resolve("sensitivity-l1.png")) > 1000);
        assertTrue(Files.readString(out.resolve("sensitivity.csv")).startsWith("criterion,layer,ratio,accuracy"));

        // the oracle: prune's own measurement of C2 at 0.5 alone, on the same test split
        Path pruned = tmp.resolve("c2.ckpt");
        CliRun p = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l1", "--ratios", "C2=0.5",
                "--dataset", data, "--out", pruned.toString(), "--no-latency", "--no-progress");
        assertEquals(0, p.code(), p.err());
        double expected = ReportWriter.readJson(tmp.resolve("c2.ckpt-report").resolve(ReportWriter.JSON)).runs().get(0)
                .pruned().metric();
        assertEquals(expected, l1.curve("C2").metrics().get(1));

        CliRun guided = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "l1", "--target-macs",
                "100M", "--sensitivity", out.resolve(SensitivityReport.JSON).toString(), "--out",
                tmp.resolve("g.ckpt").toString(), "--no-latency");
        assertEquals(0, guided.code(), guided.err());
        assertTrue(guided.out().contains("(guided by "), guided.out());
        // a sweep's budget guided by the same file finds the same plan as prune, and shows the curves
        Path sweep = tmp.resolve("sweep");
        CliRun swept = CliRun.of("sweep", "--dataset", data, "--checkpoint", base.toString(), "--criteria", "l1",
                "--configs", "macs<=100M", "--sensitivity", out.resolve(SensitivityReport.JSON).toString(), "--seeds",
                "1", "--finetune-epochs", "0", "--no-latency", "--threads", "1", "--no-progress", "--out",
                sweep.toString());
        assertEquals(0, swept.code(), swept.err());
        String plan = guided.out().substring(guided.out().indexOf(": plan ") + 7, guided.out().indexOf(" achieves"));
        assertTrue(Files.readString(sweep.resolve("report/cells.csv")).contains("macs<=100M,l1," + plan + ","),
                plan);
        assertTrue(Files.size(sweep.resolve("report/sensitivity-l1.png")) > 1000);

        CliRun wrong = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "wdc", "--target-macs",
                "100M", "--sensitivity", out.resolve(SensitivityReport.JSON).toString(), "--out",
                tmp.resolve("w.ckpt").toString(), "--no-latency");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("no sensitivity of criterion wdc (measured: l1)"), wrong.err());
    }
}
