package org.audioprune.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.layer.LayerSpec;
import org.audioprune.model.layer.MelBatchNorm;
import org.audioprune.model.djl.EngineThreads;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.train.TrainingSession;

/**
 * Training-step layouts (issue 12 item 5), a research prototype: the project's step
 * ({@link TrainingSession}, NCHW) against the same step with the feature maps in channels-last
 * (NHWC) memory order, and PyTorch 1.13 in both layouts ({@code bench/pytorch_train_step.py}), same
 * network, batch, thread count and initial weights scale, in the same run, rounds interleaved.
 * <ul>
 *   <li>{@code session}: {@link TrainingSession#step} as the trainer runs it;</li>
 *   <li>{@code nchw}: the same step written out here, so that its phases (forward + loss, backward,
 *       Adam update) can be timed apart;</li>
 *   <li>{@code cl-input}: that step, but the input enters as a channels-last view (free for one
 *       input channel); libtorch then keeps every conv output, BN, ReLU and pooling in NHWC, forward
 *       and backward — the one-line change this prototype is about;</li>
 *   <li>{@code cl-weights}: also the conv weights stored channels-last (so their gradients and Adam
 *       state are too).</li>
 * </ul>
 * Networks: {@code dcase21} (batch 32, 1×40×500, softmax cross-entropy) and {@code cnn14r}, CNN14
 * on 2 s (1×64×201, batch 4, binary cross-entropy; bn0 left out so that the first conv sees the
 * input directly — an affine on the input, negligible in cost). With 1 intra-op thread libtorch runs
 * forward and backward on the calling thread, so its CPU time (ThreadMXBean; Python:
 * time.thread_time) is the robust figure on a shared machine; with more threads only wall time counts.
 * The first step's loss of every DJL variant is checked against the first variant's (same weights,
 * inference mode for the check). CPU columns: the whole step, then forward + loss, backward and the
 * optimizer update (medians).
 *
 * <p>Usage: {@code bench/run TrainLayoutBenchmark [threads=1] [rounds=3] [steps=4] [nets=dcase21,cnn14r]
 * [variants=session,nchw,cl-input,cl-weights]} (CNN14 holds ~1.3 GB of weights, gradients and Adam state per
 * variant: fewer variants when memory is short)
 */
