package org.audioprune.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;

/**
 * Named pruning plans. For every network: {@code uniform-25}, {@code uniform-50}, {@code uniform-75}
 * over all its conv layers. Besides, the presets its spec carries ({@link ArchitectureSpec#presets()}:
 * the publications' configurations, e.g. dcase21 {@code paper} = C1 = C2 = 50 %, cnn14
 * {@code c6-c12@25}), so a preset is available exactly where the layers it prunes are.
 */
public final class PruningPresets {
    private PruningPresets() {
    }

    private static final Map<String, Double> UNIFORM = new LinkedHashMap<>();

    static {
        UNIFORM.put("uniform-25", 0.25);
        UNIFORM.put("uniform-50", 0.5);
        UNIFORM.put("uniform-75", 0.75);
    }

    /** Preset names available for {@code spec}: the uniform ones, then the spec's own. */
    public static List<String> names(ArchitectureSpec spec) {
        List<String> out = new ArrayList<>(UNIFORM.keySet());
        spec.presets().keySet().stream().filter(p -> !UNIFORM.containsKey(p)).forEach(out::add);
        return out;
    }

    /**
     * The preset's plan for {@code spec}.
     *
     * @throws AudioPruneException for a name unknown for this network, listing the known ones
     */
    public static PruningPlan plan(String name, ArchitectureSpec spec) {
        if (UNIFORM.containsKey(name)) {
            return PruningPlan.uniform(UNIFORM.get(name), "all", spec);
        }
        Map<String, Double> ratios = spec.presets().get(name);
        if (ratios == null) {
            throw new AudioPruneException("unknown pruning preset '" + name + "' for " + spec.name() + " (known: "
                    + String.join(", ", names(spec)) + ")");
        }
        return PruningPlan.of(ratios, spec);
    }
}
