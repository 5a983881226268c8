package org.audioprune.audio;

import java.util.Arrays;
import java.util.List;
import org.audioprune.AudioPruneException;

/** The named front ends of the specification (method.md section 3). */
public final class FrontEnds {
    private static final FrontEnd DCASE21 = new LogMelFrontEnd(LogMelFrontEnd.DCASE21);
    private static final FrontEnd PANNS = new LogMelFrontEnd(LogMelFrontEnd.PANNS);

    private FrontEnds() {
    }

    /** Names accepted by {@link #byName(String)}. */
    public static List<String> names() {
        return Arrays.stream(FrontEndId.values()).map(FrontEndId::toString).toList();
    }

    /** The shared (immutable, thread-safe) front end {@code id}. */
    public static FrontEnd of(FrontEndId id) {
        return switch (id) {
            case DCASE21 -> DCASE21;
            case PANNS -> PANNS;
        };
    }

    /**
     * The shared (immutable, thread-safe) front end called {@code name}.
     *
     * @throws org.audioprune.AudioPruneException for an unknown name
     */
    public static FrontEnd byName(String name) {
        for (FrontEndId id : FrontEndId.values()) {
            if (id.toString().equals(name)) {
                return of(id);
            }
        }
        throw new AudioPruneException("unknown front end '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
}
