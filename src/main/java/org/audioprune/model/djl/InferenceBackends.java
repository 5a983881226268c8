package org.audioprune.model.djl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.audioprune.AudioPruneException;

/**
 * The registry of inference backends, in the order forms are tried (ties go to the first): DJL's
 * own forms, then the backends found through {@link ServiceLoader} (ONNX Runtime, which lives in
 * {@code interchange} because it runs the exported graph — found this way so that {@code model}
 * does not depend on the package above it), sorted by id so the order is the same everywhere.
 */
public final class InferenceBackends {
    private static final List<InferenceBackend> ALL = load();

    private static List<InferenceBackend> load() {
        List<InferenceBackend> found = new ArrayList<>();
        ServiceLoader.load(InferenceBackend.class).forEach(found::add);
        found.sort(Comparator.comparing(InferenceBackend::id));
        List<InferenceBackend> all = new ArrayList<>(List.of(new OptimizerBackend()));
        all.addAll(found);
        return List.copyOf(all);
    }

    private InferenceBackends() {
    }

    public static List<InferenceBackend> all() {
        return ALL;
    }

    /** The backend with {@code id}. */
    public static InferenceBackend byId(String id) {
        return ALL.stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new AudioPruneException("unknown inference backend " + id));
    }
}
