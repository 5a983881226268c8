package org.audioprune.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.audioprune.CliRun;
import org.audioprune.FileTrees;
import org.audioprune.ToneWav;
import org.audioprune.audio.FrontEnd;
import org.audioprune.audio.FrontEnds;
import org.audioprune.data.AudioDataset;
import org.audioprune.data.DatasetOptions;
import org.audioprune.data.Datasets;
import org.audioprune.data.FeatureCache;
import org.audioprune.data.Split;
import org.audioprune.io.AtomicFiles;
import org.audioprune.model.Checkpoint;
import org.audioprune.pipeline.Splits;
import org.audioprune.report.SweepReportWriter;
import scala.Tuple2;

/**
 * The tiny sweep the Spark tests run through the CLI: 16 tone clips, one dcase21 baseline of one
 * epoch, l1 and bc at two configurations, two fine-tuning seeds of two epochs: 1 baseline unit and
 * 8 run units of well under a second each in-process. Intra-op threads are 1 everywhere (in-process
 * {@code --threads 1}, one core per Spark task), so the tables must agree bit for bit.
 */
final class SweepCase {
    private static final Pattern SECONDS = Pattern.compile("\"seconds\"\\s*:\\s*[-+0-9.eE]+");
    /** Run units of the sweep with 2 seeds, the one the tests run. */
    static final int RUNS = 8;

    final String dataset;
    private final int seeds;
    private final int finetuneEpochs;

    private SweepCase(String dataset, int seeds, int finetuneEpochs) {
        this.dataset = dataset;
        this.seeds = seeds;
        this.finetuneEpochs = finetuneEpochs;
    }

    static SweepCase create(Path dir) throws IOException {
        return create(dir, 8, 2, 2);
    }

    /**
     * The same sweep with {@code perClass} clips per class, {@code seeds} fine-tuning seeds (4 ×
     * {@code seeds} run units) of {@code finetuneEpochs} epochs.
     */
    static SweepCase create(Path dir, int perClass, int seeds, int finetuneEpochs) throws IOException {
        return new SweepCase(ToneWav.twoClassFolder(dir, perClass), seeds, finetuneEpochs);
    }

    /** {@code sweep ... --out OUT} followed by {@code more}. */
    String[] args(Path out, String... more) {
        List<String> all = new ArrayList<>(List.of("sweep", "--dataset", dataset, "--baseline-epochs", "1",
                "--criteria", "l1,bc", "--configs", "paper,uniform-25", "--seeds", Integer.toString(seeds),
                "--finetune-epochs", Integer.toString(finetuneEpochs), "--batch-size", "4", "--no-latency", "--threads", "1", "--no-progress", "--out", out.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** The sweep in this process (the reference), after dropping the features, so that it computes them itself. */
    CliRun inProcess(Path out) throws IOException {
        dropFeatures();
        CliRun r = CliRun.of(args(out));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    /** Deletes this dataset's entries from the feature cache (the test JVM's AUDIOPRUNE_CACHE). */
    void dropFeatures() {
        AudioDataset ds = Datasets.open(dataset, DatasetOptions.defaults());
        FrontEnd fe = FrontEnds.byName("dcase21");
        int frames = Splits.defaultFrames("dcase21", ds);
        for (Split split : Split.values()) {
            AtomicFiles.deleteRecursively(new FeatureCache(DatasetOptions.defaultCacheRoot()).location(ds, split, fe, frames));
        }
    }

    /**
     * Runs {@code work} with {@code conf}'s settings as {@code spark.*} system properties, which is
     * how spark-submit hands them to the application (the CLI's engine reads them), then removes them.
     */
    static <T> T withSparkProperties(SparkConf conf, Callable<T> work) throws Exception {
        Tuple2<String, String>[] all = conf.getAll();
        try {
            for (Tuple2<String, String> kv : all) {
                System.setProperty(kv._1(), kv._2());
            }
            return work.call();
        } finally {
            for (Tuple2<String, String> kv : all) {
                System.clearProperty(kv._1());
            }
        }
    }

    /** The two sweeps have the same results tables and the same report tables. */
    static void assertSameTables(Path want, Path got) throws IOException {
        for (String table : List.of("baselines/results.json", "runs/results.json", "report/" + SweepReportWriter.UNITS,
                "report/" + SweepReportWriter.CELLS, "report/" + SweepReportWriter.COMPARISONS)) {
            assertEquals(Files.readString(want.resolve(table)), Files.readString(got.resolve(table)), table);
        }
    }

    /**
     * The two sweeps' unit folders hold the same files with the same bytes (weights, predictions,
     * rows), except the wall times of training epochs in the checkpoints' metadata.
     */
    static void assertSameUnits(Path want, Path got) throws IOException {
        for (String store : List.of("baselines/units", "runs/units")) {
            Map<String, byte[]> a = FileTrees.read(want.resolve(store));
            Map<String, byte[]> b = FileTrees.read(got.resolve(store));
            assertEquals(a.keySet(), b.keySet(), store);
            for (String file : a.keySet()) {
                if (file.endsWith(Checkpoint.SPEC_FILE)) {
                    assertEquals(withoutSeconds(a.get(file)), withoutSeconds(b.get(file)), store + "/" + file);
                } else {
                    assertArrayEquals(a.get(file), b.get(file), store + "/" + file);
                }
            }
        }
    }

    private static String withoutSeconds(byte[] json) {
        return SECONDS.matcher(new String(json, StandardCharsets.UTF_8)).replaceAll("\"seconds\":_");
    }

    /**
     * Every unit is recorded exactly once: one folder per unit, each finished, no attempt left, and
     * one row per unit in the results table.
     */
    static void assertRecordedOnce(Path out) throws IOException {
        for (Map.Entry<String, Integer> store : Map.of("baselines", 1, "runs", RUNS).entrySet()) {
            Path root = out.resolve(store.getKey());
            List<Path> units = list(root.resolve("units"));
            assertEquals(store.getValue(), units.size(), store.getKey() + ": one folder per unit " + units);
            assertTrue(units.stream().allMatch(u -> Files.isRegularFile(u.resolve("DONE"))), units.toString());
            assertEquals(List.of(), list(root.resolve("attempts")), store.getKey() + ": no attempt left behind");
            List<String> rows = new ArrayList<>();
            new ObjectMapper().readTree(root.resolve("results.json").toFile()).forEach(r -> rows.add(r.path("unit").asText()));
            assertEquals(units.stream().map(u -> u.getFileName().toString()).sorted().toList(), rows.stream().sorted().toList(),
                    store.getKey() + ": one row per unit in results.json");
        }
    }

    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
