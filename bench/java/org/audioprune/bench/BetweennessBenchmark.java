package org.audioprune.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.tools.ToolProvider;
import org.audioprune.prune.ConvWeights;
import org.audioprune.prune.DenseBetweenness;
import org.audioprune.prune.FilterGraph;
import org.audioprune.prune.Representatives;

/**
 * The betweenness kernel alone (graph already built, signed similarity as length, as {@code bc} uses
 * it) against earlier implementations, in the same run: {@code DenseBetweennessBefore} from the test
 * classes (the pre-vector kernel kept as the tests' oracle), optionally {@code DenseBetweenness} as it
 * was at a git revision (compiled from {@code git show REV:...} into a temporary directory and loaded
 * by its own class loader), the current kernel with the vector API and its scalar pass (what runs
 * without jdk.incubator.vector). Per round they run back to back on the same graph (order rotating),
 * so machine load hits them alike; CPU seconds are the calling thread's (ThreadMXBean, 1 worker
 * thread), speed-ups are medians of per-round ratios. A second table runs the current kernel with 1
 * and with {@code threads} workers and reports wall and process CPU time: the same work, so a CPU ratio
 * above 1 means the threads slow each other down (shared cache, memory bandwidth, SMT siblings).
 * Every run's result is checked bit for bit against the previous implementation.
 *
 * <p>Usage: {@code bench/run BetweennessBenchmark [sizes=256,512,1024,2048] [rounds=3] [threads=2] [revision]}
 */
