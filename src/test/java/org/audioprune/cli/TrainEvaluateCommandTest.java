package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainEvaluateCommandTest {
    @TempDir
    Path tmp;

    /** 0.2 s of a noisy tone at 44.1 kHz, 16-bit. */
    private static void tone(Path file, double hz, long seed) throws IOException {
        int rate = 44100;
        int n = rate / 5;
        Random r = new Random(seed);
        byte[] pcm = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            double v = 0.4 * Math.sin(2 * Math.PI * hz * i / rate) + 0.05 * r.nextGaussian();
            int s = (int) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        Files.createDirectories(file.getParent());
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), n),
                AudioFileFormat.Type.WAVE, file.toFile());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainThenEvaluateOnATinyFolderDataset() throws Exception {
        Path data = tmp.resolve("data");
        for (int i = 0; i < 12; i++) {
            tone(data.resolve("low/" + i + ".wav"), 200, i);
            tone(data.resolve("high/" + i + ".wav"), 6000, 100 + i);
        }
        Path ckpt = tmp.resolve("tiny.ckpt");
        String dataset = "folder:" + data;
        Run train = run("train", "--dataset", dataset, "--out", ckpt.toString(), "--epochs", "3", "--batch-size", "8",
                "--validation-fraction", "0.2", "--no-progress", "--threads", "1");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("input 40x10"), train.out());
        Checkpoint checkpoint = Checkpoint.load(ckpt);
        assertEquals(java.util.List.of("high", "low"), checkpoint.classNames());
        assertEquals(40, checkpoint.bandMean().length);

        Run eval = run("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset,
                "--validation-fraction", "0.2", "--json", "--threads", "1");
        assertEquals(0, eval.code(), eval.err());
        JsonNode json = new ObjectMapper().readTree(eval.out());
        assertEquals("test", json.get("split").asText());
        int clips = json.get("clips").asInt();
        assertTrue(clips >= 2, eval.out());
        int diagonal = json.get("confusion").get(0).get(0).asInt() + json.get("confusion").get(1).get(1).asInt();
        assertEquals((double) diagonal / clips, json.get("accuracy").asDouble(), 1e-12);

        Run text = run("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset, "--validation-fraction", "0.2",
                "--split", "validation");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("validation split"), text.out());
    }

    @Test
    void badInputIsAOneLineUserError() {
        Run missing = run("evaluate", "--checkpoint", tmp.resolve("none.ckpt").toString(), "--dataset",
                "folder:" + tmp);
        assertEquals(Main.EXIT_USER_ERROR, missing.code());
        assertTrue(missing.err().startsWith("audioprune: error: "), missing.err());
        Run epochs = run("train", "--dataset", "folder:" + tmp, "--out", tmp.resolve("x.ckpt").toString(),
                "--epochs", "0");
        assertEquals(Main.EXIT_USER_ERROR, epochs.code());
        assertTrue(epochs.err().contains("--epochs"), epochs.err());
    }
}
