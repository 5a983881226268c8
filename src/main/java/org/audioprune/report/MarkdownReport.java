package org.audioprune.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link PruningReport} as Markdown; the same table is printed on the console. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    /** The comparison table alone (baseline row first). */
    public static String table(PruningReport r) {
        String m = r.metricName();
        StringBuilder sb = new StringBuilder();
        sb.append("| criterion | configuration | ").append(m).append(" pruned | ").append(m)
                .append(" fine-tuned | Δ vs baseline (points) | params | params −% | MACs | MACs −% ")
                .append("| latency b1 (ms) | speed-up b1 | latency b64 (ms) | speed-up b64 |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        StageResult b = r.baseline();
        sb.append(row("baseline", "—", Double.NaN, b.metric(), Double.NaN, b, b));
        for (PruningRunResult run : r.runs()) {
            StageResult last = run.last();
            double ft = run.finetuned() != null ? run.finetuned().metric() : Double.NaN;
            sb.append(row(run.criterion(), run.configuration(), run.pruned().metric(), ft,
                    100 * (last.metric() - b.metric()), last, b));
        }
        return sb.toString();
    }

    private static String row(String criterion, String config, double pruned, double finetuned, double delta,
                              StageResult s, StageResult base) {
        return "| " + criterion + " | " + config + " | " + pct(pruned) + " | " + pct(finetuned) + " | "
                + (Double.isNaN(delta) ? "—" : String.format(Locale.ROOT, "%+.2f", delta)) + " | "
                + String.format(Locale.ROOT, "%,d", s.params()) + " | " + reduction(s.params(), base.params()) + " | "
                + String.format(Locale.ROOT, "%.2f M", s.macs() / 1e6) + " | " + reduction(s.macs(), base.macs()) + " | "
                + latency(s.latencyBatch1()) + " | " + speedUp(s.latencyBatch1()) + " | "
                + latency(s.latencyBatch64()) + " | " + speedUp(s.latencyBatch64()) + " |\n";
    }

    /** The full Markdown document: title, settings, table, notes, kept filters. */
    public static String document(PruningReport r) {
        StringBuilder sb = new StringBuilder();
        StageResult b = r.baseline();
        sb.append("# AudioPrune report: ").append(r.network()).append(" on ").append(r.dataset()).append("\n\n");
        sb.append(table(r)).append('\n');
        sb.append("Accuracy columns are on the test split; the fine-tuned model was selected on the validation ")
                .append("split. Params include batch-norm running statistics; MACs are conv + dense ")
                .append("multiply-accumulates for one clip of the network's default input. ")
                .append(latencyNote(b.latencyBatch1(), b.latencyBatch64())).append("\n\n");
        sb.append(forms(r)).append('\n');
        for (String note : r.notes()) {
            sb.append("- ").append(note).append('\n');
        }
        if (!r.notes().isEmpty()) {
            sb.append('\n');
        }
        sb.append("## Kept filters\n\n");
        for (PruningRunResult run : r.runs()) {
            sb.append("- **").append(run.criterion()).append(" / ").append(run.configuration()).append("**: ");
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, List<Integer>> e : run.keptFilters().entrySet()) {
                parts.add(e.getKey() + " " + e.getValue());
            }
            sb.append(String.join("; ", parts)).append('\n');
        }
        return sb.toString();
    }

    /**
     * How latency was measured, in one sentence (empty without a measurement).
     */
    public static String latencyNote(Latency batch1, Latency batch64) {
        if (batch1.form().isEmpty()) {
            return "";
        }
        return String.format(Locale.ROOT, "Latency is the median (first–third quartile) %s time per call, ms, over "
                + "%d interleaved rounds at batch 1 and %d at batch 64 in one process, every network in its fastest exact "
                + "inference form (chosen by measuring every form once, each checked against the plain network to "
                + "1e-4); speed-up is the median (quartiles) over rounds of baseline time / pruned time in the same "
                + "round.", batch1.clock(), batch1.rounds(), batch64.rounds());
    }

    /** The inference form of every row, at batch 1 and 64 (empty without a measurement). */
    public static String forms(PruningReport r) {
        if (r.baseline().latencyBatch1().form().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("Inference forms (batch 1; batch 64):\n");
        sb.append(formLine("baseline", r.baseline()));
        for (PruningRunResult run : r.runs()) {
            sb.append(formLine(run.criterion() + " / " + run.configuration(), run.last()));
        }
        return sb.toString();
    }

    private static String formLine(String name, StageResult s) {
        return "- " + name + ": `" + s.latencyBatch1().form() + "`; `" + s.latencyBatch64().form() + "`\n";
    }

    /** "median (q1–q3)" in ms, or — if not measured. */
    static String latency(Latency l) {
        return Double.isNaN(l.medianMs()) ? "—" : String.format(Locale.ROOT, "%s (%s–%s)", ms(l.medianMs()),
                ms(l.q1Ms()), ms(l.q3Ms()));
    }

    /** "median× (q1–q3)" of the paired speed-up, or — (the baseline, or not measured). */
    static String speedUp(Latency l) {
        return Double.isNaN(l.speedUp()) ? "—" : String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", l.speedUp(),
                l.speedUpQ1(), l.speedUpQ3());
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String reduction(long v, long base) {
        return base == 0 ? "—" : String.format(Locale.ROOT, "%.1f", 100.0 * (base - v) / base);
    }
}
