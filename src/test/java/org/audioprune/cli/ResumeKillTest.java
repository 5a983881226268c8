package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.ChildJvm;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 6, with a real kill: {@code train} in a child JVM is killed with SIGKILL after a few
 * epochs; {@code train --resume} continues it, and the checkpoint's weights are byte-identical to
 * those of an uninterrupted run. On main a killed run started again from epoch 0.
 */
class ResumeKillTest {
    @TempDir
    Path tmp;

    @Test
    void trainKilledWithSigkillResumesToTheSameBytes() throws Exception {
        String dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 10);
        List<String> common = List.of("train", "--dataset", dataset, "--epochs", "14", "--batch-size", "4",
                "--threads", "1", "--no-progress", "--spec-augment", "--mixup", "--seed", "5");
        Path whole = tmp.resolve("whole.ckpt");
        CliRun uninterrupted = CliRun.of(args(common, "--out", whole.toString()));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        Path killed = tmp.resolve("killed.ckpt");
        Path state = tmp.resolve("killed.ckpt.state/state.json");
        try (ChildJvm child = ChildJvm.start(tmp, tmp.resolve("child.log"), Main.class, args(common, "--out",
                killed.toString()))) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (epochsDone(state) < 3) {
                assertTrue(child.process().isAlive(), "child ended early: " + child.lines());
                assertTrue(System.nanoTime() < deadline, "no state after 3 epochs: " + child.lines());
                Thread.sleep(5);
            }
            child.kill();
        }
        assertFalse(Files.exists(killed), "the child finished before the kill");

        CliRun resumed = CliRun.of(args(common, "--out", killed.toString(), "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resumed after epoch "), resumed.out());
        assertArrayEquals(Files.readAllBytes(whole.resolve(Checkpoint.WEIGHTS_FILE)),
                Files.readAllBytes(killed.resolve(Checkpoint.WEIGHTS_FILE)));
        assertFalse(Files.exists(state.getParent()), "the state is deleted once the checkpoint is written");
    }

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Epochs recorded in a state file, 0 while there is none (or it is being replaced). */
    private static int epochsDone(Path stateJson) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(stateJson.toFile()).get("epochs").asInt();
        } catch (Exception e) {
            return 0;
        }
    }
}
