package org.audioprune.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.audioprune.Json;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputKind;
import org.audioprune.prune.Sensitivity;
import org.audioprune.stats.PairedComparison;
import org.audioprune.stats.Summary;

/**
 * Writes a sweep's report folder, replaced as a whole: {@value #MARKDOWN}, a self-contained
 * {@value #HTML} (inline CSS, plots embedded as base64 PNG), CSV of the cells, comparisons and
 * runs, {@value #JSON} with every number, and the plots as PNG ({@value #PLOT}, {@value #CELLS_PLOT}).
 */
public final class SweepReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String CELLS = "cells.csv";
    public static final String COMPARISONS = "comparisons.csv";
    public static final String UNITS = "units.csv";
    public static final String PLOT = "accuracy_vs_macs.png";
    public static final String CELLS_PLOT = "cells.png";

    private SweepReportWriter() {
    }

    public static void write(SweepReport r, Path dir) {
        Map<String, byte[]> plots = new LinkedHashMap<>();
        plots.put(PLOT, SweepPlots.png(SweepPlots.accuracyVsMacs(r)));
        plots.put(CELLS_PLOT, SweepPlots.png(SweepPlots.cells(r)));
        for (Sensitivity s : r.sensitivity()) {
            plots.put("sensitivity-" + s.criterion() + ".png", SweepPlots.png(SweepPlots.sensitivity(s, r.network(),
                    r.metricName(), "the --sensitivity file's")));
        }
        AtomicFiles.writeFolder(dir, OutputKind.REPORT, tmp -> {
            OutputKind.REPORT.writeMarker(tmp);
            Files.writeString(tmp.resolve(MARKDOWN), markdown(r, plots.keySet()), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(HTML), html(r, plots), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(CELLS), Csv.of(cellTable(r, false)), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(COMPARISONS), Csv.of(comparisonTable(r)), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(UNITS), Csv.of(unitTable(r)), StandardCharsets.UTF_8);
            Json.MAPPER.writeValue(tmp.resolve(JSON).toFile(), r);
            for (Map.Entry<String, byte[]> p : plots.entrySet()) {
                Files.write(tmp.resolve(p.getKey()), p.getValue());
            }
        });
    }

    /** The cell table as Markdown (also printed on the console). */
    public static String cellsMarkdown(SweepReport r) {
        return Markdown.table(cellTable(r, true));
    }

    static String markdown(SweepReport r, Iterable<String> plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("# AudioPrune sweep: ").append(r.network()).append(" on ").append(r.dataset()).append("\n\n");
        sb.append("Command: `").append(r.command()).append("`\n\n");
        sb.append("## Cells\n\n").append(cellsMarkdown(r)).append('\n');
        sb.append("## Claim check\n\n");
        r.claims().forEach(c -> sb.append("- ").append(c).append('\n'));
        sb.append("\n## Paired comparisons\n\n").append(Markdown.table(comparisonTable(r))).append('\n');
        sb.append(COMPARISON_RULE).append("\n\n");
        sb.append("## Plots\n\n");
        for (String p : plots) {
            sb.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        sb.append("## Notes\n\n");
        r.notes().forEach(n -> sb.append("- ").append(n).append('\n'));
        sb.append("- Environment: ").append(r.environment().describe()).append('\n');
        sb.append("\nEvery run is in ").append(UNITS).append(" and ").append(JSON).append(".\n");
        return sb.toString();
    }

    private static final String COMPARISON_RULE = "A − B is the mean over runs paired by baseline and seed. With two "
            + "or more runs the verdict needs both the paired t-test over runs (training noise) and the paired "
            + "bootstrap over test clips (test-set noise) to reject, p the larger of the two; with one run, exact "
            + "McNemar (or the bootstrap for mAP) on that one pair of networks. p is Holm-adjusted over the pairs of "
            + "a configuration; the verdict uses the adjusted p at 0.05 (docs/statistics.md).";

    static String html(SweepReport r, Map<String, byte[]> plots) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>AudioPrune sweep: ")
                .append(esc(r.network())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
                        + "color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\n")
                .append("th,td{border:1px solid #ccc;padding:0.3em 0.6em}th{background:#f0f0f0}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("code{background:#f4f4f4;padding:0.1em 0.3em}img{max-width:100%}\n")
                .append("</style></head><body>\n");
        sb.append("<h1>AudioPrune sweep: ").append(esc(r.network())).append(" on ").append(esc(r.dataset()))
                .append("</h1>\n<p>Command: <code>").append(esc(r.command())).append("</code></p>\n");
        sb.append("<h2>Cells</h2>\n").append(htmlTable(cellTable(r, true)));
        sb.append("<h2>Claim check</h2>\n<ul>\n");
        r.claims().forEach(c -> sb.append("<li>").append(esc(c.replace("`", ""))).append("</li>\n"));
        sb.append("</ul>\n<h2>Paired comparisons</h2>\n").append(htmlTable(comparisonTable(r)))
                .append("<p>").append(esc(COMPARISON_RULE)).append("</p>\n<h2>Plots</h2>\n");
        plots.forEach((name, png) -> sb.append("<p><img alt=\"").append(esc(name))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\"></p>\n"));
        sb.append("<h2>Notes</h2>\n<ul>\n");
        r.notes().forEach(n -> sb.append("<li>").append(esc(n)).append("</li>\n"));
        sb.append("<li>Environment: ").append(esc(r.environment().describe())).append("</li>\n</ul>\n");
        sb.append("<h2>Runs</h2>\n").append(htmlTable(unitTable(r))).append("</body></html>\n");
        return sb.toString();
    }

    /** Header row, then one row per cell; {@code pretty}: intervals as "mean ± half", else separate numbers. */
    static List<List<String>> cellTable(SweepReport r, boolean pretty) {
        List<List<String>> rows = new ArrayList<>();
        String m = r.metricName();
        SweepReport.Baseline b = r.baseline();
        if (pretty) {
            rows.add(List.of("configuration", "criterion", "plan", "runs", m + " pruned", m + " fine-tuned",
                    "Δ vs baseline (points)", "params", "params −%", "MACs", "MACs −%", "latency b1 (ms)",
                    "speed-up b1"));
            rows.add(List.of("baseline", "—", "—", Integer.toString(b.metric().n()), "—", pct(b.metric()), "—",
                    String.format(Locale.ROOT, "%,d", b.params()), "—", mega(b.macs()), "—",
                    MarkdownReport.latency(b.latencyBatch1()), "—"));
            for (SweepReport.Cell c : r.cells()) {
                rows.add(List.of(c.configuration(), c.criterion(), c.plan(), Integer.toString(c.pruned().n()),
                        pct(c.pruned()), c.finetuned() == null ? "—" : pct(c.finetuned()), points(c.delta()),
                        String.format(Locale.ROOT, "%,d", c.params()),
                        MarkdownReport.reduction(c.params(), b.params()), mega(c.macs()),
                        MarkdownReport.reduction(c.macs(), b.macs()), MarkdownReport.latency(c.latencyBatch1()),
                        MarkdownReport.speedUp(c.latencyBatch1())));
            }
            return rows;
        }
        rows.add(List.of("configuration", "criterion", "plan", "runs", "params", "macs", "pruned_mean", "pruned_low",
                "pruned_high", "finetuned_mean", "finetuned_low", "finetuned_high", "delta_points_mean",
                "delta_points_low", "delta_points_high", "latency_ms_b1", "latency_q1_ms_b1", "latency_q3_ms_b1",
                "speedup_b1", "speedup_q1_b1", "speedup_q3_b1", "form_b1", "latency_ms_b64", "latency_q1_ms_b64",
                "latency_q3_ms_b64", "speedup_b64", "speedup_q1_b64", "speedup_q3_b64", "form_b64"));
        List<String> baseRow = new ArrayList<>(List.of("baseline", "", "", Integer.toString(b.metric().n()),
                Long.toString(b.params()), Long.toString(b.macs()), "", "", "", num(b.metric().mean()),
                num(b.metric().interval().lower()), num(b.metric().interval().upper()), "", "", ""));
        baseRow.addAll(latencyColumns(b.latencyBatch1()));
        baseRow.addAll(latencyColumns(b.latencyBatch64()));
        rows.add(baseRow);
        for (SweepReport.Cell c : r.cells()) {
            List<String> row = new ArrayList<>(List.of(c.configuration(), c.criterion(), c.plan(),
                    Integer.toString(c.pruned().n()), Long.toString(c.params()), Long.toString(c.macs())));
            for (Summary s : new Summary[] {c.pruned(), c.finetuned(), c.delta()}) {
                row.addAll(s == null ? List.of("", "", "") : List.of(num(s.mean()), num(s.interval().lower()),
                        num(s.interval().upper())));
            }
            row.addAll(latencyColumns(c.latencyBatch1()));
            row.addAll(latencyColumns(c.latencyBatch64()));
            rows.add(row);
        }
        return rows;
    }

    private static List<String> latencyColumns(Latency l) {
        return List.of(num(l.medianMs()), num(l.q1Ms()), num(l.q3Ms()), num(l.speedUp()), num(l.speedUpQ1()),
                num(l.speedUpQ3()), l.form());
    }

    static List<List<String>> comparisonTable(SweepReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("configuration", "A", "B", "A − B (points)", "low", "high", "runs", "paired t p",
                "clips p", "basis", "p", "Holm p", "verdict"));
        for (SweepReport.Comparison c : r.comparisons()) {
            PairedComparison p = c.result();
            rows.add(List.of(c.configuration(), p.a(), p.b(), fixed(100 * p.difference()),
                    fixed(100 * p.seeds().interval().lower()), fixed(100 * p.seeds().interval().upper()),
                    Integer.toString(p.seeds().n()), prob(p.seeds().tPValue()),
                    p.clips() == null ? "" : prob(p.clips().pValue()), p.basis().toString(), prob(p.pValue()),
                    prob(p.adjustedPValue()), p.verdict().text()));
        }
        return rows;
    }

    static List<List<String>> unitTable(SweepReport r) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("unit", "baseline", "criterion", "configuration", "seed", "plan", "params", "macs",
                "pruned", "finetuned"));
        for (SweepReport.UnitRow u : r.units()) {
            rows.add(List.of(u.unit(), u.baseline(), u.criterion(), u.configuration(), Integer.toString(u.seed()),
                    u.plan(), Long.toString(u.params()), Long.toString(u.macs()), num(u.prunedMetric()),
                    num(u.finetunedMetric())));
        }
        return rows;
    }

    private static String htmlTable(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table>\n<tr>");
        rows.get(0).forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> row : rows.subList(1, rows.size())) {
            sb.append("<tr>");
            for (String cell : row) {
                boolean numeric = cell.matches("[-+−]?[0-9][0-9,.]*.*") && !cell.contains("=");
                sb.append(numeric ? "<td class=\"n\">" : "<td>").append(esc(cell)).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** {@code 95.33 % ± 0.42} (95 % CI half-width in points), or {@code 95.33 %} for one run. */
    static String pct(Summary s) {
        if (Double.isNaN(s.mean())) {
            return "—";
        }
        return !s.interval().defined() ? String.format(Locale.ROOT, "%.2f %%", 100 * s.mean())
                : String.format(Locale.ROOT, "%.2f %% ± %.2f", 100 * s.mean(), 100 * half(s));
    }

    private static String points(Summary s) {
        if (Double.isNaN(s.mean())) {
            return "—";
        }
        return !s.interval().defined() ? String.format(Locale.ROOT, "%+.2f", s.mean())
                : String.format(Locale.ROOT, "%+.2f ± %.2f", s.mean(), half(s));
    }

    private static double half(Summary s) {
        return (s.interval().upper() - s.interval().lower()) / 2;
    }

    private static String mega(long macs) {
        return String.format(Locale.ROOT, "%.2f M", macs / 1e6);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.2f", v);
    }

    private static String prob(double p) {
        return Double.isNaN(p) ? "" : String.format(Locale.ROOT, "%.3g", p);
    }

    /** Tables as Markdown. */
    static final class Markdown {
        private Markdown() {
        }

        static String table(List<List<String>> rows) {
            StringBuilder sb = new StringBuilder();
            sb.append("| ").append(String.join(" | ", rows.get(0))).append(" |\n|");
            rows.get(0).forEach(h -> sb.append("---|"));
            sb.append('\n');
            for (List<String> row : rows.subList(1, rows.size())) {
                sb.append("| ").append(String.join(" | ", row).replace("\n", " ")).append(" |\n");
            }
            return sb.toString();
        }
    }

    /** Tables as RFC 4180 CSV. */
    static final class Csv {
        private Csv() {
        }

        static String of(List<List<String>> rows) {
            StringBuilder sb = new StringBuilder();
            for (List<String> row : rows) {
                List<String> quoted = new ArrayList<>();
                for (String cell : row) {
                    quoted.add(cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                            ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
                }
                sb.append(String.join(",", quoted)).append("\r\n");
            }
            return sb.toString();
        }
    }
}
