package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.audioprune.CliRun;
import org.audioprune.model.Checkpoint;
import org.audioprune.report.SweepReportWriter;
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
            "--clips-per-class", "6", "--epochs", "1", "--baseline-seeds", "1", "--finetune-epochs", "1", "--criteria",
            "wdc,random", "--configs", "paper", "--no-progress"};
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("| paper | wdc | C1=0.5,C2=0.5 | 1 |"), first.out());
        Path report = out.resolve("report");
        JsonNode json = new ObjectMapper().readTree(report.resolve(SweepReportWriter.JSON).toFile());
        // spec oracle for 10 classes: 46 246 params and 286 637 800 MACs, the paper preset (8, 8, 32) 23 822 and
        // 80 602 600; instruments-hard has 28 classes: the 100-unit hidden layer feeds 18 more outputs,
        // 18 × (100 + 1) parameters and 18 × 100 MACs more
        assertEquals(46246 + 1818, json.get("baseline").get("params").asLong());
        assertEquals(286637800 + 1800, json.get("baseline").get("macs").asLong());
        assertEquals(2, json.get("cells").size());
        for (JsonNode cell : json.get("cells")) {
            assertEquals(23822 + 1818, cell.get("params").asLong());
            assertEquals(80602600 + 1800, cell.get("macs").asLong());
            JsonNode latency = cell.get("latencyBatch1");
            assertTrue(latency.get("medianMs").asDouble() > 0, latency.toString());
            assertTrue(latency.get("q1Ms").asDouble() <= latency.get("medianMs").asDouble(), latency.toString());
            assertTrue(latency.get("speedUp").asDouble() > 0, latency.toString());
            assertTrue(latency.get("form").asText().startsWith("djl "), latency.toString());
            assertEquals(21, latency.get("rounds").asInt(), "--quick: the recommended minimum of rounds");
            double acc = cell.get("finetuned").get("mean").asDouble();
            assertTrue(acc >= 0 && acc <= 1, cell.toString());
        }
        assertTrue(Files.size(report.resolve(SweepReportWriter.PLOT)) > 1000);
        assertTrue(Files.readString(report.resolve(SweepReportWriter.MARKDOWN)).contains("Claim check, wdc"));
        assertTrue(Files.readString(report.resolve(SweepReportWriter.MARKDOWN)).contains("Inference forms (batch 1; "
                + "batch 64): baseline"));
        Checkpoint tuned = Checkpoint.load(out.resolve("runs/units/b0-wdc-paper-s0/network.ckpt"));
        assertEquals(8, tuned.spec().conv("C2").outChannels());
        String units = Files.readString(report.resolve(SweepReportWriter.UNITS));

        CliRun second = CliRun.of(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("0 trained, 1 reused"), second.out());
        assertTrue(second.out().contains("0 computed, 2 reused"), second.out());
        // a reused run reports what the fresh one measured
        assertEquals(units, Files.readString(report.resolve(SweepReportWriter.UNITS)));
    }
}
