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
 * Latency measurement for comparing networks fairly on a busy machine: the tasks run round-robin in
 * the same process, the starting task rotating every round (A B C, B C A, C A B, ...), so load
 * changes and the cache state a predecessor leaves hit all of them alike, and every round gives a
 * paired sample of each task. Each call is timed as wall-clock time and as CPU time of the calling
 * thread. With one intra-op thread libtorch runs every op on the calling thread, so the CPU time is
 * the compute time without the time the thread waited for a core (the robust number on a shared
 * machine); with more threads it misses the workers' share and only the wall time counts.
 */
public final class InferenceLatency {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InferenceLatency() {
    }

    /** Which time a figure is. */
    public enum Clock {
        /** Wall-clock time of the call. */
        WALL("wall"),
        /** CPU time of the calling thread (all of the work at one intra-op thread). */
        CPU("thread CPU");

        private final String label;

        Clock(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The clock to compare forms by: CPU time when every form runs on one thread, else wall time. */
        public static Clock forThreads(java.util.Collection<Integer> threads) {
            return threads.stream().allMatch(t -> t == 1) ? CPU : WALL;
        }
    }

    /** Median and quartiles (linear interpolation between order statistics). */
    public record Spread(double median, double q1, double q3) {
        public static Spread of(double[] values) {
            return new Spread(percentile(values, 50), percentile(values, 25), percentile(values, 75));
        }
    }

    /**
     * The per-round times of one task, ms.
     *
     * @param wall wall-clock time per round
     * @param cpu  calling-thread CPU time per round
     */
    public record Samples(double[] wall, double[] cpu) {
        public double[] of(Clock clock) {
            return clock == Clock.CPU ? cpu : wall;
        }

        /** Median wall-clock ms. */
        public double wallMillis() {
            return median(wall);
        }

        /** Median CPU ms. */
        public double cpuMillis() {
            return median(cpu);
        }
    }

    /**
     * Per-round times of each task. Every task first runs {@code warmup} untimed times (JIT, oneDNN
     * primitive caches, allocator), then the tasks run {@code rounds} times interleaved with a
     * rotating start.
     */
    public static List<Samples> measure(List<Runnable> tasks, int warmup, int rounds) {
        if (rounds < 1 || warmup < 0) {
            throw new IllegalArgumentException("rounds must be positive and warm-up non-negative");
        }
        for (Runnable t : tasks) {
            for (int i = 0; i < warmup; i++) {
                t.run();
            }
        }
        int n = tasks.size();
        double[][] wall = new double[n][rounds];
        double[][] cpu = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int j = (k + r) % n;
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                tasks.get(j).run();
                wall[j][r] = (System.nanoTime() - t0) / 1e6;
                cpu[j][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        List<Samples> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(new Samples(wall[k], cpu[k]));
        }
        return out;
    }

    /** The speed-up of {@code b} over {@code a} round by round: median and quartiles of a[r] / b[r]. */
    public static Spread pairedRatios(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples need equal lengths");
        }
        double[] ratios = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            ratios[r] = a[r] / b[r];
        }
        return Spread.of(ratios);
    }

    /** The median (mean of the middle two for an even count). */
    public static double median(double[] values) {
        return percentile(values, 50);
    }

    /** The {@code q}-th percentile, interpolating linearly between order statistics (numpy's default). */
    public static double percentile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
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
