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
                + ms(s.latencyMsBatch1()) + " | " + ratio(base.latencyMsBatch1(), s.latencyMsBatch1()) + " | "
                + ms(s.latencyMsBatch64()) + " | " + ratio(base.latencyMsBatch64(), s.latencyMsBatch64()) + " |\n";
    }

    /** The full Markdown document: title, settings, table, notes, kept filters. */
    public static String document(PruningReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("# AudioPrune report: ").append(r.network()).append(" on ").append(r.dataset()).append("\n\n");
        sb.append(table(r)).append('\n');
        sb.append("Accuracy columns are on the test split; the fine-tuned model was selected on the validation ")
                .append("split. Params include batch-norm running statistics; MACs are conv + dense ")
                .append("multiply-accumulates for one clip of the network's default input. Latency is the median ")
                .append("of repeated CPU runs in the same process; speed-up is baseline latency / pruned latency.\n\n");
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

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * v);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String ratio(double base, double v) {
        return Double.isNaN(v) || Double.isNaN(base) || v <= 0 ? "—" : String.format(Locale.ROOT, "%.2f×", base / v);
    }

    static String reduction(long v, long base) {
        return base == 0 ? "—" : String.format(Locale.ROOT, "%.1f", 100.0 * (base - v) / base);
    }
}
