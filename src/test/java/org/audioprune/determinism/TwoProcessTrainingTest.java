package org.audioprune.determinism;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.util.Utils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same command, same seed, two separate JVMs, each with its own fresh home folder (as on a fresh
 * machine or a fresh clone): the built-in render, the features and the trained weights must be
 * byte-identical. Before the soundbank was pinned this failed: each fresh JVM generated Gervill's
 * emergency soundbank with new random phases (docs/reproducibility.md).
 */
class TwoProcessTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void trainingTwiceInFreshProcessesGivesByteIdenticalCheckpoints() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (String run : List.of("a", "b")) {
            Path dir = Files.createDirectories(tmp.resolve(run));
            processes.add(child(dir, "train", "--model", "dcase21", "--dataset", "builtin:instruments",
                    "--clips-per-class", "3", "--clip-seconds", "0.2", "--epochs", "2", "--batch-size", "8",
                    "--seed", "7", "--threads", "1", "--no-progress", "--out", dir.resolve("net.ckpt").toString()));
        }
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child " + i + " timed out");
            String log = Files.readString(tmp.resolve(i == 0 ? "a" : "b").resolve("log.txt"));
            assertEquals(0, p.exitValue(), log);
        }
        Path a = tmp.resolve("a/net.ckpt");
        Path b = tmp.resolve("b/net.ckpt");
        assertArrayEquals(Files.readAllBytes(a.resolve(Checkpoint.WEIGHTS_FILE)),
                Files.readAllBytes(b.resolve(Checkpoint.WEIGHTS_FILE)), "weights differ between the two processes");
        assertEquals(withoutTimings(Files.readString(a.resolve(Checkpoint.SPEC_FILE))),
                withoutTimings(Files.readString(b.resolve(Checkpoint.SPEC_FILE))));
        // the fresh homes stay empty: nothing depends on (or writes) ~/.gervill any more
        for (String run : List.of("a", "b")) {
            try (var s = Files.list(tmp.resolve(run).resolve("home"))) {
                assertEquals(List.of(), s.map(Path::getFileName).map(Path::toString).filter(n -> n.equals(".gervill"))
                        .toList());
            }
        }
    }

    /** spec.json without the per-epoch wall times (the one timing it holds). */
    static String withoutTimings(String specJson) {
        return specJson.replaceAll("\"seconds\"\\s*:\\s*[0-9.eE+-]+", "\"seconds\":0");
    }

    /** {@code audioprune ARGS} in a new JVM with this test's class path, a fresh home and its own cache. */
    private static Process child(Path dir, String... args) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Duser.home=" + home,
                // libtorch stays where this JVM found it (it is not re-extracted into the fresh home)
                "-DENGINE_CACHE_DIR=" + Utils.getEngineCacheDir(),
                "-cp", System.getProperty("java.class.path"), "org.audioprune.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile());
        pb.environment().put("AUDIOPRUNE_CACHE", dir.resolve("cache").toString());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("PYTORCH_FLAVOR", "cpu");
        return pb.start();
    }
}
