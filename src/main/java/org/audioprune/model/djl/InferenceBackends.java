package org.audioprune.model.djl;

import java.util.List;
import org.audioprune.AudioPruneException;

/** The registry of inference backends, in the order forms are tried (ties go to the first). */
public final class InferenceBackends {
    private static final List<InferenceBackend> ALL = List.of(new OptimizerBackend());

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
