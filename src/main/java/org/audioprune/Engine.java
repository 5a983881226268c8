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

    /** The DJL version and the version of the PyTorch native library it runs (loading the engine). */
    public static java.util.Map<String, String> versions() {
        return java.util.Map.of("djl", ai.djl.engine.Engine.getDjlVersion(), "pytorch",
                ai.djl.engine.Engine.getEngine("PyTorch").getVersion());
    }
}
