package org.audioprune.audio;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Which front end produces a network's input: what an architecture spec records, without depending
 * on the front end's implementation ({@link FrontEnds#of} gives that).
 */
public enum FrontEndId {
    @JsonProperty("dcase21") DCASE21,
    @JsonProperty("panns") PANNS;

    /** The name on the command line and in spec JSON: {@code dcase21}, {@code panns}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
