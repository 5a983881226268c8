package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.report.SweepReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep} on a tiny folder dataset: units, reuse, refusal of a changed option, the report's files. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void aSweepRecordsEveryUnitReusesThemAndRefusesAChangedOption() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 8);
        Path out = tmp.resolve("sweep");
        List<String> common = List.of("sweep", "--dataset", data, "--baseline-epochs", "1", "--criteria", "l1,random",
                "--configs", "paper,macs<=30M", "--finetune-epochs", "1", "--batch-size", "4", "--no-latency",
                "--threads", "1", "--no-progress", "--out", out.toString());
        CliRun first = CliRun.of(args(common, "--seeds", "2"));
        assertEquals(0, first.code(), first.err() + first.out());
        assertTrue(first.out().contains("8 computed, 0 reused"), first.out());
        Path report = out.resolve("report");
        for (String f : List.of(SweepReportWriter.MARKDOWN, SweepReportWriter.HTML, SweepReportWriter.JSON,
                SweepReportWriter.CELLS, SweepReportWriter.COMPARISONS, SweepReportWriter.UNITS, SweepReportWriter.PLOT)) {
            assertTrue(Files.size(report.resolve(f)) > 100, f);
        }
        JsonNode json = new ObjectMapper().readTree(report.resolve(SweepReportWriter.JSON).toFile());
        assertEquals(4, json.get("cells").size());
        assertEquals(8, json.get("units").size());
        // the paper preset's published count (80 602 600 MACs for 10 classes) less the classifier's
        // 100 × (10 − 2) for these 2 classes; and the DCASE budget met
        for (JsonNode cell : json.get("cells")) {
            if (cell.get("configuration").asText().equals("paper")) {
                assertEquals(80_602_600L - 800, cell.get("macs").asLong());
            } else {
                assertTrue(cell.get("macs").asLong() <= 30_000_000L, cell.toString());
            }
            assertEquals(2, cell.get("finetuned").get("n").asInt());
        }
        assertEquals(2, json.get("comparisons").size(), "l1 vs random at each configuration");
        String html = Files.readString(report.resolve(SweepReportWriter.HTML));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("<style>"), "self-contained HTML");
        assertTrue(Files.readString(report.resolve(SweepReportWriter.MARKDOWN)).contains("Command: `audioprune sweep "
                + String.join(" ", args(common, "--seeds", "2")).substring("sweep ".length()).replace("paper,macs<=30M",
                "'paper,macs<=30M'") + "`"), Files.readString(report.resolve(SweepReportWriter.MARKDOWN)));

        CliRun again = CliRun.of(args(common, "--seeds", "2"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 computed, 8 reused"), again.out());
        assertTrue(again.out().contains("0 trained, 1 reused"), again.out());

        CliRun more = CliRun.of(args(common, "--seeds", "3"));
        assertEquals(0, more.code(), more.err());
        assertTrue(more.out().contains("4 computed, 8 reused"), more.out());

        List<String> changed = new ArrayList<>(common);
        changed.set(changed.indexOf("--finetune-epochs") + 1, "2");
        CliRun refused = CliRun.of(args(changed, "--seeds", "3"));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--finetune-epochs: 1 there, 2 now"), refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
    }

    @Test
    void aGivenCheckpointIsTheBaselineAndAnotherOneIsRefused() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 8);
        Path base = tmp.resolve("base.ckpt");
        CliRun t = CliRun.of("train", "--dataset", data, "--epochs", "1", "--batch-size", "4", "--out", base.toString(),
                "--no-progress", "--threads", "1");
        assertEquals(0, t.code(), t.err());
        Path out = tmp.resolve("sweep");
        String[] args = {"sweep", "--dataset", data, "--checkpoint", base.toString(), "--criteria", "l1,wdc",
            "--configs", "C1=0.5+C2=0.25", "--seeds", "2", "--finetune-epochs", "0", "--no-latency", "--threads", "1",
            "--no-progress", "--out", out.toString()};
        CliRun r = CliRun.of(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isDirectory(out.resolve("runs/units/ckpt-l1-C1=0.5+C2=0.25-s1/network.ckpt")));
        JsonNode json = new ObjectMapper().readTree(out.resolve("report").resolve(SweepReportWriter.JSON).toFile());
        JsonNode cell = json.get("cells").get(0);
        assertEquals("C1=0.5,C2=0.25", cell.get("plan").asText());
        // without fine-tuning, l1 and wdc are deterministic: both seeds prune alike
        assertEquals(0, cell.get("pruned").get("standardDeviation").asDouble(), 1e-12);
        assertTrue(cell.get("finetuned").isNull());

        CliRun retrained = CliRun.of("train", "--dataset", data, "--epochs", "1", "--batch-size", "4", "--seed", "7",
                "--out", base.toString(), "--no-progress", "--threads", "1");
        assertEquals(0, retrained.code(), retrained.err());
        CliRun refused = CliRun.of(args);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--checkpoint: "), refused.err());
    }

    @Test
    void aBadConfigurationIsRefusedBeforeAnythingIsWritten() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 4);
        Path out = tmp.resolve("none");
        CliRun r = CliRun.of("sweep", "--dataset", data, "--configs", "paper,macs<=10k", "--out", out.toString(),
                "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("budget macs<=10000 is unreachable"), r.err());
        assertFalse(Files.exists(out));
        CliRun resume = CliRun.of("sweep", "--dataset", data, "--configs", "paper", "--out", out.toString(), "--resume",
                "--no-progress");
        assertEquals(2, resume.code());
        assertTrue(resume.err().contains("--resume: a sweep always continues its units"), resume.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aFolderThatIsNotASweepIsRefusedBeforeAnyWork() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 4);
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "keep me");
        CliRun r = CliRun.of("sweep", "--dataset", data, "--configs", "paper", "--out", out.toString(), "--no-progress");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an AudioPrune sweep folder"), r.err());
        assertEquals(List.of(out.resolve("notes.txt")), Files.list(out).toList());
    }
}
