package org.audioprune.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.data.DatasetOptions;
import org.audioprune.model.Checkpoint;
import org.audioprune.prune.Criterion;
import org.audioprune.train.TrainingConfig;

/**
 * What a sweep runs: baselines (one checkpoint, or {@code baselineSeeds} networks trained here) ×
 * criteria × configurations × fine-tuning seeds, on one dataset.
 *
 * @param dataset        {@code KIND:PATH}
 * @param datasetOptions how it is opened; its seed is the sweep's base seed
 * @param checkpoint     the baseline, or {@code null} to train {@code baselineSeeds} of {@code model}
 * @param frames         frames per clip of trained baselines, or {@code null} for the data's
 * @param configurations presets, ratio lists or budgets (see {@link org.audioprune.prune.PruningConfigs})
 * @param seeds          fine-tuning seeds per cell (run k uses base seed + k, also for {@code random})
 * @param sensitivity    a sensitivity.json that guides budget configurations, or {@code null}
 * @param latency        latency settings of the report, or {@code null} to skip it
 * @param threads        intra-op threads per unit
 * @param command        the command line, for the report
 */
public record SweepSettings(String dataset, DatasetOptions datasetOptions, Path checkpoint, String model,
                            int baselineEpochs, int baselineSeeds, Integer frames, List<Criterion> criteria,
                            List<String> configurations, int seeds, int finetuneEpochs, int batchSize,
                            float learningRate, Path sensitivity, PruningPipeline.LatencySettings latency, int threads,
                            String command) {
    public SweepSettings {
        criteria = List.copyOf(criteria);
        configurations = List.copyOf(configurations);
        if (criteria.isEmpty() || configurations.isEmpty()) {
            throw new AudioPruneException("--criteria and --configs must not be empty");
        }
        if (criteria.stream().distinct().count() != criteria.size()) {
            throw new AudioPruneException("--criteria names a criterion twice: " + criteria);
        }
        if (configurations.stream().map(String::trim).distinct().count() != configurations.size()) {
            throw new AudioPruneException("--configs names a configuration twice: " + configurations);
        }
        if (seeds < 1 || baselineSeeds < 1) {
            throw new AudioPruneException("--seeds and --baseline-seeds must be at least 1");
        }
        if (finetuneEpochs < 0) {
            throw new AudioPruneException("--finetune-epochs must be at least 0, got " + finetuneEpochs);
        }
        if (checkpoint == null && baselineEpochs < 1) {
            throw new AudioPruneException("--baseline-epochs must be at least 1, got " + baselineEpochs);
        }
        if (checkpoint != null && baselineSeeds != 1) {
            throw new AudioPruneException("--baseline-seeds trains baselines: it does not go with --checkpoint");
        }
        if (frames != null && frames < 1) {
            throw new AudioPruneException("--frames must be at least 1, got " + frames);
        }
        if (threads < 1) {
            throw new AudioPruneException("--threads must be at least 1, got " + threads);
        }
        // the training settings are checked here, before any work
        new TrainingConfig(Math.max(1, finetuneEpochs), batchSize, learningRate, 0, false, false, false);
    }

    /** The base seed: splits, baseline k trains with seed + k, fine-tuning run k with seed + k. */
    public long seed() {
        return datasetOptions.seed();
    }

    /**
     * The options that decide what a finished unit holds, keyed by option name: a changed one makes
     * the recorded units invalid, so the unit store refuses to continue with it. (Criteria,
     * configurations and seed counts only add or leave out units.)
     */
    public Map<String, String> definingOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--dataset", dataset);
        m.put("--seed", Long.toString(seed()));
        m.put("--validation-fraction", Double.toString(datasetOptions.validationFraction()));
        m.put("--test-fold", Integer.toString(datasetOptions.testFold()));
        m.put("--test-fraction", Double.toString(datasetOptions.testFraction()));
        m.put("--clips-per-class", Integer.toString(datasetOptions.clipsPerClass()));
        m.put("--clip-seconds", Double.toString(datasetOptions.clipSeconds()));
        m.put("--soundfont", datasetOptions.soundfont() == null ? "none" : datasetOptions.soundfont().toString());
        m.put("--ignore-duplicate-rows", Boolean.toString(datasetOptions.ignoreDuplicateRows()));
        if (checkpoint != null) {
            m.put("--checkpoint", checkpoint.toAbsolutePath().normalize() + " (sha256 "
                    + digest(checkpoint.resolve(Checkpoint.SPEC_FILE), checkpoint.resolve(Checkpoint.WEIGHTS_FILE))
                    + ")");
        } else {
            m.put("--model", model);
            m.put("--baseline-epochs", Integer.toString(baselineEpochs));
            m.put("--frames", frames == null ? "from the data" : frames.toString());
        }
        m.put("--finetune-epochs", Integer.toString(finetuneEpochs));
        m.put("--batch-size", Integer.toString(batchSize));
        m.put("--lr", Float.toString(learningRate));
        m.put("--sensitivity", sensitivity == null ? "none" : sensitivity.toAbsolutePath().normalize() + " (sha256 "
                + digest(sensitivity) + ")");
        return m;
    }

    /** SHA-256 of the files' bytes, in order. */
    private static String digest(Path... files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new AudioPruneException(files[0] + ": cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
