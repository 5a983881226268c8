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
