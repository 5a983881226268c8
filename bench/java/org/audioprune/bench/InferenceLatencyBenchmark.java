package org.audioprune.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.Engine;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Complexity;
import org.audioprune.model.Tensor;
import org.audioprune.model.layer.Conv;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.PruningPresets;

/**
 * CPU inference latency of the unpruned dcase21 network vs the {@code paper} preset (C1, C2, C3 =
 * 8, 8, 32 filters), batch 1 and 64, per intra-op thread count: the training block through
 * {@link NetworkRunner} ("naive DJL"), {@link InferenceOptimizer} with each rewrite alone and all
 * together, and PyTorch via {@code bench/pytorch_latency.py} (/usr/bin/python3) in a subprocess.
 * Within one row the two networks run interleaved (A B A B ...) in the same process with the same
 * settings; medians are reported.
 *
 * <p>Usage: {@code bench/run InferenceLatencyBenchmark [ROUNDS_BATCH1] [ROUNDS_BATCH64] [THREADS,...]}
 * (defaults 61, 5, "1,2"). Ends with a per-layer breakdown (1 thread).
 */
public final class InferenceLatencyBenchmark {
    private static final int WARMUP = 5;
    /** A batch-64 call of the unpruned network takes seconds; one warm-up call is enough there. */
    private static final int WARMUP_BIG = 1;
    private static final int BIG_BATCH = 64;

    private InferenceLatencyBenchmark() {
    }

    private record Variant(String name, java.util.function.Function<ArchitectureSpec, Predictor> factory) {
    }

    /** Logits of a batch. */
    private interface Forward {
        float[] apply(float[] x, int batch);
    }

    /** One network form ready to run, and how to free its native memory. */
    private record Predictor(Forward forward, Runnable closer) implements AutoCloseable {
        float[] predict(float[] x, int batch) {
            return forward.apply(x, batch);
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    private static final Map<ArchitectureSpec, Map<String, Tensor>> weights = new java.util.HashMap<>();

    public static void main(String[] args) throws Exception {
        Engine.configureOffline();
        int rounds1 = args.length > 0 ? Integer.parseInt(args[0]) : 61;
        int rounds64 = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] threadCounts = (args.length > 2 ? args[2] : "1,2").split(",");

        ArchitectureSpec full = Architectures.create("dcase21");
        ArchitectureSpec paper = full.withConvWidths(PruningPresets.plan("paper", full).keptWidths(full));
        weights.put(full, InferenceLatency.randomWeights(full, 1));
        weights.put(paper, InferenceLatency.randomWeights(paper, 2));
        double macRatio = (double) Complexity.of(full).macs() / Complexity.of(paper).macs();

        System.out.printf(Locale.ROOT, "# InferenceLatencyBenchmark: dcase21 %s vs paper %s, MAC ratio %.2fx%n",
                full.convWidths(), paper.convWidths(), macRatio);
        String engine = ai.djl.engine.Engine.getInstance().getEngineName() + " "
                + ai.djl.engine.Engine.getInstance().getVersion(); // loads the natives before JniUtils is used
        System.out.printf(Locale.ROOT, "# DJL %s, %s, %s %s, %d cores, load average %s, libtorch features %s%n",
                ai.djl.engine.Engine.getDjlVersion(), engine,
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage(), JniUtils.getFeatures());
        System.out.printf(Locale.ROOT, "# medians of %d (batch 1) / %d (batch %d) interleaved runs after %d / %d warm-up"
                + " runs; times in ms; CPU = CPU time of the calling thread (1 intra-op thread only)%n",
                rounds1, rounds64, BIG_BATCH, WARMUP, WARMUP_BIG);
        System.out.println();
        System.out.println("| threads | engine / form | batch | unpruned wall | paper wall | speed-up wall"
                + " | unpruned CPU | paper CPU | speed-up CPU |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");

        List<Variant> variants = List.of(
                new Variant("DJL naive (NetworkRunner, training block)", InferenceLatencyBenchmark::naive),
                new Variant("DJL functional, no rewrites", s -> optimised(s, InferenceOptimizer.Options.none())),
                new Variant("DJL + fold BN", s -> optimised(s, new InferenceOptimizer.Options(true, false, false))),
                new Variant("DJL + ReLU after max-pool",
                        s -> optimised(s, new InferenceOptimizer.Options(false, true, false))),
                new Variant("DJL + channels-last", s -> optimised(s, new InferenceOptimizer.Options(false, false, true))),
                new Variant("DJL InferenceOptimizer (all)", s -> optimised(s, InferenceOptimizer.Options.threeRewrites())));
        for (String t : threadCounts) {
            int threads = Integer.parseInt(t.trim());
            JniUtils.setNumThreads(threads);
            for (int batch : new int[] {1, BIG_BATCH}) {
                int rounds = batch == 1 ? rounds1 : rounds64;
                for (Variant v : variants) {
                    boolean ablation = v != variants.get(0) && v != variants.get(variants.size() - 1);
                    if (batch != 1 && ablation) {
                        continue; // the single-rewrite rows only at batch 1, where they matter
                    }
                    row(threads, v, batch, rounds, full, paper);
                }
            }
            python(threads, rounds1, rounds64);
        }
        JniUtils.setNumThreads(1);
        layerBreakdown(full, paper, rounds1);
    }

