package org.audioprune.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.data.Digests;
import org.audioprune.data.FeatureSet;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputKind;
import org.audioprune.io.SafeTensors;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/**
 * A training run's full state after a finished epoch: everything that the next epoch reads, so that
 * continuing from it gives the same bits as never stopping. On disk one folder ({@link Resumable}),
 * written atomically after every epoch:
 * <ul>
 *   <li>{@code state.json}: format tag, the run's key (a digest of its settings, network, starting
 *       weights and data), epochs done, Adam's step count, the best epoch and its metric, the
 *       history, the clip order (it is shuffled in place every epoch) and the serialised
 *       {@link Random} of shuffling and augmentation;</li>
 *   <li>{@code weights.safetensors} (current weights, batch-norm statistics included),
 *       {@code best.safetensors} (the best epoch's) and {@code adam.safetensors} (Adam's moments,
 *       {@code mean/NAME} and {@code variance/NAME}).</li>
 * </ul>
 * The engine's generator (dropout) cannot be saved through DJL; it is re-seeded and replayed
 * ({@link TrainingSession#replayRandomDraws}).
 */
final class TrainingState {
    static final String STATE_FILE = "state.json";
    static final String WEIGHTS_FILE = "weights.safetensors";
    static final String BEST_FILE = "best.safetensors";
    static final String MOMENTS_FILE = "adam.safetensors";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = Json.MAPPER;

    /** The contents of {@code state.json}. */
    record Header(String format, int version, String key, int epochs, int optimizerSteps, int bestEpoch,
                  double bestMetric, List<Trainer.EpochRecord> history, int[] order, String random) {
    }

    /** A loaded state. */
    record Saved(Header header, Map<String, Tensor> weights, Map<String, Tensor> best,
                 Map<String, Tensor[]> moments) {
        Random random() {
            return deserialize(header.random());
        }
    }

    private TrainingState() {
    }

    /** Writes the state folder atomically (the previous state stays until the new one is complete). */
    static void save(Path dir, Header header, Map<String, Tensor> weights, Map<String, Tensor> best,
            Map<String, Tensor[]> moments) {
        Map<String, Tensor> flat = new LinkedHashMap<>();
        moments.forEach((name, mv) -> {
            flat.put("mean/" + name, mv[0]);
            flat.put("variance/" + name, mv[1]);
        });
        AtomicFiles.writeFolder(dir, OutputKind.TRAINING_STATE, tmp -> {
            SafeTensors.write(tmp.resolve(WEIGHTS_FILE), weights, Map.of());
            SafeTensors.write(tmp.resolve(BEST_FILE), best, Map.of());
            SafeTensors.write(tmp.resolve(MOMENTS_FILE), flat, Map.of());
            JSON.writeValue(tmp.resolve(STATE_FILE).toFile(), header); // last: a state without it is not one
        });
    }

    /**
     * The state to continue, or {@code null} to start at epoch 1, by the resumable's policy.
     *
     * @throws AudioPruneException for a folder at the state's path that is not a training state; with
     *                             {@link Resumable.Policy#RESUME} also for a state of another run or a damaged one
     */
    static Saved resumeFrom(Resumable resumable, String key, int epochs) {
        Path dir = resumable.stateDir();
        AtomicFiles.recover(dir);
        if (!OutputKind.TRAINING_STATE.replaceable(dir)) {
            // it could not be replaced after the first epoch either: say so before any work
            throw new AudioPruneException(dir + " exists and is not an AudioPrune training-state folder (its "
                    + STATE_FILE + " is missing or not one); move it away");
        }
        if (resumable.policy() == Resumable.Policy.START_OVER || !Files.isDirectory(dir)) {
            return null;
        }
        boolean required = resumable.policy() == Resumable.Policy.RESUME;
        Saved saved;
        try {
            saved = load(dir);
        } catch (AudioPruneException e) {
            if (required) {
                throw e;
            }
            return null;
        }
        String problem = !saved.header().key().equals(key)
                ? "belongs to another run (other settings, network or data)"
                : saved.header().epochs() > epochs ? "has " + saved.header().epochs() + " epochs done, more than the "
                        + epochs + " asked for" : null;
        if (problem != null) {
            if (required) {
                throw new AudioPruneException(dir + ": the saved training state " + problem
                        + "; run without --resume to start over (it is then replaced)");
            }
            return null;
        }
        return saved;
    }

