package org.audioprune.model.layer;

/** Checks shared by the layer types. */
final class Layers {
    private Layers() {
    }

    /** Tensor names are {@code NAME.suffix}: the name is a letter followed by letters, digits or '_'. */
    static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("layer name must be a letter followed by letters, digits or '_',"
                    + " got '" + name + "'");
        }
    }

    /** {@code what} must be positive in both axes. */
    static void requirePositive(String what, int h, int w) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + h + "x" + w);
        }
    }

    static <T> T required(T value, String what, String layer) {
        if (value == null) {
            throw new IllegalArgumentException(layer + ": " + what + " is missing");
        }
        return value;
    }
}
