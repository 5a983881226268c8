package org.audioprune.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.audioprune.Json;
import org.audioprune.data.Digests;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputException;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.FormSearch;
import org.audioprune.model.djl.InferenceForm;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.layer.TensorSpec;

/**
 * Which inference form was fastest, remembered per network content, batch size, candidate forms
 * (which include the allowed thread counts) and machine, so that the search ({@link FormSearch}) runs once. One small
 * JSON file per key in a folder of its own (a cache: never inside a checkpoint); a damaged or foreign
 * file is ignored and measured again, and a folder that cannot be written only costs the re-measuring.
 */
public final class FormCache implements FormSearch.Memory {
    private static final String VERSION = "forms-v1";
    private final Path folder;
    private final String machine;

    /**
     * @param folder  where the entries live
     * @param machine what identifies this machine and engine (CPU, cores, OS, library versions)
     */
    public FormCache(Path folder, String machine) {
        this.folder = folder;
        this.machine = machine;
    }

    /** One remembered choice; {@code key} is stored too, so that a file is only used for its own key. */
    record Stored(String key, InferenceForm form, InferenceLatency.Clock clock, List<FormSearch.Candidate> candidates) {
    }

    @Override
    public Optional<FormSearch.Entry> recall(ArchitectureSpec spec, Map<String, Tensor> weights, int batch,
                                             List<InferenceForm> candidates) {
        return get(key(contentHash(spec, weights), batch, candidates))
                .map(s -> new FormSearch.Entry(s.form(), s.clock(), s.candidates()));
    }

    @Override
    public void remember(ArchitectureSpec spec, Map<String, Tensor> weights, int batch, List<InferenceForm> candidates,
                         FormSearch.Entry entry) {
        put(new Stored(key(contentHash(spec, weights), batch, candidates), entry.form(), entry.clock(),
                entry.candidates()));
    }

    /** The key of a search: everything its answer depends on. */
    private String key(String networkHash, int batch, List<InferenceForm> candidates) {
        StringBuilder sb = new StringBuilder(VERSION).append("|net=").append(networkHash).append("|batch=").append(batch)
                .append("|machine=").append(machine).append("|forms=");
        candidates.forEach(f -> sb.append(f.label()).append(';'));
        return sb.toString();
    }

    private Optional<Stored> get(String key) {
        Path file = file(key);
        try {
            Stored e = Json.nonNull(Stored.class).readValue(Files.readString(file));
            return key.equals(e.key()) ? Optional.of(e) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // absent or unreadable: measure again
        }
    }

    private void put(Stored entry) {
        try {
            AtomicFiles.writeString(file(entry.key()), Json.MAPPER.writeValueAsString(entry));
        } catch (IOException | OutputException e) {
            // a cache that cannot be written only means measuring again next time
        }
    }

    private Path file(String key) {
        return folder.resolve(HexFormat.of().formatHex(Digests.sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32) + ".json");
    }

    /** SHA-256 of the spec's JSON and every parameter tensor (spec order, name, shape, little-endian floats). */
    public static String contentHash(ArchitectureSpec spec, Map<String, Tensor> weights) {
        MessageDigest d = Digests.sha256();
        d.update(spec.toJson().getBytes(StandardCharsets.UTF_8));
        for (TensorSpec p : spec.parameters()) {
            Tensor t = weights.get(p.name());
            d.update(p.name().getBytes(StandardCharsets.UTF_8));
            if (t == null) {
                continue; // compiling the form reports the missing tensor
            }
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES * t.shape().length).order(ByteOrder.LITTLE_ENDIAN);
            for (long s : t.shape()) {
                b.putLong(s);
            }
            d.update(b.array());
            ByteBuffer data = ByteBuffer.allocate(Float.BYTES * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(t.data());
            d.update(data);
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
