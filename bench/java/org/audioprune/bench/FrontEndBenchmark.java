package org.audioprune.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.audioprune.audio.FrontEnds;
import org.audioprune.audio.LogMelFrontEnd;
import org.audioprune.audio.Resampler;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Throughput of the log-mel front ends and the resampler, single thread, in seconds of audio per
 * second of CPU time (= "x real time per core"). Same-run references: the bare FFTs the front end
 * needs (JTransforms, same frame count) and, when /usr/bin/python3 is there, the numpy reference
 * tools/reference_frontend.py on the same amount of audio.
 *
 * <p>Usage: {@code bench/run FrontEndBenchmark [SECONDS_OF_AUDIO] [REPEATS]} (defaults 60, 5).
 */
public final class FrontEndBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Results land here so the JIT cannot drop the measured work. */
    private static volatile Object sink;

    private FrontEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "# FrontEndBenchmark: %.0f s of noise, best of %d, single thread, %s, %d cores%n",
                seconds, repeats, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| what | x real time per core (CPU) | x real time (wall) |");
        System.out.println("|---|---:|---:|");
        for (String name : FrontEnds.names()) {
            LogMelFrontEnd fe = (LogMelFrontEnd) FrontEnds.byName(name);
            float[] x = noise((int) (seconds * fe.sampleRate()), 1);
            row("front end " + name + " (`compute`)", seconds, repeats, () -> fe.compute(x));
            LogMelFrontEnd.Config c = fe.config();
            int frames = fe.frames(x.length);
            DoubleFFT_1D fft = new DoubleFFT_1D(c.nFft());
            double[] buf = new double[c.nFft()];
            row("reference: " + frames + " bare real FFTs of " + c.nFft() + " (JTransforms)", seconds, repeats, () -> {
                for (int t = 0; t < frames; t++) {
                    int start = Math.min(t * c.hopLength(), x.length - buf.length);
                    for (int i = 0; i < buf.length; i++) {
                        buf[i] = x[start + i];
                    }
                    fft.realForward(buf);
                }
                return buf;
            });
        }
        int[][] pairs = {{48000, 44100}, {44100, 32000}, {22050, 44100}, {48000, 32000}};
        for (int[] p : pairs) {
            double[] x = toDouble(noise((int) (seconds * p[0]), 2));
            Resampler r = Resampler.of(p[0], p[1]);
            row("resampler " + p[0] + " -> " + p[1] + " Hz", seconds, repeats, () -> r.resample(x));
        }
        pythonReference(seconds);
    }

    private static void row(String what, double seconds, int repeats, Supplier<Object> work) {
        sink = work.get(); // warm-up (JIT, thread-local buffers)
        long bestCpu = Long.MAX_VALUE;
        long bestWall = Long.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            sink = work.get();
            bestWall = Math.min(bestWall, System.nanoTime() - w0);
            bestCpu = Math.min(bestCpu, THREADS.getCurrentThreadCpuTime() - c0);
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", what, seconds / (bestCpu * 1e-9),
                seconds / (bestWall * 1e-9));
    }

    private static void pythonReference(double seconds) {
        Path script = Path.of("tools/reference_frontend.py");
        Path python = Path.of("/usr/bin/python3");
        if (!Files.exists(script) || !Files.exists(python)) {
            System.out.println("| numpy reference | (python3 or tools/reference_frontend.py not found) | |");
            return;
        }
        try {
            Process p = new ProcessBuilder(python.toString(), script.toString(), "--bench",
                    String.valueOf(seconds)).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 3 && f[0].equals("numpy-reference")) {
                        System.out.printf(Locale.ROOT, "| numpy reference %s (tools/reference_frontend.py, wall) | | %.0f |%n",
                                f[1], Double.parseDouble(f[2]));
                    }
                }
            }
            p.waitFor();
        } catch (Exception e) {
            System.out.println("| numpy reference | failed: " + e.getMessage() + " | |");
        }
    }

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        return x;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
