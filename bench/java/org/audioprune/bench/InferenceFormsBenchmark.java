package org.audioprune.bench;

import static org.audioprune.model.djl.InferenceLatency.median;
import static org.audioprune.model.djl.InferenceLatency.percentile;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.audioprune.io.NpyArray;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Architectures;
import org.audioprune.model.Tensor;
import org.audioprune.model.djl.FormSearch;
import org.audioprune.model.djl.InferenceLatency;
import org.audioprune.model.djl.InferenceOptimizer;
import org.audioprune.model.djl.NetworkRunner;
import org.audioprune.prune.PruningPresets;

/**
 * Research for issue 12 items 1–3: every exact inference form reachable from DJL 0.36 for dcase21
 * (unpruned and {@code paper}) and CNN14 on a 10 s clip, per batch size and intra-op thread count,
 * with PyTorch 1.13's forms on the same weights in the same run ({@code bench/pytorch_forms.py}).
 * <p>
 * DJL forms: the training block ({@link NetworkRunner}), {@link InferenceOptimizer} with every
 * distinct combination of its rewrites (including {@code packed-conv}: weights reordered once, through
 * the TorchScript module AudioPrune writes itself), and three TorchScript modules exported by PyTorch from the same
 * weights and run by DJL's libtorch 2.7.1 ({@code PtSymbolBlock}): {@code frozen} (script + freeze:
 * conv-BN folded, dense NCHW), {@code mkldnn} (feature maps in oneDNN's blocked layout, which is what
 * {@code optimize_for_inference} does and DJL's NDArray API cannot express; weights reordered by oneDNN
 * on every call) and {@code mkldnn-packed} (the same with the weights reordered once, on the first
 * call, and kept). Every form is checked against the training block (1e-4) before it is timed.
 * <p>
 * All forms of the networks of one group (dcase21 + paper; cnn14) run round-robin, the starting form
 * rotating every round, so load changes hit all alike and every round gives a paired
 * unpruned/pruned ratio per form. Reported: median wall and thread-CPU ms and the CPU interquartile
 * range; per form the speed-up as ratio of medians and as median of the per-round paired ratios with
 * its IQR; the honest speed-up (fastest unpruned form / fastest pruned form); and how much the
 * speed-up's median moves between disjoint blocks of 5, 11, 21 rounds (how many rounds a report needs);
 * at the end, per-op CPU times at batch 1 for dcase21 in DJL (NCHW, NHWC) and PyTorch (NCHW, NHWC,
 * oneDNN blocked with dense or pre-reordered weights).
 *
 * <p>Usage: {@code bench/run InferenceFormsBenchmark [key=value ...]}: {@code nets=dcase21,cnn14}
 * (dcase21 includes paper), {@code batches=1,64}, {@code threads=1,2}, {@code rounds=31} (dcase21),
 * {@code cnn14rounds=5}, {@code cnn14batch64=true}, {@code python=true}, {@code raw=false}.
 */
public final class InferenceFormsBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private interface Form extends AutoCloseable {
        float[] predict(float[] x, int batch);

