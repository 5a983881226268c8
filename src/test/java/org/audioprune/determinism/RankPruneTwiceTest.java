package org.audioprune.determinism;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.model.Checkpoint;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same rank or prune command twice gives identical rankings, checkpoints and reports. */
class RankPruneTwiceTest {
    @TempDir
    Path tmp;
    String dataset;
    Path base;

    @BeforeEach
    void trainedBaseline() throws Exception {
        dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 8);
        base = tmp.resolve("base.ckpt");
        CliRun train = CliRun.of("train", "--dataset", dataset, "--out", base.toString(), "--epochs", "2",
                "--batch-size", "8", "--threads", "1", "--no-progress");
        assertEquals(0, train.code(), train.err());
    }

    @Test
    void rankTwiceGivesTheSameRanking() {
        for (String criterion : List.of("wdc", "bc", "l1", "fpgm", "random")) {
            String[] args = {"rank", "--checkpoint", base.toString(), "--all-layers", "--criterion", criterion,
                "--seed", "5", "--json"};
            CliRun first = CliRun.of(args);
            assertEquals(0, first.code(), criterion + ": " + first.err());
            assertTrue(first.out().contains("\"order\""), first.out());
            assertEquals(first.out(), CliRun.of(args).out(), criterion);
        }
    }

    @Test
    void pruneTwiceGivesIdenticalCheckpointsAndReports() throws Exception {
        Path[] outs = {tmp.resolve("one/pruned.ckpt"), tmp.resolve("two/pruned.ckpt")};
        for (Path out : outs) {
            Files.createDirectories(out.getParent());
            CliRun prune = CliRun.of("prune", "--checkpoint", base.toString(), "--criterion", "hrank", "--seed", "3",
                    "--preset", "paper", "--dataset", dataset, "--finetune-epochs", "2", "--batch-size", "8",
                    "--threads", "1", "--out", out.toString(), "--no-latency", "--no-progress");
            assertEquals(0, prune.code(), prune.err());
        }
        assertArrayEquals(Files.readAllBytes(outs[0].resolve(Checkpoint.WEIGHTS_FILE)),
                Files.readAllBytes(outs[1].resolve(Checkpoint.WEIGHTS_FILE)));
        assertEquals(TwoProcessTrainingTest.withoutTimings(Files.readString(outs[0].resolve(Checkpoint.SPEC_FILE))),
                TwoProcessTrainingTest.withoutTimings(Files.readString(outs[1].resolve(Checkpoint.SPEC_FILE))));
        Path reportA = Path.of(outs[0] + "-report");
        Path reportB = Path.of(outs[1] + "-report");
        for (String file : List.of(ReportWriter.JSON, ReportWriter.MARKDOWN, ReportWriter.PLOT)) {
            assertArrayEquals(Files.readAllBytes(reportA.resolve(file)), Files.readAllBytes(reportB.resolve(file)),
                    file);
        }
    }
}
