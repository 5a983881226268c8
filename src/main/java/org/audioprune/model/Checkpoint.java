package org.audioprune.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputKind;
import org.audioprune.io.SafeTensors;

/**
 * A trained (or pruned) network, engine-free: its spec, class names, the per-band input
 * normalisation, every weight tensor by the naming convention of {@link ArchitectureSpec#parameters()},
 * and free-form metadata (training history, pruning plan, ...).
 *
 * <p>On disk a checkpoint is one folder, conventionally named {@code X.ckpt/}, holding
 * {@code spec.json} (format tag, spec, class names, normalisation, metadata) and
 * {@code weights.safetensors} (float32). The folder is written atomically. Loading checks every
 * tensor against the spec, so a pruned checkpoint (smaller widths in its spec) loads like any other.
 *
 * @param bandMean per-mel-band mean subtracted from the input; empty when the network normalises
 *                 its own input (PANNs bn0)
 * @param bandStd  per-mel-band standard deviation the input is divided by; empty with bandMean
 * @param weights  every parameter of the spec, in spec order
 */
public record Checkpoint(ArchitectureSpec spec, List<String> classNames, float[] bandMean, float[] bandStd,
                         Map<String, Tensor> weights, Map<String, Object> metadata) {

    /** Format tag in spec.json. */
    public static final String FORMAT = OutputKind.CHECKPOINT.formatTag();
    public static final int VERSION = 1;
    public static final String SPEC_FILE = "spec.json";
    public static final String WEIGHTS_FILE = "weights.safetensors";

    /** The JSON part of a checkpoint (spec.json). */
    private record Header(String format, int version, ArchitectureSpec spec, List<String> classNames,
                          float[] bandMean, float[] bandStd, Map<String, Object> metadata) {
    }

    /**
     * @throws AudioPruneException if the class names, normalisation or weights do not fit the spec,
     *                             or a weight is not finite
     */
    public Checkpoint {
        if (spec == null) {
            throw new AudioPruneException("checkpoint needs an architecture spec");
        }
        classNames = List.copyOf(classNames);
        if (classNames.size() != spec.numClasses()) {
            throw new AudioPruneException("checkpoint has " + classNames.size() + " class names but the "
                    + spec.name() + " spec has " + spec.numClasses() + " outputs");
        }
        bandMean = bandMean == null ? new float[0] : bandMean.clone();
        bandStd = bandStd == null ? new float[0] : bandStd.clone();
        int mels = spec.input().nMels();
        if (bandMean.length != bandStd.length || (bandMean.length != 0 && bandMean.length != mels)) {
            throw new AudioPruneException("checkpoint normalisation needs " + mels + " means and stds (or none), got "
                    + bandMean.length + " and " + bandStd.length);
        }
        for (int i = 0; i < bandStd.length; i++) {
            if (!Float.isFinite(bandMean[i]) || !(bandStd[i] > 0) || !Float.isFinite(bandStd[i])) {
                throw new AudioPruneException("checkpoint normalisation of band " + i + " is invalid (mean "
                        + bandMean[i] + ", std " + bandStd[i] + ")");
            }
        }
        weights = orderedWeights(spec, weights);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }

    private static Map<String, Tensor> orderedWeights(ArchitectureSpec spec, Map<String, Tensor> weights) {
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (ArchitectureSpec.Parameter p : spec.parameters()) {
            Tensor t = weights.get(p.name());
            if (t == null) {
                throw new AudioPruneException("tensor " + p.name() + " is missing (" + spec.name() + " needs shape "
                        + Arrays.toString(p.shape()) + ")");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new AudioPruneException("tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + " but the spec needs " + Arrays.toString(p.shape()));
            }
            int bad = t.firstNonFinite();
            if (bad >= 0) {
                throw new AudioPruneException("tensor " + p.name() + " has a non-finite value (" + t.data()[bad]
                        + ") at flat index " + bad);
            }
            ordered.put(p.name(), t);
        }
        for (String n : weights.keySet()) {
            if (!ordered.containsKey(n)) {
                throw new AudioPruneException("tensor " + n + " is not a parameter of the " + spec.name() + " spec");
            }
        }
        return Collections.unmodifiableMap(ordered);
    }

    /** Name of the front end the network expects (from the spec). */
    public String frontEnd() {
        return spec.frontEnd();
    }

    /** The tensor called {@code name}. */
    public Tensor weight(String name) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new AudioPruneException("checkpoint of " + spec.name() + " has no tensor " + name);
        }
        return t;
    }

    /** A copy with other weights (and possibly a new spec), same classes and normalisation. */
    public Checkpoint withWeights(ArchitectureSpec newSpec, Map<String, Tensor> newWeights) {
        return new Checkpoint(newSpec, classNames, bandMean, bandStd, newWeights, metadata);
    }

    /** A copy with one metadata entry added or replaced. */
    public Checkpoint withMetadata(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new Checkpoint(spec, classNames, bandMean, bandStd, weights, m);
    }

    /** Writes the checkpoint folder atomically (an existing folder is replaced only when complete). */
    public void save(Path dir) {
        String json;
        try {
            json = ArchitectureSpec.json().writeValueAsString(
                    new Header(FORMAT, VERSION, spec, classNames, bandMean, bandStd, metadata));
        } catch (JsonProcessingException e) {
            throw new AudioPruneException(dir + ": checkpoint metadata is not serialisable as JSON: "
                    + ArchitectureSpec.rootMessage(e));
        }
        AtomicFiles.writeFolder(dir, OutputKind.CHECKPOINT, tmp -> {
            Files.writeString(tmp.resolve(SPEC_FILE), json);
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp.resolve(WEIGHTS_FILE)), 1 << 16)) {
                SafeTensors.write(out, weights, Map.of("format", FORMAT));
            }
        });
    }

    /**
     * Loads and validates a checkpoint folder.
     *
     * @throws AudioPruneException naming the file for a missing file, a bad spec, or tensors that
     *                             are missing, extra, mis-shaped, non-finite or malformed
     */
    public static Checkpoint load(Path dir) {
        AtomicFiles.recover(dir);
        if (!Files.isDirectory(dir)) {
            throw new AudioPruneException(dir + ": not a checkpoint folder (expected " + SPEC_FILE + " and "
                    + WEIGHTS_FILE + " inside)");
        }
        Path specFile = dir.resolve(SPEC_FILE);
        Header h;
        try {
            h = Json.nonNull(Header.class).readValue(Files.readString(specFile));
        } catch (NoSuchFileException e) {
            throw new AudioPruneException(specFile + ": no such file (not a checkpoint folder?)");
        } catch (JsonProcessingException e) {
            throw new AudioPruneException(specFile + ": invalid checkpoint: " + ArchitectureSpec.rootMessage(e));
        } catch (IOException e) {
            throw new AudioPruneException(specFile + ": cannot read: " + e.getMessage());
        }
        if (h == null) {
            throw new AudioPruneException(specFile + ": invalid checkpoint: the file holds JSON null, not a checkpoint");
        }
        if (!FORMAT.equals(h.format()) || h.version() != VERSION) {
            throw new AudioPruneException(specFile + ": not an " + FORMAT + " version " + VERSION + " file (format '"
                    + h.format() + "', version " + h.version() + ")");
        }
        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        Map<String, Tensor> tensors = SafeTensors.read(weightsFile).tensors();
        try {
            return new Checkpoint(h.spec(), h.classNames(), h.bandMean(), h.bandStd(), tensors, h.metadata());
        } catch (AudioPruneException e) {
            Path culprit = e.getMessage().startsWith("tensor ") ? weightsFile : specFile;
            throw new AudioPruneException(culprit + ": " + e.getMessage());
        }
    }
}
