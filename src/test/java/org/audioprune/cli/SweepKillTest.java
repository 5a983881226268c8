package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.audioprune.ChildJvm;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.report.SweepReportWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 2, with a real kill: a sweep in a child JVM is killed with SIGKILL while it runs;
 * the same command started again finishes it, and its table equals an uninterrupted sweep's, with
 * no unit missing, repeated or computed twice.
 */
class SweepKillTest {
    private static final int UNITS = 8;

    @TempDir
    Path tmp;

    @Test
    void aSweepKilledWithSigkillContinuesToTheSameTable() throws Exception {
        String data = ToneWav.twoClassFolder(tmp.resolve("data"), 8);
        List<String> common = List.of("sweep", "--dataset", data, "--baseline-epochs", "1", "--criteria",
                "l1,random", "--configs", "paper,uniform-25", "--seeds", "2", "--finetune-epochs", "2",
                "--batch-size", "4", "--no-latency", "--threads", "1", "--no-progress");
        Path whole = tmp.resolve("whole");
        CliRun uninterrupted = CliRun.of(args(common, "--out", whole.toString()));
        assertEquals(0, uninterrupted.code(), uninterrupted.err());

        Path killed = tmp.resolve("killed");
        ChildJvm child = ChildJvm.start(tmp, tmp.resolve("child.log"), Main.class, args(common, "--out",
                killed.toString()));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (done(killed) < 2) {
            assertTrue(child.process().isAlive(), "child ended early: " + child.lines());
            assertTrue(System.nanoTime() < deadline, "no units after 3 minutes: " + child.lines());
            Thread.sleep(5);
        }
        child.kill();
        int before = done(killed);
        assertTrue(before < UNITS, "the child finished before the kill");

        CliRun resumed = CliRun.of(args(common, "--out", killed.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains((UNITS - before) + " computed, " + before + " reused"), resumed.out());
        assertEquals(UNITS, done(killed));
        assertEquals(Files.readString(whole.resolve("runs/results.json")),
                Files.readString(killed.resolve("runs/results.json")));
        String table = Files.readString(killed.resolve("report").resolve(SweepReportWriter.UNITS));
        assertEquals(Files.readString(whole.resolve("report").resolve(SweepReportWriter.UNITS)), table);
        List<String> ids = table.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(UNITS, ids.size());
        assertEquals(UNITS, ids.stream().distinct().count(), "no duplicate rows");
    }

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** Finished run units (their DONE marker written). */
    private static int done(Path sweep) throws IOException {
        Path units = sweep.resolve("runs/units");
        if (!Files.isDirectory(units)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(units)) {
            return (int) s.filter(u -> Files.exists(u.resolve("DONE"))).count();
        }
    }
}
