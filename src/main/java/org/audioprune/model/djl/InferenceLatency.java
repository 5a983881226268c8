package org.audioprune.model.djl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.TensorSpec;

/**
 * Latency measurement for comparing networks fairly on a busy machine: the tasks run round-robin
 * (A B A B ...) in the same process, so load changes hit all of them alike, and each one's median
 * is reported, as wall-clock time and as CPU time of the calling thread. With one intra-op thread
 * libtorch runs every op on the calling thread, so the CPU time is the compute time without the
 * time the thread waited for a core (the robust number on a shared machine); with more threads it
 * misses the workers' share and only the wall time counts.
 */
public final class InferenceLatency {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InferenceLatency() {
    }

    /** Median latency of one task. */
    public record Median(double wallMillis, double cpuMillis) {
    }

    /**
     * Median latency of each task. Every task first runs {@code warmup} untimed times (JIT, oneDNN
     * primitive caches, allocator), then the tasks run {@code rounds} times interleaved.
     */
    public static List<Median> measure(List<Runnable> tasks, int warmup, int rounds) {
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds must be positive and warm-up non-negative");
        }
        for (Runnable t : tasks) {
            for (int i = 0; i < warmup; i++) {
                t.run();
            }
        }
        double[][] wall = new double[tasks.size()][rounds];
        double[][] cpu = new double[tasks.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < tasks.size(); k++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                tasks.get(k).run();
                wall[k][r] = (System.nanoTime() - t0) / 1e6;
                cpu[k][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        List<Median> medians = new ArrayList<>(tasks.size());
        for (int k = 0; k < tasks.size(); k++) {
            medians.add(new Median(median(wall[k]), median(cpu[k])));
        }
        return medians;
    }

    /** The median (mean of the middle two for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@code batch} inputs of the spec's shape, standard normal, from {@code seed}. */
    public static float[] randomInput(ArchitectureSpec spec, int batch, long seed) {
        ArchitectureSpec.InputShape in = spec.input();
        float[] x = new float[batch * in.channels() * in.nMels() * in.frames()];
        Random rng = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        return x;
    }

    /**
     * Weights for every parameter of the spec from {@code seed}: normal with standard deviation
     * 1/√fan-in for conv and dense weights (activations stay of order 1, as in a trained network),
     * batch-norm running variances uniform in [0.5, 1.5), everything else standard normal.
     */
    public static Map<String, Tensor> randomWeights(ArchitectureSpec spec, long seed) {
        Random rng = new Random(seed);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (TensorSpec p : spec.parameters()) {
            float[] data = new float[Math.toIntExact(p.size())];
            boolean variance = p.role() == TensorSpec.Role.RUNNING_VAR;
            double scale = p.role() == TensorSpec.Role.WEIGHT ? 1 / Math.sqrt(data.length / p.shape()[0]) : 1;
            for (int i = 0; i < data.length; i++) {
                data[i] = variance ? 0.5f + rng.nextFloat() : (float) (scale * rng.nextGaussian());
            }
            out.put(p.name(), new Tensor(p.shape(), data));
        }
        return out;
    }
}
