package org.audioprune.model.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.audioprune.model.ArchitectureSpec;
import org.audioprune.model.Tensor;

/**
 * Chooses a network's fastest exact inference form for one batch size by measuring every form
 * once: each backend's variants ({@link InferenceBackends}) at each allowed intra-op thread count.
 * Before it may be chosen, every form must agree with the plain network (the training block's
 * inference forward, {@link NetworkRunner}) to 1e-4 on a random batch; a form that does not is
 * left out and named in the result. The forms then run interleaved with a rotating start
 * ({@link InferenceLatency#measure}); the lowest median wins (CPU time at one thread, wall time
 * when more threads are allowed). The choice is remembered in a {@link Memory}.
 */
public final class FormSearch {
    /** Agreement every form must reach with the plain network: |y − y_plain| ≤ 1e-4 · max(1, |y_plain|). */
    public static final double TOLERANCE = 1e-4;

    private FormSearch() {
    }

    /** One measured form: its median over the search's rounds, ms, on the search's clock. */
    public record Candidate(InferenceForm form, double medianMs) {
    }

    /**
     * The answer.
     *
     * @param form       the fastest form
     * @param clock      the clock the candidates were compared on
     * @param candidates every form that agreed with the plain network, with its median
     * @param rejected   forms that did not agree (with the largest deviation), normally none
     * @param cached     whether the answer came from the cache (then {@code rejected} is empty)
     */
    public record Choice(InferenceForm form, InferenceLatency.Clock clock, List<Candidate> candidates,
                         List<String> rejected, boolean cached) {
    }

    /** A remembered choice: the form, the clock it was compared on, and every candidate's median. */
    public record Entry(InferenceForm form, InferenceLatency.Clock clock, List<Candidate> candidates) {
    }

    /**
     * Where choices are remembered between runs (a file cache lives with the pipeline, which knows the
     * cache folder and the machine).
     */
    public interface Memory {
        /** Remembers nothing: every search measures. */
        Memory NONE = new Memory() {
            @Override
            public Optional<Entry> recall(ArchitectureSpec spec, Map<String, Tensor> weights, int batch,
                                          List<InferenceForm> candidates) {
                return Optional.empty();
            }

            @Override
            public void remember(ArchitectureSpec spec, Map<String, Tensor> weights, int batch,
                                 List<InferenceForm> candidates, Entry entry) {
            }
        };

        /** The choice made for this network content, batch size and candidate list, if remembered. */
        Optional<Entry> recall(ArchitectureSpec spec, Map<String, Tensor> weights, int batch,
                               List<InferenceForm> candidates);

        void remember(ArchitectureSpec spec, Map<String, Tensor> weights, int batch, List<InferenceForm> candidates,
                      Entry entry);
    }

    /** Every form of the network: each backend's distinct variants at each thread count. */
    public static List<InferenceForm> forms(ArchitectureSpec spec, Map<String, Tensor> weights, List<Integer> threads) {
        List<InferenceForm> forms = new ArrayList<>();
        for (int t : threads) {
            for (InferenceBackend b : InferenceBackends.all()) {
                for (String v : b.variants(spec, weights)) {
                    forms.add(new InferenceForm(b.id(), v, t));
                }
            }
        }
        return forms;
    }

    /**
     * The fastest form of the network at {@code batch}, from {@code memory} or measured (then remembered).
     *
     * @param threads the intra-op thread counts the user allows (the engine's count is restored after)
     */
    public static Choice fastest(ArchitectureSpec spec, Map<String, Tensor> weights, int batch, List<Integer> threads,
                                 Memory memory) {
        List<InferenceForm> forms = forms(spec, weights, threads);
        Optional<Entry> hit = memory.recall(spec, weights, batch, forms);
        if (hit.isPresent() && forms.contains(hit.get().form())) {
            Entry e = hit.get();
            return new Choice(e.form(), e.clock(), e.candidates(), List.of(), true);
        }
        Choice c = EngineThreads.with(threads.get(0), () -> measure(spec, weights, batch, forms,
                InferenceLatency.Clock.forThreads(threads)));
        memory.remember(spec, weights, batch, forms, new Entry(c.form(), c.clock(), c.candidates()));
        return c;
    }

