package org.audioprune.prune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.AudioPruneException;
import org.audioprune.model.ArchitectureSpec;

/**
 * Named pruning plans of the paper (method.md §3). For every network: {@code uniform-25},
 * {@code uniform-50}, {@code uniform-75} over all conv layers. DCASE21 Net: {@code paper} =
 * C1 = C2 = 50 %, C3 unpruned (the headline: −71 % MACs, about −50 % parameters). CNN14:
 * {@code c6-c12@25} (the headline, −41.7 % params / −24.7 % MACs with the front end),
 * {@code c7-c12@25}, {@code c7-c12@50}, {@code c7-c12@75}, {@code c1+c7-c12@25}.
 */
public final class PruningPresets {
    private PruningPresets() {
    }

    /** Preset name → plan text ({@code layers@percent} or {@code LAYER=ratio,...}) per architecture. */
    private static Map<String, String> presets(String architecture) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("uniform-25", "all@25");
        m.put("uniform-50", "all@50");
        m.put("uniform-75", "all@75");
        if (architecture.equals("dcase21")) {
            m.put("paper", "C1=0.5,C2=0.5");
        } else if (architecture.equals("cnn14")) {
            for (String p : List.of("c6-c12@25", "c7-c12@25", "c7-c12@50", "c7-c12@75", "c1+c7-c12@25")) {
                m.put(p, p);
            }
        }
        return m;
    }

    /** Preset names available for {@code spec}'s architecture. */
    public static List<String> names(ArchitectureSpec spec) {
        return new ArrayList<>(presets(spec.name()).keySet());
    }

    /**
     * The preset's plan for {@code spec}.
     *
     * @throws AudioPruneException for a name unknown for this architecture, listing the known ones
     */
    public static PruningPlan plan(String name, ArchitectureSpec spec) {
        String text = presets(spec.name()).get(name);
        if (text == null) {
            throw new AudioPruneException("unknown pruning preset '" + name + "' for " + spec.name() + " (known: "
                    + String.join(", ", names(spec)) + ")");
        }
        int at = text.indexOf('@');
        if (at < 0) {
            return PruningPlan.parse(text, spec);
        }
        double ratio = Integer.parseInt(text.substring(at + 1)) / 100.0;
        return PruningPlan.uniform(ratio, text.substring(0, at), spec);
    }
}