public final class BetweennessBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final String SOURCE = "src/main/java/org/audioprune/prune/DenseBetweenness.java";

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "256,512,1024,2048").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String revision = args.length > 3 ? args[3] : null;
        List<String> names = new ArrayList<>(List.of("previous (oracle)"));
        List<Kernel> kernels = new ArrayList<>();
        Method before = Class.forName("org.audioprune.prune.DenseBetweennessBefore")
                .getDeclaredMethod("compute", double[].class, int.class, int.class);
        before.setAccessible(true);
        kernels.add((len, n, t) -> (double[]) before.invoke(null, len, n, t));
        if (revision != null) {
            Method old = atRevision(revision);
            names.add(revision);
            kernels.add((len, n, t) -> (double[]) old.invoke(null, len, n, t, true));
        }
        Method chosen = DenseBetweenness.class.getDeclaredMethod("compute", double[].class, int.class, int.class,
                boolean.class);
        chosen.setAccessible(true);
        names.add("current, vector API");
        kernels.add((len, n, t) -> (double[]) chosen.invoke(null, len, n, t, DenseBetweenness.vectorised()));
        names.add("current, scalar pass");
        kernels.add((len, n, t) -> (double[]) chosen.invoke(null, len, n, t, false));
        int current = names.size() - 2;

        System.out.printf("# BetweennessBenchmark: %d cores, Java %s, vector API %s, load average %.1f at start%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                DenseBetweenness.vectorised() ? "on" : "OFF", load());
        System.out.println("## 1 thread, CPU seconds of the calling thread (median of " + rounds
                + " rounds); speed-up = previous / kernel, per round\n");
        StringBuilder head = new StringBuilder("| n |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String name : names) {
            head.append(' ').append(name).append(" |");
            rule.append("---:|");
        }
        for (int k = 1; k < names.size(); k++) {
            head.append(" speed-up ").append(names.get(k)).append(" |");
            rule.append("---:|");
        }
        if (revision != null) {
            head.append(" current vs ").append(revision).append(" |");
            rule.append("---:|");
        }
        System.out.println(head + " ns per n³ (current) | load |");
        System.out.println(rule + "---:|---:|");
        List<double[]> graphs = new ArrayList<>();
        for (int n : sizes) {
            graphs.add(layer(n, 7 + n));
        }
        int m = kernels.size();
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            double[] len = graphs.get(i);
            double[][] cpu = new double[m][rounds];
            for (int r = 0; r < rounds; r++) {
                long[] ref = null;
                for (int j = 0; j < m; j++) {
                    int variant = (j + r) % m;
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    double[] bc = kernels.get(variant).compute(len, n, 1);
                    cpu[variant][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
                    ref = check(ref, bc, n);
                }
            }
            StringBuilder row = new StringBuilder("| " + n + " |");
            for (int k = 0; k < m; k++) {
                row.append(String.format(" %.3f |", median(cpu[k])));
            }
            for (int k = 1; k < m; k++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = cpu[0][r] / cpu[k][r];
                }
                row.append(String.format(" %.2f× |", median(ratio)));
            }
            if (revision != null) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = cpu[1][r] / cpu[current][r];
                }
                row.append(String.format(" %.2f× |", median(ratio)));
            }
            row.append(String.format(" %.3f | %.1f |", median(cpu[current]) / ((double) n * n * n) * 1e9, load()));
            System.out.println(row);
        }
        System.out.println("\n## current kernel, 1 and " + threads + " worker threads: wall and process CPU seconds"
                + " (median of " + rounds + " rounds)\n");
        System.out.println("| n | 1 thread wall | 1 thread CPU | " + threads + " threads wall | " + threads
                + " threads CPU | CPU ratio (" + threads + " / 1 thread) | wall speed-up | load |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Kernel vector = kernels.get(current);
        for (int i = 0; i < sizes.length; i++) {
            int n = sizes[i];
            double[] len = graphs.get(i);
            double[][] wall = new double[2][rounds];
            double[][] cpu = new double[2][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int j = 0; j < 2; j++) {
                    int variant = (j + r) % 2;
                    long t0 = System.nanoTime();
                    long c0 = OS.getProcessCpuTime();
                    vector.compute(len, n, variant == 0 ? 1 : threads);
                    cpu[variant][r] = (OS.getProcessCpuTime() - c0) / 1e9;
                    wall[variant][r] = (System.nanoTime() - t0) / 1e9;
                }
            }
            double[] cpuRatio = new double[rounds];
            double[] speedUp = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                cpuRatio[r] = cpu[1][r] / cpu[0][r];
                speedUp[r] = wall[0][r] / wall[1][r];
            }
            System.out.printf("| %d | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f× | %.1f |%n", n, median(wall[0]),
                    median(cpu[0]), median(wall[1]), median(cpu[1]), median(cpuRatio), median(speedUp), load());
        }
    }

    interface Kernel {
        double[] compute(double[] length, int n, int threads) throws Exception;
    }

    private static long[] check(long[] ref, double[] bc, int n) {
        long[] bits = Arrays.stream(bc).mapToLong(Double::doubleToRawLongBits).toArray();
        if (ref != null && !Arrays.equals(ref, bits)) {
            throw new IllegalStateException("n=" + n + ": results differ between kernels");
        }
        return bits;
    }

    /** {@code DenseBetweenness.compute(double[], int, int, boolean)} as it was at a git revision. */
    private static Method atRevision(String revision) throws Exception {
        Path dir = Files.createTempDirectory("betweenness-" + revision);
        Path src = dir.resolve("DenseBetweenness.java");
        Process git = new ProcessBuilder("git", "show", revision + ":" + SOURCE)
                .redirectOutput(src.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (git.waitFor() != 0) {
            throw new IllegalArgumentException("git show " + revision + ":" + SOURCE + " failed");
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, System.err, "-nowarn", "--add-modules",
                "jdk.incubator.vector", "-d", dir.toString(), src.toString());
        if (rc != 0) {
            throw new IllegalStateException("could not compile " + revision + "'s " + SOURCE);
        }
        ClassLoader own = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        Method m = Class.forName("org.audioprune.prune.DenseBetweenness", true, own)
                .getDeclaredMethod("compute", double[].class, int.class, int.class, boolean.class);
        m.setAccessible(true);
        System.err.println("# " + revision + ": " + new String(Files.readAllBytes(src), StandardCharsets.UTF_8)
                .lines().count() + " lines of " + SOURCE + " compiled in " + dir);
        return m;
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