    private static Choice measure(ArchitectureSpec spec, Map<String, Tensor> weights, int batch,
                                  List<InferenceForm> forms, InferenceLatency.Clock clock) {
        List<CompiledNetwork> nets = new ArrayList<>();
        try {
            float[] probe = InferenceLatency.randomInput(spec, 2, 17);
            float[] plain;
            try (NetworkRunner reference = new NetworkRunner(spec, weights)) {
                plain = reference.logits(probe, 2);
            }
            List<InferenceForm> exact = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            for (InferenceForm f : forms) {
                CompiledNetwork net = f.compile(spec, weights);
                nets.add(net);
                double deviation = deviation(f.call(net, probe, 2), plain);
                if (deviation <= TOLERANCE) {
                    exact.add(f);
                } else {
                    net.close();
                    nets.remove(nets.size() - 1);
                    rejected.add(String.format(Locale.ROOT, "%s (deviates by %.3g)", f.label(), deviation));
                }
            }
            if (exact.isEmpty()) {
                throw new IllegalStateException("no inference form of " + spec.name() + " agrees with the plain network: "
                        + rejected);
            }
            float[] x = InferenceLatency.randomInput(spec, batch, 7);
            List<Runnable> tasks = new ArrayList<>();
            for (int i = 0; i < exact.size(); i++) {
                InferenceForm f = exact.get(i);
                CompiledNetwork net = nets.get(i);
                tasks.add(() -> f.call(net, x, batch));
            }
            double[] medians = race(tasks, batch == 1 ? 2 : 1, batch == 1 ? 11 : 3, clock);
            List<Candidate> candidates = new ArrayList<>();
            int best = 0;
            for (int i = 0; i < exact.size(); i++) {
                candidates.add(new Candidate(exact.get(i), medians[i]));
                if (medians[i] < medians[best]) {
                    best = i;
                }
            }
            return new Choice(exact.get(best), clock, candidates, rejected, false);
        } finally {
            nets.forEach(CompiledNetwork::close);
        }
    }

    /**
     * Medians of the tasks over interleaved rounds with a rotating start, where after every round a task
     * whose median so far is more than {@value #RACE_MARGIN}× the best one's stops running (its median is
     * then over fewer rounds): at batch 64 a call takes a large part of a second, and a form that far
     * behind after a round never came first in docs/benchmarks.md.
     */
    static double[] race(List<Runnable> tasks, int warmup, int rounds, InferenceLatency.Clock clock) {
        int n = tasks.size();
        List<List<Double>> times = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            times.add(new ArrayList<>());
        }
        List<Integer> alive = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            alive.add(k);
        }
        double[] medians = new double[n];
        for (int r = 0; r < rounds; r++) {
            List<Integer> order = new ArrayList<>(alive);
            java.util.Collections.rotate(order, -(r % order.size()));
            List<InferenceLatency.Samples> s = InferenceLatency.measure(order.stream().map(tasks::get).toList(),
                    r == 0 ? warmup : 0, 1);
            for (int j = 0; j < order.size(); j++) {
                int k = order.get(j);
                times.get(k).add(s.get(j).of(clock)[0]);
                medians[k] = InferenceLatency.median(times.get(k).stream().mapToDouble(Double::doubleValue).toArray());
            }
            double best = alive.stream().mapToDouble(k -> medians[k]).min().orElseThrow();
            alive.removeIf(k -> medians[k] > RACE_MARGIN * best);
        }
        return medians;
    }

    /** How far behind the best a form may be after a round of the search and still run the next. */
    static final double RACE_MARGIN = 1.5;

    /** max over logits of |y − ref| / max(1, |ref|). */
    static double deviation(float[] y, float[] ref) {
        if (y.length != ref.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < y.length; i++) {
            double d = Math.abs(y[i] - ref[i]) / Math.max(1, Math.abs(ref[i]));
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst;
    }
}