public final class TrainLayoutBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static List<String> VARIANTS = List.of("session", "nchw", "cl-input", "cl-weights");

    private record Net(String name, ArchitectureSpec spec, int batch) {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        List<String> nets = List.of((args.length > 3 ? args[3] : "dcase21,cnn14r").split(","));
        if (args.length > 4) {
            VARIANTS = List.of(args[4].split(","));
        }
        org.audioprune.Engine.configureOffline();
        EngineThreads.configure(threads);
        System.out.printf(Locale.ROOT, "# TrainLayoutBenchmark: %d intra-op threads, %d rounds x %d steps, load %s%n%n",
                JniUtils.getNumThreads(), rounds, steps, InferenceLatencyBenchmark.loadAverage());
        System.out.println("| network | batch | variant | CPU ms | CPU min | forward | backward | update | wall ms"
                + " | ratio to PyTorch NCHW (CPU) | ratio to PyTorch NCHW (wall) | load |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String n : nets) {
            Net net = n.equals("dcase21") ? new Net("dcase21", Architectures.create("dcase21", 10, 40, 500), 32)
                    : new Net("cnn14r", withoutMelNorm(Architectures.create("cnn14", 527, 64, 201)), 4);
            run(net, threads, rounds, steps);
        }
    }

    /** CNN14 without its leading mel batch norm (so its first conv reads the input itself). */
    public static ArchitectureSpec withoutMelNorm(ArchitectureSpec s) {
        ArchitectureSpec.Builder b = ArchitectureSpec.builder(s.name() + "-nobn0").frontEnd(s.frontEnd())
                .input(s.input().nMels(), s.input().frames()).classes(s.numClasses(), s.multiLabel());
        for (LayerSpec l : s.layers()) {
            if (!(l instanceof MelBatchNorm)) {
                b.layer(l);
            }
        }
        return b.build();
    }

    private static void run(Net net, int threads, int rounds, int steps) throws Exception {
        ArchitectureSpec spec = net.spec();
        int batch = net.batch();
        var weights = InferenceLatency.randomWeights(spec, 1);
        float[] x = InferenceLatency.randomInput(spec, batch, 2);
        float[] y = new float[batch * spec.numClasses()];
        Random random = new Random(3);
        for (int b = 0; b < batch; b++) {
            if (spec.multiLabel()) {
                for (int c = 0; c < spec.numClasses(); c++) {
                    y[b * spec.numClasses() + c] = random.nextInt(50) == 0 ? 1f : 0f;
                }
            } else {
                y[b * spec.numClasses() + random.nextInt(spec.numClasses())] = 1f;
            }
        }
        Map<String, List<double[]>> times = new LinkedHashMap<>();
        Map<String, LayoutStep> phaseOf = new HashMap<>();
        List<NetworkRunner> runners = new ArrayList<>();
        List<Runnable> stepsByVariant = new ArrayList<>();
        for (String v : VARIANTS) {
            NetworkRunner runner = new NetworkRunner(spec, weights);
            runners.add(runner);
            List<double[]> t = new ArrayList<>();
            times.put(v, t);
            if (v.equals("session")) {
                TrainingSession session = new TrainingSession(runner, 1e-3f);
                stepsByVariant.add(() -> session.step(x, y, batch));
            } else {
                if (v.equals("cl-weights")) {
                    convWeightsChannelsLast(runner);
                }
                LayoutStep step = new LayoutStep(runner, 1e-3f);
                stepsByVariant.add(() -> step.phases = step.step(x, y, batch, !v.equals("nchw")));
                phaseOf.put(v, step);
            }
        }
        checkSameLoss(spec, weights, x, y, batch);
        for (Runnable s : stepsByVariant) {
            s.run(); // warm-up (oneDNN primitives, allocator)
        }
        List<double[]> torchNchw = new ArrayList<>();
        List<double[]> torchCl = new ArrayList<>();
        String[] torchInfo = {"?"};
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < VARIANTS.size(); k++) {
                int v = (k + r) % VARIANTS.size();
                for (int s = 0; s < steps; s++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    stepsByVariant.get(v).run();
                    double cpuMs = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                    double wallMs = (System.nanoTime() - t0) / 1e6;
                    LayoutStep ls = phaseOf.get(VARIANTS.get(v));
                    double[] ph = ls == null ? new double[] {Double.NaN, Double.NaN, Double.NaN} : ls.phases;
                    times.get(VARIANTS.get(v)).add(new double[] {cpuMs, wallMs, ph[0], ph[1], ph[2]});
                }
            }
            for (boolean cl : r % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                (cl ? torchCl : torchNchw).addAll(pytorch(net, threads, steps, cl, torchInfo));
            }
        }
        for (NetworkRunner runner : runners) {
            runner.close();
        }
        double refCpu = median(torchNchw, 0);
        double refWall = median(torchNchw, 1);
        for (var e : times.entrySet()) {
            row(net, "DJL " + e.getKey(), e.getValue(), refCpu, refWall);
        }
        row(net, "PyTorch " + torchInfo[0] + " NCHW", torchNchw, refCpu, refWall);
        row(net, "PyTorch " + torchInfo[0] + " channels-last", torchCl, refCpu, refWall);
    }

    private static void row(Net net, String variant, List<double[]> t, double refCpu, double refWall) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %.1f | %.1f | %s | %s | %s | %.1f | %.3f | %.3f | %s |%n",
                net.name(), net.batch(), variant, median(t, 0), min(t, 0), phase(t, 2), phase(t, 3), phase(t, 4),
                median(t, 1), median(t, 0) / refCpu, median(t, 1) / refWall, InferenceLatencyBenchmark.loadAverage());
    }

    private static String phase(List<double[]> t, int k) {
        double m = median(t, k);
        return Double.isNaN(m) ? "" : String.format(Locale.ROOT, "%.1f", m);
    }

    /** The layouts compute the same function: first-step losses (dropout off) agree to 1e-4. */
    private static void checkSameLoss(ArchitectureSpec spec, Map<String, org.audioprune.model.Tensor> weights,
                                      float[] x, float[] y, int batch) {
        float[] loss = new float[VARIANTS.size()];
        for (int k = 0; k < VARIANTS.size(); k++) {
            try (NetworkRunner runner = new NetworkRunner(spec, weights)) {
                if (VARIANTS.get(k).equals("cl-weights")) {
                    convWeightsChannelsLast(runner);
                }
                loss[k] = new LayoutStep(runner, 1e-3f).loss(x, y, batch, VARIANTS.get(k).startsWith("cl"));
            }
        }
        for (float l : loss) {
            if (Math.abs(l - loss[0]) > 1e-4 * Math.max(1, Math.abs(loss[0]))) {
                throw new IllegalStateException("layouts disagree: losses " + Arrays.toString(loss));
            }
        }
    }

    /**
     * Replaces every 4-D conv weight of the initialised network by the same values in channels-last
     * memory order (a bench-only hack: DJL's Parameter has no API to swap its array once shaped).
     */
    static void convWeightsChannelsLast(NetworkRunner runner) {
        try {
            Field array = Parameter.class.getDeclaredField("array");
            array.setAccessible(true);
            for (Parameter p : runner.network().namedParameters().values()) {
                NDArray w = p.getArray();
                if (w.getShape().dimension() == 4 && p.requiresGradient()) {
                    // an elementwise op on the channels-last view: a fresh tensor (not a view, which
                    // Adam's in-place update would refuse) that keeps the NHWC strides
                    NDArray cl = channelsLast(w).mul(1f);
                    cl.attach(w.getManager());
                    cl.setRequiresGradient(true);
                    array.set(p, cl);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** InferenceOptimizer's trick: NCHW indexing, NHWC memory (PyTorch channels_last strides). */
    static NDArray channelsLast(NDArray nchw) {
        Shape s = nchw.getShape();
        return nchw.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    /** TrainingSession's step with the input optionally entering as a channels-last view (the prototype). */
    static final class LayoutStep {
        private final NetworkRunner runner;
        private final Optimizer optimizer;
        private final List<Parameter> trainable = new ArrayList<>();

        LayoutStep(NetworkRunner runner, float lr) {
            this.runner = runner;
            for (Parameter p : runner.network().namedParameters().values()) {
                if (p.requiresGradient()) {
                    trainable.add(p);
                }
            }
            this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build();
        }

        /** CPU ms of the last step's phases: forward + loss, backward, update. */
        double[] phases = new double[3];

        double[] step(float[] inputs, float[] targets, int batch, boolean channelsLastInput) {
            try (NDManager m = runner.manager().newSubManager()) {
                double[] ms = new double[3];
                NDArray loss = forwardBackward(m, inputs, targets, batch, channelsLastInput, true, ms);
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (Parameter p : trainable) {
                    try (NDArray grad = p.getArray().getGradient()) {
                        optimizer.update(p.getId(), p.getArray(), grad);
                    }
                }
                loss.getFloat();
                ms[2] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                return ms;
            }
        }

        float loss(float[] inputs, float[] targets, int batch, boolean channelsLastInput) {
            try (NDManager m = runner.manager().newSubManager()) {
                return forwardBackward(m, inputs, targets, batch, channelsLastInput, false, new double[3]).getFloat();
            }
        }

        private NDArray forwardBackward(NDManager m, float[] inputs, float[] targets, int batch, boolean cl,
                                        boolean training, double[] ms) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            NDArray x = runner.input(m, inputs, batch);
            if (cl) {
                x = channelsLast(x);
            }
            ArchitectureSpec spec = runner.network().spec();
            NDArray y = m.create(targets, new Shape(batch, spec.numClasses()));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray z = runner.network().forward(runner.parameterStore(), x, training, null);
                NDArray loss = spec.multiLabel()
                        ? z.maximum(0f).sub(z.mul(y)).add(Activation.softPlus(z.abs().neg())).mean()
                        : z.logSoftmax(1).mul(y).sum(new int[] {1}).neg().mean();
                loss.getFloat(); // forces the forward pass before the clock moves on
                long c1 = THREADS.getCurrentThreadCpuTime();
                ms[0] = (c1 - c0) / 1e6;
                if (training) {
                    collector.backward(loss);
                }
                ms[1] = (THREADS.getCurrentThreadCpuTime() - c1) / 1e6;
                return loss;
            }
        }
    }

    private static List<double[]> pytorch(Net net, int threads, int steps, boolean channelsLast, String[] info)
            throws Exception {
        ArchitectureSpec.InputShape in = net.spec().input();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "bench/pytorch_train_step.py",
                String.valueOf(threads), String.valueOf(net.batch()), String.valueOf(in.nMels()),
                String.valueOf(in.frames()), "1", String.valueOf(steps), "--arch", net.name()));
        if (channelsLast) {
            cmd.add("--channels-last");
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("", r.lines().toList());
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bench/pytorch_train_step.py failed");
        }
        Matcher v = Pattern.compile("\"torch\": \"([^\"]+)\"").matcher(out);
        if (v.find()) {
            info[0] = v.group(1).split("a")[0];
        }
        double[] wall = numbers(out, "step_ms");
        double[] cpu = numbers(out, "cpu_ms");
        double[] fwd = numbers(out, "forward_ms");
        double[] bwd = numbers(out, "backward_ms");
        double[] upd = numbers(out, "update_ms");
        List<double[]> t = new ArrayList<>();
        for (int i = 0; i < wall.length; i++) {
            t.add(new double[] {cpu[i], wall[i], fwd[i], bwd[i], upd[i]});
        }
        return t;
    }

    private static double[] numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \\[([^]]*)]").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Arrays.stream(m.group(1).split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    }

    private static double median(List<double[]> t, int k) {
        double[] v = t.stream().mapToDouble(a -> a[k]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(List<double[]> t, int k) {
        return t.stream().mapToDouble(a -> a[k]).min().orElse(Double.NaN);
    }

    private TrainLayoutBenchmark() {
    }
}
