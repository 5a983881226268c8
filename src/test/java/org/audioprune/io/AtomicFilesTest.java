package org.audioprune.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Replacement leaves the old or the new artefact, never neither, and never a half-written one. A
 * "crash" here is a {@link CrashHook}: like kill -9, it skips every clean-up (the real kill -9 is in
 * {@link AtomicFilesKillTest}).
 */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noHook() {
        CrashHook.off();
    }

    private List<String> entries() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static int version(Path ckpt) {
        return ((Number) Checkpoint.load(ckpt).metadata().get("version")).intValue();
    }

    @ParameterizedTest
    @CsvSource({"tmp-written, 1", "old-moved, 1", "new-moved, 2", "done, 2"})
    void aCrashAtAnyStepOfAFolderReplacementLeavesTheOldOrTheNew(String step, int expected) throws IOException {
        Path ckpt = tmp.resolve("x.ckpt");
        FolderReplacer.version(1).save(ckpt);
        CrashHook.at(step, "x.ckpt", 1);
        assertThrows(CrashHook.Crash.class, () -> FolderReplacer.version(2).save(ckpt));
        noHook();
        if (step.equals("old-moved")) {
            // the one window of the scheme: the old folder waits under its backup name
            assertFalse(Files.exists(ckpt));
            assertTrue(Files.isDirectory(tmp.resolve(".x.ckpt.audioprune-old")));
        }
        assertEquals(expected, version(ckpt)); // loading recovers first
        assertEquals(List.of("x.ckpt"), entries(), "stale temporaries and backups are cleaned up");
    }

    @Test
    void aWriterFailingHalfWayLeavesTheOldFileAndNoTemporary() throws IOException {
        Path file = Files.writeString(tmp.resolve("a.npy"), "old");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.write(file, out -> {
            out.write("new, half of it".getBytes());
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().startsWith("cannot write " + file) && e.getMessage().contains("No space left"),
                e.getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of("a.npy"), entries());
    }

    @Test
    void aCrashWhileAFileIsReplacedLeavesTheOldOneAndTheNextWriteCleansUp() throws IOException {
        Path file = Files.writeString(tmp.resolve("a.txt"), "old");
        CrashHook.at("tmp-written", "a.txt", 1);
        assertThrows(CrashHook.Crash.class, () -> AtomicFiles.writeString(file, "new"));
        noHook();
        assertEquals("old", Files.readString(file));
        assertEquals(2, entries().size(), "the crash left its temporary");
        AtomicFiles.writeString(file, "newer");
        assertEquals("newer", Files.readString(file));
        assertEquals(List.of("a.txt"), entries());
    }

    @Test
    void aFolderWriterFailingHalfWayLeavesTheOldFolder() throws IOException {
        Path ckpt = tmp.resolve("x.ckpt");
        FolderReplacer.version(1).save(ckpt);
        assertThrows(OutputException.class, () -> AtomicFiles.writeFolder(ckpt, OutputKind.CHECKPOINT, dir -> {
            Files.writeString(dir.resolve("spec.json"), "{\"format\": \"audioprune-checkpoint\"");
            throw new IOException("Input/output error");
        }));
        assertEquals(1, version(ckpt));
        assertEquals(List.of("x.ckpt"), entries());
    }

    @Test
    void aForeignFolderThatAppearsDuringTheWriteIsNotReplaced() throws IOException {
        Path out = tmp.resolve("x.ckpt");
        OutputException e = assertThrows(OutputException.class, () -> AtomicFiles.writeFolder(out,
                OutputKind.CHECKPOINT, dir -> {
                    Files.createDirectories(out.resolve("keep"));
                    Files.writeString(out.resolve("keep/n.txt"), "mine");
                    Files.writeString(dir.resolve("spec.json"), "{}");
                }));
        assertTrue(e.getMessage().contains("not an AudioPrune checkpoint folder"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("keep/n.txt")));
        assertEquals(List.of("x.ckpt"), entries());
    }

    @Test
    void onlyStaleLeftoversOfAudioPruneAreCleanedUp() throws IOException {
        Path ckpt = tmp.resolve("x.ckpt");
        FolderReplacer.version(1).save(ckpt);
        long dead = deadPid();
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        List<String> stale = List.of(".x.ckpt.audioprune-tmp-" + dead + "-5", ".x.ckpt.audioprune-trash-" + dead + "-6",
                ".x.ckpt.audioprune-old", ".x.ckpt.123456789", ".x.ckpt.old.987654321");
        for (String s : stale) {
            Files.createDirectories(tmp.resolve(s).resolve("sub"));
            Files.writeString(tmp.resolve(s).resolve("sub/f"), "x");
        }
        Files.writeString(tmp.resolve(".x.ckpt.5555.tmp"), "x");
        List<String> kept = List.of(".x.ckpt.audioprune-tmp-" + live + "-7", ".x.ckpt.notes", ".y.ckpt.123",
                "x.ckpt.txt", "x.ckpt");
        for (String k : kept.subList(0, 4)) {
            Files.writeString(tmp.resolve(k), "user or live writer");
        }
        FolderReplacer.version(2).save(ckpt);
        assertEquals(2, version(ckpt));
        assertEquals(kept.stream().sorted().toList(), entries());
    }

    @Test
    void aBackupLeftByAnEarlierVersionIsRestoredWhenTheFolderIsMissing() throws IOException {
        Path ckpt = tmp.resolve("x.ckpt");
        FolderReplacer.version(1).save(tmp.resolve(".x.ckpt.old.42"));
        FolderReplacer.version(2).save(tmp.resolve(".x.ckpt.43")); // its temporary: maybe incomplete, never used
        assertEquals(1, version(ckpt));
        assertEquals(List.of("x.ckpt"), entries());
    }

    @Test
    void theRootTheCurrentFolderAndItsAncestorsAreNeverOutputs() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p : List.of(cwd, cwd.getParent(), cwd.getRoot(), cwd.resolve("src/.."))) {
            OutputException e = assertThrows(OutputException.class, () -> OutputGuard.requireNotCurrentFolder(
                    p.toAbsolutePath().normalize(), "--out"));
            assertTrue(e.getMessage().startsWith("--out "), e.getMessage());
        }
        OutputGuard.requireNotCurrentFolder(cwd.resolve("new-output"), "--out");
    }

    private static long deadPid() {
        for (long pid = 4_000_000; ; pid++) {
            if (ProcessHandle.of(pid).isEmpty()) {
                return pid;
            }
        }
    }
}
