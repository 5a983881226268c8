package org.audioprune.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Checkpoint;
import org.audioprune.model.Tensor;

/**
 * Child-JVM entry point of the kill tests: replaces the checkpoint at {@code args[0]} over and over
 * with versions 1, 2, 3, ... (metadata "version"; every weight equals the version). With
 * {@code args[1]} a step name of {@link AtomicFiles}, it prints "AT step" when the first replacement
 * reaches that step and then waits to be killed; with "loop" it replaces until killed, printing
 * "WROTE n" after each replacement.
 */
public final class FolderReplacer {
    private FolderReplacer() {
    }

    static Checkpoint version(int v) {
        ArchitectureSpec spec = Architectures.create("dcase21", 2);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (ArchitectureSpec.Parameter p : spec.parameters()) {
            float[] data = new float[Math.toIntExact(java.util.Arrays.stream(p.shape()).reduce(1, (a, b) -> a * b))];
            java.util.Arrays.fill(data, v);
            weights.put(p.name(), new Tensor(p.shape(), data));
        }
        return new Checkpoint(spec, List.of("a", "b"), null, null, weights, Map.of("version", v));
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        String stopAt = args[1];
        int start = Integer.parseInt(args[2]);
        if (!stopAt.equals("loop")) {
            AtomicFiles.stepHook = (step, path) -> {
                if (step.equals(stopAt)) {
                    System.out.println("AT " + step);
                    System.out.flush();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
        for (int v = start; ; v++) {
            version(v).save(target);
            System.out.println("WROTE " + v);
            System.out.flush();
        }
    }
}
