package org.audioprune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.audioprune.ToneWav;
import org.audioprune.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.audioprune.model.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainEvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainThenEvaluateOnATinyFolderDataset() throws Exception {
        Path ckpt = tmp.resolve("tiny.ckpt");
        String dataset = ToneWav.twoClassFolder(tmp.resolve("data"), 12);
        CliRun train = CliRun.of("train", "--dataset", dataset, "--out", ckpt.toString(), "--epochs", "3", "--batch-size", "8",
                "--validation-fraction", "0.2", "--no-progress", "--threads", "1");
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("input 40x10"), train.out());
        Checkpoint checkpoint = Checkpoint.load(ckpt);
        assertEquals(java.util.List.of("high", "low"), checkpoint.classNames());
        assertEquals(40, checkpoint.bandMean().length);

        CliRun eval = CliRun.of("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset,
                "--validation-fraction", "0.2", "--json", "--threads", "1");
        assertEquals(0, eval.code(), eval.err());
        JsonNode json = new ObjectMapper().readTree(eval.out());
        assertEquals("test", json.get("split").asText());
        int clips = json.get("clips").asInt();
        assertTrue(clips >= 2, eval.out());
        int diagonal = json.get("confusion").get(0).get(0).asInt() + json.get("confusion").get(1).get(1).asInt();
        assertEquals((double) diagonal / clips, json.get("accuracy").asDouble(), 1e-12);

        CliRun text = CliRun.of("evaluate", "--checkpoint", ckpt.toString(), "--dataset", dataset, "--validation-fraction", "0.2",
                "--split", "validation");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("validation split"), text.out());
    }

    @Test
    void badInputIsAOneLineUserError() {
        CliRun missing = CliRun.of("evaluate", "--checkpoint", tmp.resolve("none.ckpt").toString(), "--dataset",
                "folder:" + tmp);
        assertEquals(Main.EXIT_USER_ERROR, missing.code());
        assertTrue(missing.err().startsWith("audioprune: error: "), missing.err());
        CliRun epochs = CliRun.of("train", "--dataset", "folder:" + tmp.resolve("data"), "--out", tmp.resolve("x.ckpt").toString(),
                "--epochs", "0");
        assertEquals(Main.EXIT_USER_ERROR, epochs.code());
        assertTrue(epochs.err().contains("--epochs"), epochs.err());
    }
}