    private static Saved load(Path dir) {
        Path file = dir.resolve(STATE_FILE);
        Header h;
        try {
            h = JSON.readValue(file.toFile(), Header.class);
        } catch (IOException e) {
            throw new AudioPruneException(file + ": unreadable training state: " + e.getMessage());
        }
        if (h == null || !OutputKind.TRAINING_STATE.formatTag().equals(h.format()) || h.version() != VERSION) {
            throw new AudioPruneException(file + ": not an " + OutputKind.TRAINING_STATE.formatTag() + " version "
                    + VERSION + " file");
        }
        Map<String, Tensor> flat = SafeTensors.read(dir.resolve(MOMENTS_FILE)).tensors();
        Map<String, Tensor[]> moments = new LinkedHashMap<>();
        flat.forEach((name, t) -> {
            if (name.startsWith("mean/")) {
                String p = name.substring(5);
                moments.put(p, new Tensor[] {t, flat.get("variance/" + p)});
            }
        });
        return new Saved(h, SafeTensors.read(dir.resolve(WEIGHTS_FILE)).tensors(),
                SafeTensors.read(dir.resolve(BEST_FILE)).tensors(), moments);
    }

    /**
     * The run's identity: a digest of everything that shapes the epochs (settings except the epoch
     * count and the progress bar, network, classes, normalisation, starting weights, data).
     *
     * @param start {@code "init"} for a fresh network (its seed is in the settings), else a digest of
     *              the starting weights ({@link #digest})
     */
    static String key(TrainingConfig config, ArchitectureSpec spec, List<String> classNames, BandNormalisation norm,
            String start, FeatureSet train, FeatureSet validation) {
        StringBuilder sb = new StringBuilder("v1")
                .append("\nbatch=").append(config.batchSize())
                .append("\nlr=").append(Float.floatToIntBits(config.learningRate()))
                .append("\nseed=").append(config.seed())
                .append("\nspecAugment=").append(config.specAugment())
                .append("\nmixup=").append(config.mixup())
                .append("\nclasses=").append(classNames)
                .append("\nmean=").append(java.util.Arrays.toString(norm.mean()))
                .append("\nstd=").append(java.util.Arrays.toString(norm.std()))
                .append("\nstart=").append(start)
                .append("\ntrain=").append(train.identity())
                .append("\nvalidation=").append(validation == null ? "none" : validation.identity());
        try {
            sb.append("\nspec=").append(JSON.writeValueAsString(spec));
        } catch (IOException e) {
            throw new IllegalStateException("architecture spec is not serialisable", e);
        }
        return HexFormat.of().formatHex(Digests.sha256().digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A digest of named tensors (shapes and exact values). */
    static String digest(Map<String, Tensor> weights) {
        MessageDigest sha = Digests.sha256();
        weights.forEach((name, t) -> {
            sha.update((name + java.util.Arrays.toString(t.shape())).getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(t.data().length * Float.BYTES);
            b.asFloatBuffer().put(t.data());
            sha.update(b.array());
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /** {@link Random} is serialisable with its full state (seed and the pending Gaussian). */
    static String serialize(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new IllegalStateException("java.util.Random is serialisable", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static Random deserialize(String text) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            // a state file is user-supplied: deserialise nothing but a Random (its fields are primitives)
            in.setObjectInputFilter(info -> info.serialClass() == null || info.serialClass() == Random.class
                    ? java.io.ObjectInputFilter.Status.ALLOWED : java.io.ObjectInputFilter.Status.REJECTED);
            Object o = in.readObject();
            if (o.getClass() != Random.class) {
                throw new AudioPruneException("training state holds a " + o.getClass().getName() + ", not a Random");
            }
            return (Random) o;
        } catch (IOException | ClassNotFoundException | IllegalArgumentException e) {
            throw new AudioPruneException("training state: unreadable random generator state: " + e.getMessage());
        }
    }

}
