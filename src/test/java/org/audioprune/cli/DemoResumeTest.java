package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audioprune.CliRun;
import org.audioprune.io.CrashHook;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 6: the demo resumes inside a run. A demo crashes (as kill -9 would: no clean-up)
 * right after the first epoch of a fine-tuning is saved; the next demo continues that fine-tuning
 * in the same unit and ends with the same weights as a demo that never stopped.
 */
class DemoResumeTest {
    private static final String UNIT = "b0-l1-paper-s0";

    @TempDir
    Path tmp;

    @AfterEach
    void noCrash() {
        CrashHook.off();
    }

    private String[] demo(Path out) {
        List<String> args = new ArrayList<>(List.of("demo", "--quick", "--out", out.toString(), "--cache",
                tmp.resolve("cache").toString(), "--clips-per-class", "6", "--epochs", "1", "--baseline-seeds", "1",
                "--finetune-epochs", "3", "--criteria", "l1", "--configs", "paper", "--no-progress", "--threads", "1",
                "--no-latency")); // resuming is the point here; DemoCommandTest covers latency
        return args.toArray(String[]::new);
    }

    @Test
    void aKilledFineTuneContinuesAndEndsWithTheUninterruptedWeights() throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals(0, CliRun.of(demo(whole)).code());
        assertFalse(Files.exists(whole.resolve("runs/units/" + UNIT + "/resumed.txt")));

        Path killed = tmp.resolve("killed");
        CrashHook.at("done", UNIT + ".state", 1);
        assertThrows(CrashHook.Crash.class, () -> CliRun.of(demo(killed)));
        CrashHook.off();
        assertTrue(Files.isDirectory(killed.resolve("states/" + UNIT + ".state")));
        assertFalse(Files.exists(killed.resolve("runs/units/" + UNIT)));

        CliRun resumed = CliRun.of(demo(killed));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("0 trained, 1 reused"), resumed.out());
        Path unit = killed.resolve("runs/units/" + UNIT);
        assertEquals("continued the interrupted training after epoch 1\n", Files.readString(unit.resolve("resumed.txt")));
        String weights = "network.ckpt/" + Checkpoint.WEIGHTS_FILE;
        assertArrayEquals(Files.readAllBytes(whole.resolve("runs/units/" + UNIT).resolve(weights)),
                Files.readAllBytes(unit.resolve(weights)));
        assertFalse(Files.exists(killed.resolve("states/" + UNIT + ".state")));
    }
}
