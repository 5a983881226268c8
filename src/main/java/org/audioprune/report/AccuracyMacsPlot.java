package org.audioprune.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Accuracy (or mAP) against MACs: one series per criterion, the baseline as its own point. */
public final class AccuracyMacsPlot {
    private AccuracyMacsPlot() {
    }

    public static XYChart chart(PruningReport r) {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title(r.network() + ": " + r.metricName() + " vs MACs (after fine-tuning)")
                .xAxisTitle("MACs per clip (millions)").yAxisTitle(r.metricName() + " (%)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        Map<String, List<double[]>> byCriterion = new LinkedHashMap<>();
        for (PruningRunResult run : r.runs()) {
            byCriterion.computeIfAbsent(run.criterion(), k -> new ArrayList<>())
                    .add(new double[] {run.last().macs() / 1e6, 100 * run.last().metric()});
        }
        XYSeries base = chart.addSeries("baseline", new double[] {r.baseline().macs() / 1e6},
                new double[] {100 * r.baseline().metric()});
        base.setMarker(SeriesMarkers.DIAMOND);
        for (Map.Entry<String, List<double[]>> e : byCriterion.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(e.getKey(), x, y);
        }
        return chart;
    }

    /** Writes the chart as PNG, atomically. */
    public static void writePng(PruningReport r, Path file) {
        System.setProperty("java.awt.headless", "true");
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart(r), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, out -> out.write(png));
    }
}