        @Override
        void close();
    }

    private record Named(String network, String form, Form run) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("nets", "dcase21,cnn14", "batches", "1,64", "threads", "1,2",
                "rounds", "31", "cnn14rounds", "5", "cnn14batch64", "true", "python", "true", "raw", "false"));
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2 || !opt.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opt.keySet());
            }
            opt.put(kv[0], kv[1]);
        }
        org.audioprune.Engine.configureOffline();
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getEngine("PyTorch");
        Path dir = Files.createTempDirectory("forms");
        Map<String, ArchitectureSpec> specs = new LinkedHashMap<>();
        List<String> nets = List.of(opt.get("nets").split(","));
        if (nets.contains("dcase21")) {
            ArchitectureSpec full = Architectures.create("dcase21");
            specs.put("dcase21", full);
            specs.put("paper", full.withConvWidths(PruningPresets.plan("paper", full).keptWidths(full)));
        }
        if (nets.contains("cnn14")) {
            specs.put("cnn14", Architectures.create("cnn14"));
        }
        Map<String, Map<String, Tensor>> weights = new HashMap<>();
        long seed = 1;
        for (var e : specs.entrySet()) {
            weights.put(e.getKey(), InferenceLatency.randomWeights(e.getValue(), seed++));
            write(dir.resolve(e.getKey()), e.getValue(), weights.get(e.getKey()));
        }
        boolean python = Boolean.parseBoolean(opt.get("python"));
        python("export", dir, specs.keySet(), List.of());
        System.out.printf(Locale.ROOT, "# InferenceFormsBenchmark: DJL %s, %s %s, %s %s, %d cores, load %s%n",
                ai.djl.engine.Engine.getDjlVersion(), engine.getEngineName(), engine.getVersion(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), InferenceLatencyBenchmark.loadAverage());
        System.out.println("# CPU = thread CPU time of the calling thread (all of the work at 1 intra-op thread only);"
                + " p25/p75 = its quartiles over the rounds\n");
        for (String t : opt.get("threads").split(",")) {
            int threads = Integer.parseInt(t);
            JniUtils.setNumThreads(threads);
            for (String b : opt.get("batches").split(",")) {
                int batch = Integer.parseInt(b);
                if (specs.containsKey("dcase21")) {
                    group(List.of("dcase21", "paper"), specs, weights, dir, threads, batch,
                            Integer.parseInt(opt.get("rounds")), python, opt);
                }
                if (specs.containsKey("cnn14") && (batch == 1 || Boolean.parseBoolean(opt.get("cnn14batch64")))) {
                    group(List.of("cnn14"), specs, weights, dir, threads, batch,
                            Integer.parseInt(opt.get("cnn14rounds")), python, opt);
                }
            }
        }
        if (specs.containsKey("dcase21")) {
            System.out.println("\n## Per op, batch 1, 1 thread, DJL (CPU ms)");
            JniUtils.setNumThreads(1);
            InferenceLatencyBenchmark.layerBreakdown(specs.get("dcase21"), specs.get("paper"), 41);
        }
        if (python && specs.containsKey("dcase21")) {
            System.out.println("\n## Per op, batch 1, 1 thread, PyTorch (CPU ms)\n");
            System.out.println("| engine | network | op | layout | CPU ms |");
            System.out.println("|---|---|---|---|---:|");
            python("breakdown", dir, List.of("dcase21"), List.of());
        }
    }

    private static void group(List<String> names, Map<String, ArchitectureSpec> specs,
                              Map<String, Map<String, Tensor>> weights, Path dir, int threads, int batch, int rounds,
                              boolean python, Map<String, String> opt) throws Exception {
        List<Named> forms = new ArrayList<>();
        boolean big = names.contains("cnn14");
        // batch 64 of CNN14 takes tens of seconds a call: only the forms that compete for first place
        boolean few = big && batch > 1;
        for (String n : names) {
            ArchitectureSpec spec = specs.get(n);
            Map<String, Tensor> w = weights.get(n);
            if (!few) {
                forms.add(new Named(n, "DJL training block (NetworkRunner)", naive(spec, w)));
            }
            for (InferenceOptimizer.Options o : InferenceOptimizer.distinctOptions(spec, w)) {
                if (few && !o.variant().startsWith("fold-bn+channels-last")) {
                    continue;
                }
                InferenceOptimizer io = InferenceOptimizer.build(spec, w, o);
                forms.add(new Named(n, "DJL InferenceOptimizer " + o, new Form() {
                    public float[] predict(float[] x, int b) {
                        return io.predict(x, b);
                    }

                    public void close() {
                        io.close();
                    }
                }));
            }
            // ONNX Runtime on the exported logits graph: the backend the form search also tries
            org.audioprune.interchange.OnnxRuntimeNetwork ort = new org.audioprune.interchange.OnnxRuntimeNetwork(
                    spec, w, threads);
            forms.add(new Named(n, "ONNX Runtime (AudioPrune's export, all optimisations)", new Form() {
                public float[] predict(float[] x, int b) {
                    return ort.predict(x, b);
                }

                public void close() {
                    ort.close();
                }
            }));
            for (String ts : few ? List.of("mkldnn-packed") : List.of("frozen", "mkldnn", "mkldnn-packed")) {
                forms.add(new Named(n, "DJL TorchScript " + ts + " (exported by PyTorch 1.13)",
                        torchScript(dir.resolve(n), ts, spec)));
            }
        }
        // every form equals the training block on the same inputs
        for (String n : names) {
            ArchitectureSpec spec = specs.get(n);
            float[] x = InferenceLatency.randomInput(spec, 2, 9);
            float[] ref = forms.stream().filter(f -> f.network().equals(n)).findFirst().orElseThrow().run().predict(x, 2);
            for (Named f : forms) {
                if (f.network().equals(n)) {
                    float[] y = f.run().predict(x, 2);
                    for (int i = 0; i < ref.length; i++) {
                        if (!(Math.abs(y[i] - ref[i]) <= 1e-4 * Math.max(1, Math.abs(ref[i])))) {
                            throw new IllegalStateException(n + " " + f.form() + ": logit " + i + " is " + y[i]
                                    + ", training block " + ref[i]);
                        }
                    }
                }
            }
        }
        Map<String, float[]> inputs = new HashMap<>();
        for (String n : names) {
            inputs.put(n, InferenceLatency.randomInput(specs.get(n), batch, 3));
        }
        int warmup = batch == 1 ? 3 : 1;
        for (Named f : forms) {
            for (int i = 0; i < warmup; i++) {
                f.run().predict(inputs.get(f.network()), batch);
            }
        }
        double[][] cpu = new double[forms.size()][rounds];
        double[][] wall = new double[forms.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < forms.size(); k++) {
                int j = (k + r) % forms.size();
                Named f = forms.get(j);
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                f.run().predict(inputs.get(f.network()), batch);
                wall[j][r] = (System.nanoTime() - t0) / 1e6;
                cpu[j][r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        System.out.printf(Locale.ROOT, "## %d thread(s), batch %d, %s: %d rounds, load %s%n%n", threads, batch,
                String.join(" + ", names), rounds, InferenceLatencyBenchmark.loadAverage());
        System.out.println("| threads | network | batch | form | wall ms | CPU ms | CPU p25 | CPU p75 | |");
        System.out.println("|---:|---|---:|---|---:|---:|---:|---:|---|");
        boolean raw = Boolean.parseBoolean(opt.get("raw"));
        for (String n : names) {
            int fastest = fastest(forms, n, threads == 1 ? cpu : wall);
            for (int k = 0; k < forms.size(); k++) {
                Named f = forms.get(k);
                if (f.network().equals(n)) {
                    System.out.printf(Locale.ROOT, "| %d | %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %s |%n", threads, n,
                            batch, f.form(), median(wall[k]), median(cpu[k]), percentile(cpu[k], 25), percentile(cpu[k], 75),
                            (k == fastest ? "**fastest AudioPrune-run form**" : "") + (raw ? " " + Arrays.toString(cpu[k]) : ""));
                }
            }
            if (python) {
                List<String> args = new ArrayList<>(List.of("--threads", String.valueOf(threads), "--batch",
                        String.valueOf(batch), "--rounds", String.valueOf(rounds), "--warmup", String.valueOf(warmup)));
                if (few) {
                    args.addAll(List.of("--forms", "TorchScript,eager, BN fused"));
                }
                python("time", dir, List.of(n), args);
            }
        }
        if (names.size() == 2) {
            speedUps(forms, names, threads == 1 ? cpu : wall, threads == 1 ? "CPU" : "wall");
        }
        // what the library's form search picks among its candidates (no cache; not for CNN14 at batch 64)
        for (String n : few ? List.<String>of() : names) {
            FormSearch.Choice c = FormSearch.fastest(specs.get(n), weights.get(n), batch, List.of(threads),
                    FormSearch.Memory.NONE);
            System.out.printf(Locale.ROOT, "form search for %s at batch %d: %s%n", n, batch, c.form().label());
        }
        for (Named f : forms) {
            f.run().close();
        }
    }

    /** Speed-up of the first network over the second, per form and fastest vs fastest, with stability. */
    private static void speedUps(List<Named> forms, List<String> names, double[][] t, String clock) {
        System.out.printf(Locale.ROOT, "%n| form | speed-up (%s medians) | median of paired per-round ratios | IQR of"
                + " paired ratios |%n|---|---:|---:|---|%n", clock);
        int half = forms.size() / 2;
        for (int k = 0; k < half; k++) {
            double[] a = t[k];
            double[] b = t[k + half];
            double[] paired = new double[a.length];
            for (int r = 0; r < a.length; r++) {
                paired[r] = a[r] / b[r];
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f× | %.2f× | %.2f–%.2f |%n", forms.get(k).form(),
                    median(a) / median(b), median(paired), percentile(paired, 25), percentile(paired, 75));
        }
        int fa = fastest(forms, names.get(0), t);
        int fb = fastest(forms, names.get(1), t);
        System.out.printf(Locale.ROOT, "| **honest: fastest %s (%s) / fastest %s (%s)** | **%.2f×** | | |%n",
                names.get(0), forms.get(fa).form(), names.get(1), forms.get(fb).form(), median(t[fa]) / median(t[fb]));
        // how far the speed-up's median moves between disjoint blocks of rounds
        double[] a = t[fa];
        double[] b = t[fb];
        System.out.printf(Locale.ROOT, "%n| rounds per measurement | blocks | honest speed-up: median of each block"
                + " (ratio of medians) | spread max/min |%n|---:|---:|---|---:|%n");
        for (int size : new int[] {5, 11, 21}) {
            int blocks = a.length / size;
            if (blocks < 2) {
                continue;
            }
            double[] s = new double[blocks];
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < blocks; k++) {
                s[k] = median(Arrays.copyOfRange(a, k * size, (k + 1) * size))
                        / median(Arrays.copyOfRange(b, k * size, (k + 1) * size));
                sb.append(String.format(Locale.ROOT, "%s%.2f", k == 0 ? "" : ", ", s[k]));
            }
            System.out.printf(Locale.ROOT, "| %d | %d | %s | %.3f |%n", size, blocks, sb,
                    Arrays.stream(s).max().orElseThrow() / Arrays.stream(s).min().orElseThrow());
        }
        System.out.println();
    }

    private static int fastest(List<Named> forms, String network, double[][] t) {
        int best = -1;
        for (int k = 0; k < forms.size(); k++) {
            if (forms.get(k).network().equals(network) && (best < 0 || median(t[k]) < median(t[best]))) {
                best = k;
            }
        }
        return best;
    }

    private static Form naive(ArchitectureSpec spec, Map<String, Tensor> w) {
        NetworkRunner r = new NetworkRunner(spec, w);
        return new Form() {
            public float[] predict(float[] x, int b) {
                return r.logits(x, b);
            }

            public void close() {
                r.close();
            }
        };
    }

    private static Form torchScript(Path dir, String name, ArchitectureSpec spec) throws Exception {
        Model model = Model.newInstance(name, "PyTorch");
        model.load(dir, name + ".pt");
        Block block = model.getBlock();
        NDManager manager = model.getNDManager();
        ParameterStore ps = new ParameterStore(manager, false);
        ArchitectureSpec.InputShape in = spec.input();
        return new Form() {
            public float[] predict(float[] x, int b) {
                try (NDManager call = manager.newSubManager()) {
                    NDArray input = call.create(Arrays.copyOf(x, b * in.nMels() * in.frames()),
                            new Shape(b, in.channels(), in.nMels(), in.frames()));
                    return block.forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
                }
            }

            public void close() {
                model.close();
            }
        };
    }

    /** The spec as JSON and every tensor as .npy, for bench/pytorch_forms.py. */
    private static void write(Path dir, ArchitectureSpec spec, Map<String, Tensor> w) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("spec.json"), spec.toJson());
        for (var e : w.entrySet()) {
            int[] shape = Arrays.stream(e.getValue().shape()).mapToInt(Math::toIntExact).toArray();
            NpyArray.ofFloats(shape, e.getValue().data()).write(dir.resolve(e.getKey() + ".npy"));
        }
    }

    private static void python(String command, Path dir, Iterable<String> nets, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "bench/pytorch_forms.py", command, dir.toString()));
        nets.forEach(cmd::add);
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                System.out.println(line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bench/pytorch_forms.py " + command + " failed");
        }
    }

    private InferenceFormsBenchmark() {
    }
}
