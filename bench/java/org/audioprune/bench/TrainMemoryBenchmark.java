package org.audioprune.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.audioprune.Engine;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.train.TrainingSession;

/**
 * Many dcase21 training steps (plus one inference batch and one weight snapshot every
 * {@code every} steps, as the trainer's validation does) while printing the process's resident
 * set size (VmRSS, native memory included) and the Java heap in use: neither may grow.
 * Usage: bench/run TrainMemoryBenchmark [steps=3000] [every=250] [frames=50] [batch=32] [threads=2].
 * RSS also counts Java heap pages as the collector first touches them; to see native memory
 * alone, run the class with a fixed, pre-touched heap (docs/benchmarks.md gives the command).
 */
public final class TrainMemoryBenchmark {
    private static final int MELS = 40;
    private static final int CLASSES = 10;

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int frames = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Engine.configureOffline();
        EngineThreads.configure(threads);
        ArchitectureSpec spec = Architectures.create("dcase21", CLASSES, MELS, frames);
        TrainingSession.seed(0);
        Random random = new Random(0);
        float[] x = new float[batch * MELS * frames];
        float[] y = new float[batch * CLASSES];
        System.out.printf("dcase21 1x%dx%d batch %d, %d steps, %d thread(s)%n", MELS, frames, batch, steps, threads);
        System.out.printf("%8s %10s %14s %14s %10s%n", "step", "VmRSS MB", "heap used MB", "heap commit MB",
                "ms/step");
        try (NetworkRunner runner = new NetworkRunner(spec)) {
            TrainingSession session = new TrainingSession(runner, 1e-3f);
            long t0 = System.nanoTime();
            for (int s = 1; s <= steps; s++) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                Arrays.fill(y, 0f);
                for (int b = 0; b < batch; b++) {
                    y[b * CLASSES + random.nextInt(CLASSES)] = 1f;
                }
                session.step(x, y, batch);
                if (s % every == 0) {
                    runner.logits(x, batch);
                    runner.weights();
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf("%8d %10.1f %14.1f %14.1f %10.1f%n", s, rssMegabytes(),
                            (rt.totalMemory() - rt.freeMemory()) / 1048576.0, rt.totalMemory() / 1048576.0,
                            (System.nanoTime() - t0) / 1e6 / every);
                    t0 = System.nanoTime();
                }
            }
        }
    }

    private static double rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private TrainMemoryBenchmark() {
    }
}