    /**
     * Where the batch-1 time goes: each conv layer (bias, no BN) and the max-pool after C2, alone,
     * in NCHW and in channels-last memory order, thread CPU time at 1 intra-op thread.
     */
    static void layerBreakdown(ArchitectureSpec full, ArchitectureSpec paper, int rounds) {
        System.out.println();
        System.out.println("| op (batch 1, 1 thread) | layout | unpruned CPU ms | paper CPU ms | ratio | MAC ratio |");
        System.out.println("|---|---|---:|---:|---:|---:|");
        List<int[]> shapes = List.of(new int[] {40, 500}, new int[] {40, 500}, new int[] {8, 100});
        try (NDManager m = NDManager.newBaseManager()) {
            for (int i = 0; i < 3; i++) {
                Conv u = full.layer("C" + (i + 1), Conv.class);
                Conv p = paper.layer("C" + (i + 1), Conv.class);
                for (boolean channelsLast : new boolean[] {false, true}) {
                    ConvCase cu = new ConvCase(m, u, shapes.get(i), channelsLast);
                    ConvCase cp = new ConvCase(m, p, shapes.get(i), channelsLast);
                    List<InferenceLatency.Samples> ms = InferenceLatency.measure(List.of(() -> cu.run().close(),
                            () -> cp.run().close()), WARMUP, rounds);
                    breakdownRow("conv " + u.name() + " " + u.inChannels() + "→" + u.outChannels() + " vs "
                            + p.inChannels() + "→" + p.outChannels(), channelsLast, ms,
                            (double) u.inChannels() * u.outChannels() / (p.inChannels() * p.outChannels()));
                    if (i == 1) {
                        NDArray yu = cu.run();
                        NDArray yp = cp.run();
                        Shape window = new Shape(5, 5);
                        ms = InferenceLatency.measure(List.of(
                                () -> Pool.maxPool2d(yu, window, window, new Shape(0, 0), false).close(),
                                () -> Pool.maxPool2d(yp, window, window, new Shape(0, 0), false).close()), WARMUP,
                                rounds);
                        breakdownRow("max-pool 5×5 after C2", channelsLast, ms, Double.NaN);
                    }
                }
            }
        }
    }

    /** One conv layer alone on a fixed random input (arrays of {@code m}). */
    private static final class ConvCase {
        private static final Shape ONE = new Shape(1, 1);
        private final NDArray x;
        private final NDArray w;
        private final NDArray b;
        private final Shape padding;

