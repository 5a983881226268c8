package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.audioprune.ChildJvm;
import org.audioprune.CliRun;
import org.audioprune.ToneWav;
import org.audioprune.Trees;
import org.audioprune.io.OutputKind;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.report.ReportWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 1: an output path is replaced only by an artefact of the same kind. On main,
 * {@code train/prune/finetune --out DIR} deleted whatever folder was at DIR and {@code --out ''}
 * deleted the current folder; every refusal here must leave the file tree byte-identical.
 */
class OutputSafetyTest {
    @TempDir
    Path tmp;
    String dataset;
    Path base;
    Path wav;

    @BeforeEach
    void inputs() throws IOException {
        dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 3);
        wav = tmp.resolve("data/low/0.wav");
        ArchitectureSpec spec = Architectures.create("dcase21", 2);
        base = tmp.resolve("base.ckpt");
        new Checkpoint(spec, List.of("high", "low"), null, null, InferenceLatency.randomWeights(spec, 1), Map.of())
                .save(base);
    }

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("audioprune: error: ") && r.err().contains(expected), r.err());
    }

    @Test
    void aForeignFolderAtTheOutputIsRefusedByEveryCommandAndLeftByteIdentical() throws IOException {
        Path foreign = Trees.foreign(tmp.resolve("foreign"));
        Map<String, String> before = Trees.snapshot(tmp);
        String f = foreign.toString();
        List<String[]> commands = List.of(
                new String[] {"train", "--dataset", dataset, "--out", f, "--epochs", "1"},
                new String[] {"prune", "--checkpoint", base.toString(), "--preset", "paper", "--out", f},
                new String[] {"prune", "--checkpoint", base.toString(), "--preset", "paper", "--out",
                    tmp.resolve("p.ckpt").toString(), "--report", f},
                new String[] {"finetune", "--checkpoint", base.toString(), "--dataset", dataset, "--out", f},
                new String[] {"demo", "--out", f, "--quick"},
                new String[] {"features", "--input", wav.toString(), "--out", f});
        for (String[] args : commands) {
            assertRefused(CliRun.of(args), f);
        }
        assertEquals(before, Trees.snapshot(tmp));
    }

    @Test
    void anotherKindOfArtefactIsForeignToo() throws IOException {
        Path other = tmp.resolve("other.ckpt");
        Checkpoint.load(base).save(other);
        Map<String, String> before = Trees.snapshot(tmp);
        // a checkpoint is not a report folder, a WAV is not a .npy file
        assertRefused(CliRun.of("prune", "--checkpoint", base.toString(), "--preset", "paper", "--out",
                tmp.resolve("p.ckpt").toString(), "--report", other.toString()), "not an AudioPrune report folder");
        Path notNpy = Files.copy(wav, tmp.resolve("x.npy"));
        assertRefused(CliRun.of("features", "--input", wav.toString(), "--out", notNpy.toString()), "not a .npy file");
        Files.delete(notNpy);
        assertEquals(before, Trees.snapshot(tmp));
    }

    @Test
    void anInputOfTheSameCommandIsNeverAnOutput() throws IOException {
        Map<String, String> before = Trees.snapshot(tmp);
        assertRefused(CliRun.of("features", "--input", wav.toString(), "--out", wav.toString()), "is the input --input");
        assertRefused(CliRun.of("finetune", "--checkpoint", base.toString(), "--dataset", dataset, "--out",
                base.toString()), "is the input --checkpoint");
        assertRefused(CliRun.of("prune", "--checkpoint", base.toString(), "--preset", "paper", "--out",
                base.toString()), "is the input --checkpoint");
        assertRefused(CliRun.of("train", "--dataset", dataset, "--out", tmp.resolve("data").toString()),
                "is the input --dataset");
        assertRefused(CliRun.of("train", "--dataset", dataset, "--out", tmp.toString()), "contains the input --dataset");
        assertRefused(CliRun.of("train", "--dataset", dataset, "--out", tmp.resolve("data/x.ckpt").toString()),
                "lies inside the input --dataset");
        assertRefused(CliRun.of("prune", "--checkpoint", base.toString(), "--preset", "paper", "--out",
                tmp.resolve("same").toString(), "--report", tmp.resolve("same").toString()), "is the output --out");
        // a second spelling of the same file is the same file
        assertRefused(CliRun.of("features", "--input", wav.toString(), "--out",
                tmp.resolve("data/high/../low/0.wav").toString()), "is the input --input");
        assertEquals(before, Trees.snapshot(tmp));
    }

    /** (An empty --out is tried in a child JVM below: in-process it would be this JVM's working folder.) */
    @Test
    void parentsThatAreFilesAreOneLineErrors() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        Map<String, String> before = Trees.snapshot(tmp);
        assertRefused(CliRun.of("prune", "--checkpoint", base.toString(), "--preset", "paper", "--out",
                file.resolve("x.ckpt").toString()), "plain.txt is a file, not a folder");
        assertRefused(CliRun.of("features", "--input", wav.toString(), "--out", file.resolve("a/b.npy").toString()),
                "plain.txt is a file, not a folder");
        assertEquals(before, Trees.snapshot(tmp));
    }

    @Test
    void artefactsOfTheSameKindAreReplaced() throws IOException {
        Path out = tmp.resolve("p.ckpt");
        Path report = tmp.resolve("r");
        for (String criterion : List.of("l1", "l2")) {
            CliRun r = CliRun.of("prune", "--checkpoint", base.toString(), "--preset", "paper", "--criterion",
                    criterion, "--out", out.toString(), "--report", report.toString(), "--no-latency");
            assertEquals(0, r.code(), r.err());
            assertEquals(criterion, Checkpoint.load(out).metadata().get("criterion"));
            assertTrue(OutputKind.REPORT.replaceable(report));
            assertEquals(criterion, ReportWriter.readJson(report.resolve(ReportWriter.JSON)).runs().get(0).criterion());
        }
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("base.ckpt", "data", "p.ckpt", "r"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary or backup left");
        }
    }

    /**
     * The current folder and its ancestors, in a child JVM whose working folder is a scratch copy
     * of a small source tree ({@code user.dir} cannot be changed in-process). Never in-process: where
     * the guard failed, these commands would replace the test's own working folder, the checkout.
     * The working folder sits three levels down in the test's temporary folder, so that even a broken
     * guard could only touch temporary files; the file-system root is checked without a command
     * ({@code AtomicFilesTest}).
     */
    @Test
    void theCurrentFolderAndItsAncestorsAreRefused() throws Exception {
        Path work = Trees.foreign(tmp.resolve("a/b/project"));
        Map<String, String> before = Trees.snapshot(tmp);
        String sep = "\u001f";
        List<String> commands = List.of(
                String.join(sep, "train", "--dataset", dataset, "--out", ""),
                String.join(sep, "train", "--dataset", dataset, "--out", "."),
                String.join(sep, "finetune", "--checkpoint", base.toString(), "--dataset", dataset, "--out", "./"),
                String.join(sep, "prune", "--checkpoint", base.toString(), "--preset", "paper", "--out", ".."),
                String.join(sep, "prune", "--checkpoint", base.toString(), "--preset", "paper", "--out", "../.."),
                String.join(sep, "prune", "--checkpoint", base.toString(), "--preset", "paper", "--out", "x.ckpt",
                        "--report", "."),
                String.join(sep, "features", "--input", wav.toString(), "--out", "."),
                String.join(sep, "demo", "--out", "src/..", "--quick"),
                String.join(sep, "demo", "--out", "", "--quick"));
        List<String> lines;
        try (ChildJvm jvm = ChildJvm.start(work, tmp.resolve("child.log"), CliInFolder.class,
                commands.toArray(String[]::new))) {
            assertTrue(jvm.process().waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
            lines = jvm.lines().stream().filter(l -> l.startsWith("EXIT ")).toList();
        }
        assertEquals(commands.size(), lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.startsWith("EXIT 2 audioprune: error: "), line);
            assertFalse(line.contains("|"), "one line: " + line);
            assertTrue(line.contains("current folder") || line.contains("is empty")
                    || line.contains("ancestor of the current folder"), line);
        }
        Map<String, String> after = Trees.snapshot(tmp);
        after.remove("child.log");
        assertEquals(before, after);
    }
}
