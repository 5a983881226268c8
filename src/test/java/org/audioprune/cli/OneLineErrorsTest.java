package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.audioprune.CliRun;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.djl.InferenceLatency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, item 3: every user-caused failure is one line and exit 2. On main, option errors printed
 * the whole usage text (25–80 lines), and a JSON-null spec.json, a negative .npy dimension and output
 * I/O failures were internal errors (exit 3).
 */
class OneLineErrorsTest {
    @TempDir
    Path tmp;

    private static void assertOneLine(CliRun r, String... expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("audioprune: error: "), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), "'" + e + "' in " + r.err());
        }
    }

    @Test
    void optionErrorsAreOneLineWithAPointerToTheHelp() {
        assertOneLine(CliRun.of("train", "--dataset", "folder:x", "--out", "x.ckpt", "--epochs", "abc"),
                "'--epochs'", "(see 'audioprune help train')");
        assertOneLine(CliRun.of("train", "--dataset", "folder:x"), "--out", "(see 'audioprune help train')");
        assertOneLine(CliRun.of("evaluate", "--checkpoint", "x", "--split", "bogus"), "--split",
                "(see 'audioprune help evaluate')");
        assertOneLine(CliRun.of("prune", "--checkpoint", "x", "--out", "y"), "--preset",
                "(see 'audioprune help prune')");
        assertOneLine(CliRun.of("prune", "--checkpoint", "x", "--out", "y", "--ratio", "0.5"), "--layers");
        assertOneLine(CliRun.of("prune", "--checkpoint", "x", "--out", "y", "--preset", "paper", "--ratios", "C1=0.5"),
                "mutually exclusive");
        assertOneLine(CliRun.of("summary", "--model", "dcase21", "--frames", "10", "--frames", "11"), "--frames");
        assertOneLine(CliRun.of("rank", "--criterion", "wdc", "--weights"), "--weights");
        assertOneLine(CliRun.of("dataset", "info", "--bogus"), "'--bogus'", "(see 'audioprune dataset info --help')");
        assertOneLine(CliRun.of("features", "--input", "a.wav"), "--out", "(see 'audioprune help features')");
        assertOneLine(CliRun.of("demo", "--seed", "x"), "--seed", "(see 'audioprune help demo')");
        assertOneLine(CliRun.of("trian"), "'trian'", "did you mean", "train", "(see 'audioprune --help')");
        assertOneLine(CliRun.of("--bogus"), "(see 'audioprune --help')");
    }

    @Test
    void aSpecJsonThatIsNullIsAUserError() throws IOException {
        ArchitectureSpec spec = Architectures.create("dcase21", 2);
        Path ckpt = tmp.resolve("a.ckpt");
        new Checkpoint(spec, List.of("a", "b"), null, null, InferenceLatency.randomWeights(spec, 1), Map.of())
                .save(ckpt);
        Files.writeString(ckpt.resolve(Checkpoint.SPEC_FILE), "null");
        assertOneLine(CliRun.of("summary", "--checkpoint", ckpt.toString()), ckpt.resolve("spec.json").toString(),
                "null");
    }

    @Test
    void aNegativeNpyDimensionIsAUserError() throws IOException {
        Path npy = tmp.resolve("neg.npy");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 2, 3, 3), }";
        header = header + " ".repeat((64 - (10 + header.length() + 1) % 64) % 64) + "\n";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] file = new byte[10 + h.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, 0}, 0, file, 0, 10);
        System.arraycopy(h, 0, file, 10, h.length);
        Files.write(npy, file);
        assertOneLine(CliRun.of("rank", "--criterion", "l1", "--weights", npy.toString()), npy.toString(),
                "negative dimension");
    }

    @Test
    void anUnwritableFolderIsNamed() throws IOException {
        // root may write anywhere: only an ordinary user can show this
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")));
        Path wav = tmp.resolve("a.wav");
        org.audioprune.ToneWav.write(wav, 440, 1);
        Path readOnly = Files.createDirectories(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertOneLine(CliRun.of("features", "--input", wav.toString(), "--out", readOnly.resolve("x.npy").toString()),
                    "folder " + readOnly + " is not writable");
        } finally {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void outputFailuresNameThePathAndTheSystemsReason() throws IOException {
        Path wav = tmp.resolve("a.wav");
        org.audioprune.ToneWav.write(wav, 440, 1);
        // /proc takes no new files: refused up front where the folder reports itself unwritable, else by the
        // operating system at write time; either way one line naming the path
        assertOneLine(CliRun.of("features", "--input", wav.toString(), "--out", "/proc/x.npy"),
                "cannot write", "/proc/x.npy");
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertOneLine(CliRun.of("features", "--input", wav.toString(), "--out", file.resolve("x.npy").toString()),
                "cannot write", file + " is a file, not a folder");
        Path folder = Files.createDirectories(tmp.resolve("folder.npy"));
        Files.writeString(folder.resolve("n.txt"), "x");
        assertOneLine(CliRun.of("features", "--input", wav.toString(), "--out", folder.toString()),
                folder.toString(), "is a folder of 1 entry");
    }
}
