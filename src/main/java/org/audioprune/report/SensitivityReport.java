package org.audioprune.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.audioprune.AudioPruneException;
import org.audioprune.Json;
import org.audioprune.prune.Sensitivity;

/**
 * What {@code audioprune sensitivity} measured: per criterion, the metric with each layer pruned
 * alone over a ratio grid. Its JSON ({@value #JSON}) is what {@code --sensitivity} reads to guide
 * a budget search.
 *
 * @param network        architecture name
 * @param checkpoint     the checkpoint that was pruned
 * @param dataset        {@code KIND:PATH}
 * @param metricName     {@code accuracy} or {@code mAP}
 * @param split          the split the metric is measured on (validation by default: choosing ratios on
 *                       the test split would leak it into the result)
 * @param finetuneEpochs short fine-tuning after each cut, 0 for none
 * @param criteria       one sensitivity per criterion
 */
public record SensitivityReport(String network, String checkpoint, String dataset, String metricName, String split,
                                int finetuneEpochs, List<Sensitivity> criteria, List<String> notes) {
    public static final String JSON = "sensitivity.json";

    public SensitivityReport {
        criteria = List.copyOf(criteria);
        notes = List.copyOf(notes);
    }

    /**
     * The sensitivity of {@code criterion}.
     *
     * @param source the file it was read from, for the message
     * @throws AudioPruneException if it was not measured
     */
    public Sensitivity of(String criterion, Path source) {
        return criteria.stream().filter(s -> s.criterion().equals(criterion)).findFirst()
                .orElseThrow(() -> new AudioPruneException(source + ": no sensitivity of criterion " + criterion
                        + " (measured: " + String.join(", ", criteria.stream().map(Sensitivity::criterion).toList())
                        + ")"));
    }

    /**
     * Writes the folder {@code dir}, replaced as a whole: {@value #JSON}, sensitivity.csv (criterion,
     * layer, ratio, metric), report.md (one table per criterion) and a plot per criterion.
     */
    public void write(Path dir) {
        java.util.Map<String, byte[]> plots = new java.util.LinkedHashMap<>();
        for (Sensitivity s : criteria) {
            plots.put("sensitivity-" + s.criterion() + ".png", SweepPlots.png(SweepPlots.sensitivity(s, network,
                    metricName, split)));
        }
        List<List<String>> csv = new java.util.ArrayList<>();
        csv.add(List.of("criterion", "layer", "ratio", metricName));
        StringBuilder md = new StringBuilder("# AudioPrune layer sensitivity: " + network + " (" + checkpoint + ") on "
                + dataset + "\n\n" + metricName + " on the " + split + " split with one layer pruned at a time"
                + (finetuneEpochs > 0 ? ", then fine-tuned " + finetuneEpochs + " epoch(s)" : ", no fine-tuning")
                + ".\n\n");
        for (Sensitivity s : criteria) {
            List<List<String>> table = new java.util.ArrayList<>();
            List<String> header = new java.util.ArrayList<>(List.of("layer \\ ratio"));
            s.layers().get(0).ratios().forEach(r -> header.add(String.format(java.util.Locale.ROOT, "%.2f", r)));
            table.add(header);
            for (Sensitivity.Curve c : s.layers()) {
                List<String> row = new java.util.ArrayList<>(List.of(c.layer()));
                for (int i = 0; i < c.ratios().size(); i++) {
                    row.add(String.format(java.util.Locale.ROOT, "%.2f %%", 100 * c.metrics().get(i)));
                    csv.add(List.of(s.criterion(), c.layer(), Double.toString(c.ratios().get(i)),
                            Double.toString(c.metrics().get(i))));
                }
                table.add(row);
            }
            md.append("## ").append(s.criterion()).append(String.format(java.util.Locale.ROOT,
                    " (unpruned: %.2f %%)%n%n", 100 * s.baseline())).append(SweepReportWriter.Markdown.table(table))
                    .append("\n![sensitivity-").append(s.criterion()).append("](sensitivity-").append(s.criterion())
                    .append(".png)\n\n");
        }
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        org.audioprune.io.AtomicFiles.writeFolder(dir, org.audioprune.io.OutputKind.REPORT, tmp -> {
            org.audioprune.io.OutputKind.REPORT.writeMarker(tmp);
            Json.MAPPER.writeValue(tmp.resolve(JSON).toFile(), this);
            java.nio.file.Files.writeString(tmp.resolve("sensitivity.csv"), SweepReportWriter.Csv.of(csv));
            java.nio.file.Files.writeString(tmp.resolve("report.md"), md.toString());
            for (var e : plots.entrySet()) {
                java.nio.file.Files.write(tmp.resolve(e.getKey()), e.getValue());
            }
        });
    }

    /** Reads a {@value #JSON} (or the folder holding one). */
    public static SensitivityReport read(Path file) {
        Path f = java.nio.file.Files.isDirectory(file) ? file.resolve(JSON) : file;
        try {
            return Json.nonNull(SensitivityReport.class).readValue(f.toFile());
        } catch (IOException e) {
            throw new AudioPruneException(f + ": not a sensitivity result (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
    }
}