        ConvCase(NDManager m, Conv c, int[] hw, boolean channelsLast) {
            NDArray input = m.randomNormal(new Shape(1, c.inChannels(), hw[0], hw[1]));
            NDArray weight = m.randomNormal(new Shape(c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW()));
            this.x = channelsLast ? nhwc(input) : input;
            this.w = channelsLast ? nhwc(weight) : weight;
            this.b = m.randomNormal(new Shape(c.outChannels()));
            this.padding = new Shape(c.padH(), c.padW());
        }

        NDArray run() {
            return Conv2d.conv2d(x, w, b, ONE, padding, ONE, 1).singletonOrThrow();
        }
    }

    /** Same as InferenceOptimizer's channels-last conversion (NHWC memory, NCHW indexing). */
    private static NDArray nhwc(NDArray nchw) {
        Shape s = nchw.getShape();
        return nchw.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    private static void breakdownRow(String op, boolean channelsLast, List<InferenceLatency.Samples> ms,
                                     double macRatio) {
        double u = ms.get(0).cpuMillis();
        double p = ms.get(1).cpuMillis();
        System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.2fx | %s |%n", op, channelsLast ? "NHWC" : "NCHW", u,
                p, u / p, Double.isNaN(macRatio) ? "" : String.format(Locale.ROOT, "%.2fx", macRatio));
    }

    private static void row(int threads, Variant v, int batch, int rounds, ArchitectureSpec full,
                            ArchitectureSpec paper) {
        try (Predictor a = v.factory().apply(full); Predictor b = v.factory().apply(paper)) {
            float[] xa = InferenceLatency.randomInput(full, batch, 3);
            float[] xb = InferenceLatency.randomInput(paper, batch, 3);
            List<InferenceLatency.Samples> ms = InferenceLatency.measure(List.of(() -> a.predict(xa, batch),
                    () -> b.predict(xb, batch)), batch == 1 ? WARMUP : WARMUP_BIG, rounds);
            InferenceLatency.Samples u = ms.get(0);
            InferenceLatency.Samples p = ms.get(1);
            String cpu = threads == 1
                    ? String.format(Locale.ROOT, "%.2f | %.2f | **%.2fx**", u.cpuMillis(), p.cpuMillis(),
                            u.cpuMillis() / p.cpuMillis())
                    : "– | – | –";
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %.2f | %.2f | %.2fx | %s |%n", threads, v.name(), batch,
                    u.wallMillis(), p.wallMillis(), u.wallMillis() / p.wallMillis(), cpu);
        }
    }

    private static Predictor naive(ArchitectureSpec spec) {
        NetworkRunner r = new NetworkRunner(spec, weights.get(spec));
        return new Predictor(r::logits, r::close);
    }

    private static Predictor optimised(ArchitectureSpec spec, InferenceOptimizer.Options options) {
        InferenceOptimizer o = InferenceOptimizer.build(spec, weights.get(spec), options);
        return new Predictor(o::predict, o::close);
    }

    /** Rows from the PyTorch reference script, same thread count, run as a subprocess now. */
    private static void python(int threads, int rounds1, int rounds64) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            System.out.println("| " + threads + " | PyTorch: /usr/bin/python3 missing, skipped | | | | | | | |");
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "bench/pytorch_latency.py", "--threads",
                String.valueOf(threads), "--rounds", String.valueOf(rounds1), "--rounds-big", String.valueOf(rounds64),
                "--big-batch", String.valueOf(BIG_BATCH), "--warmup", String.valueOf(WARMUP), "--warmup-big",
                String.valueOf(WARMUP_BIG)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
            }
        }
        if (p.waitFor() != 0) {
            System.out.println("| " + threads + " | PyTorch script failed (exit " + p.exitValue() + ") | | | | | | | |");
        }
    }

    /** The 1-minute load average, as the kernel reports it. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
