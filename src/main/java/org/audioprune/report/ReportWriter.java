package org.audioprune.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.audioprune.Json;
import org.audioprune.io.AtomicFiles;
import org.audioprune.io.OutputKind;

/** Writes a report's three files into a folder: report.md, results.json, accuracy_vs_macs.png. */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "results.json";
    public static final String PLOT = "accuracy_vs_macs.png";

    private static final ObjectMapper MAPPER = Json.MAPPER;

    private ReportWriter() {
    }

    /** Replaces the report folder {@code dir} (marker and the three files) atomically, as one artefact. */
    public static void write(PruningReport report, Path dir) {
        AtomicFiles.writeFolder(dir, OutputKind.REPORT, tmp -> {
            OutputKind.REPORT.writeMarker(tmp);
            writeFiles(report, tmp);
        });
    }

    /**
     * Writes the three files into {@code dir}, each replaced atomically: for the demo's folder, which
     * also holds the checkpoints it reuses.
     */
    public static void writeFiles(PruningReport report, Path dir) {
        AtomicFiles.writeString(dir.resolve(MARKDOWN), MarkdownReport.document(report));
        AtomicFiles.write(dir.resolve(JSON), out -> MAPPER.writeValue(out, report));
        AccuracyMacsPlot.writePng(report, dir.resolve(PLOT));
    }

    /** Reads back a results.json (used to reuse and to test reports). */
    public static PruningReport readJson(Path file) {
        try {
            return MAPPER.readValue(file.toFile(), PruningReport.class);
        } catch (java.io.IOException e) {
            throw new org.audioprune.AudioPruneException(file + ": not a valid results.json: " + e.getMessage());
        }
    }
}
