package org.audioprune.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.audioprune.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9 of a child JVM while it replaces a checkpoint: at each step of the replacement,
 * and at random moments of a replacement loop. Afterwards the checkpoint loads, and it is the old
 * or the new version.
 */
class AtomicFilesKillTest {
    @TempDir
    Path tmp;

    @Test
    void killMinus9AtEveryStepOfACheckpointReplacementLeavesTheOldOrTheNew() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path ckpt = work.resolve("x.ckpt");
        int child = 0;
        for (String step : List.of("tmp-written", "old-moved", "new-moved")) {
            FolderReplacer.version(1).save(ckpt);
            try (ChildJvm jvm = ChildJvm.start(tmp, tmp.resolve("log" + child++), FolderReplacer.class,
                    ckpt.toString(), step, "2")) {
                jvm.await("AT " + step);
                jvm.kill();
            }
            assertEquals(step.equals("new-moved") ? 2 : 1, AtomicFilesTest.version(ckpt), step);
        }
        Random random = new Random(8);
        for (int round = 0; round < 3; round++) {
            List<String> wrote;
            try (ChildJvm jvm = ChildJvm.start(tmp, tmp.resolve("log" + child++), FolderReplacer.class,
                    ckpt.toString(), "loop", "" + (100 * round + 10))) {
                jvm.await("WROTE ");
                Thread.sleep(random.nextInt(200));
                jvm.kill();
                wrote = jvm.lines().stream().filter(l -> l.startsWith("WROTE ")).toList();
            }
            int last = Integer.parseInt(wrote.get(wrote.size() - 1).substring(6));
            int v = AtomicFilesTest.version(ckpt);
            assertTrue(v == last || v == last + 1, "version " + v + " after " + last + " was reported written");
        }
        try (var s = Files.list(work)) {
            assertEquals(List.of("x.ckpt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
