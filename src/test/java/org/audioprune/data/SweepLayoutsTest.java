package org.audioprune.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.audioprune.CliRun;
import org.audioprune.report.SweepReportWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep} runs on each audio layout, on the small fixtures of {@link Fixtures}. */
class SweepLayoutsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tau2020", "esc50", "folder"})
    void sweepRunsOnTheLayout(String kind) throws Exception {
        Path dir = switch (kind) {
            case "tau2020" -> Fixtures.tau2020(tmp.resolve("tau"));
            case "esc50" -> Fixtures.esc50(tmp.resolve("esc"));
            default -> Fixtures.folder(tmp.resolve("folder"));
        };
        Path out = tmp.resolve("sweep");
        CliRun r = CliRun.of("sweep", "--dataset", kind + ":" + dir, "--baseline-epochs", "1", "--criteria", "l1",
                "--configs", "paper", "--seeds", "1", "--finetune-epochs", "1", "--batch-size", "4", "--no-latency",
                "--threads", "1", "--no-progress", "--out", out.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report").resolve(SweepReportWriter.JSON).toFile());
        assertEquals(kind + ":" + dir, json.get("dataset").asText());
        assertEquals(1, json.get("units").size());
        int classes = kind.equals("tau2020") ? Fixtures.TAU_SCENES.size() : kind.equals("esc50")
                ? Fixtures.ESC_CATEGORIES.size() : Fixtures.FOLDER_CLASSES.size();
        // dcase21 paper preset: 80 602 600 MACs for 10 classes; the 100-unit hidden layer feeds `classes` outputs
        assertEquals(80_602_600L - 100L * (10 - classes), json.get("cells").get(0).get("macs").asLong());
    }
}
