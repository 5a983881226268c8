package org.audioprune.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.audioprune.prune.ConvWeights;
import org.audioprune.prune.DenseBetweenness;
import org.audioprune.prune.FilterGraph;
import org.audioprune.prune.Representatives;

/**
 * The betweenness kernel alone (graph already built, signed similarity as length, as {@code bc} uses
 * it) against the implementation it replaced, in the same run: {@code DenseBetweennessBefore} from the
 * test classes (the pre-vector kernel kept as the tests' oracle), the new kernel with the vector API
 * and the new kernel's scalar pass (what runs without jdk.incubator.vector). Per round the three run
 * back to back on the same graph (order rotating), so machine load hits them alike; CPU seconds are
 * the calling thread's (ThreadMXBean, 1 worker thread), speed-ups are medians of per-round ratios.
 * A second table runs the previous and the vector kernel with {@code threads} workers, wall clock.
 * Every run's result is checked bit for bit against the previous implementation.
 *
 * <p>Usage: {@code bench/run BetweennessBenchmark [sizes=256,512,1024,2048] [rounds=3] [threads=2]}
 */
public final class BetweennessBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "256,512,1024,2048").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Method before = Class.forName("org.audioprune.prune.DenseBetweennessBefore")
                .getDeclaredMethod("compute", double[].class, int.class, int.class);
        before.setAccessible(true);
        Method chosen = DenseBetweenness.class.getDeclaredMethod("compute", double[].class, int.class, int.class,
                boolean.class);
        chosen.setAccessible(true);
        System.out.printf("# BetweennessBenchmark: %d cores, Java %s, vector API %s, load average %.1f at start%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                DenseBetweenness.vectorised() ? "on" : "OFF", load());
        System.out.println("## 1 thread, CPU seconds of the calling thread (median of " + rounds + " rounds)\n");
        System.out.println("| n | previous | new, vector API | new, scalar pass | speed-up vector | speed-up scalar | ns per n³ (vector) | load |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<double[]> graphs = new ArrayList<>();
        for (int n : sizes) {
            graphs.add(layer(n, 7 + n));
        }
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            double[] len = graphs.get(i);
            double[][] cpu = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                long[] ref = null;
                for (int j = 0; j < 3; j++) {
                    int variant = (j + r) % 3;
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    double[] bc = variant == 0 ? (double[]) before.invoke(null, len, n, 1)
                            : (double[]) chosen.invoke(null, len, n, 1, variant == 1);
                    cpu[variant][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
                    long[] bits = Arrays.stream(bc).mapToLong(Double::doubleToRawLongBits).toArray();
                    if (ref == null) {
                        ref = bits;
                    } else if (!Arrays.equals(ref, bits)) {
                        throw new IllegalStateException("n=" + n + ": results differ between kernels");
                    }
                }
            }
            double[] ratioV = new double[rounds];
            double[] ratioS = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratioV[r] = cpu[0][r] / cpu[1][r];
                ratioS[r] = cpu[0][r] / cpu[2][r];
            }
            System.out.printf("| %d | %.3f | %.3f | %.3f | %.2f× | %.2f× | %.3f | %.1f |%n", n, median(cpu[0]),
                    median(cpu[1]), median(cpu[2]), median(ratioV), median(ratioS),
                    median(cpu[1]) / ((double) n * n * n) * 1e9, load());
        }
        System.out.println("\n## " + threads + " threads, wall seconds (median of " + rounds + " rounds)\n");
        System.out.println("| n | previous | new, vector API | speed-up | load |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            double[] len = graphs.get(i);
            double[][] wall = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < 2; j++) {
                    int variant = (j + r) % 2;
                    long t0 = System.nanoTime();
                    if (variant == 0) {
                        before.invoke(null, len, n, threads);
                    } else {
                        chosen.invoke(null, len, n, threads, DenseBetweenness.vectorised());
                    }
                    wall[variant][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = wall[0][r] / wall[1][r];
            }
            System.out.printf("| %d | %.3f | %.3f | %.2f× | %.1f |%n", n, median(wall[0]), median(wall[1]),
                    median(ratio), load());
        }
    }

    /** Signed-similarity lengths of a layer of n filters × n channels × 3×3, Gaussian float32 weights. */
    public static double[] layer(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] d = new double[n * n * 9];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        FilterGraph g = FilterGraph.of(Representatives.of(new ConvWeights(n, n, 3, 3, d)));
        return g.transformed(s -> s);
    }

    static double median(double[] x) {
        double[] c = x.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
