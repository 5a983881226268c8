package org.audioprune;

/**
 * Process-wide DJL settings. DJL must never download libtorch: the natives come from the
 * pytorch-native-cpu jar on the class path, and offline mode turns any attempted download
 * into an error instead of a silent network call.
 */
public final class Engine {
    private Engine() {
    }

    /** Call before the first DJL use (the CLI does it in main; tests get it from Surefire). */
    public static void configureOffline() {
        System.setProperty("ai.djl.offline", "true");
        if (System.getenv("PYTORCH_FLAVOR") == null) {
            System.setProperty("PYTORCH_FLAVOR", "cpu");
        }
    }
}
