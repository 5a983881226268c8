package org.audioprune;

/**
 * A failure the user can act on (bad file, bad argument, mismatched checkpoint).
 * The CLI prints its message as one line and exits non-zero, without a stack trace,
 * so the message must name the file or option and the problem.
 */
public class AudioPruneException extends RuntimeException {
    public AudioPruneException(String message) {
        super(message);
    }

    public AudioPruneException(String message, Throwable cause) {
        super(message, cause);
    }
}
