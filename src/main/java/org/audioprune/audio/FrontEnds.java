package org.audioprune.audio;

import java.util.List;

/** The named front ends of the specification (method.md section 3). */
public final class FrontEnds {
    private FrontEnds() {
    }

    /** Names accepted by {@link #byName(String)}. */
    public static List<String> names() {
        return List.of("dcase21", "panns");
    }

    /**
     * @throws org.audioprune.AudioPruneException for an unknown name
     */
    public static FrontEnd byName(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
