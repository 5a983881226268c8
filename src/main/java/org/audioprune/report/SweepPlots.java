package org.audioprune.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.audioprune.prune.Sensitivity;
import org.audioprune.stats.Summary;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The plots of sweep and sensitivity reports, rendered as PNG bytes. */
public final class SweepPlots {
    /**
     * Offset between series along the MACs axis, as a share of the axis span, so that error bars do
     * not overlap; less where distinct MAC counts lie closer, so that configurations stay apart.
     */
    private static final double OFFSET = 0.008;
    /** Okabe–Ito: distinguishable with colour-vision deficiencies. */
    private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
        new Color(213, 94, 0), new Color(204, 121, 167), new Color(86, 180, 233), new Color(120, 120, 120),
        new Color(240, 228, 66)};

    private SweepPlots() {
    }

    /**
     * Metric vs MACs, one colour per criterion: after fine-tuning (circles) and right after pruning
     * (pale triangles), each mean with its 95 % interval as error bars; the baseline as a diamond.
     */
    public static XYChart accuracyVsMacs(SweepReport r) {
        XYChart chart = new XYChartBuilder().width(1000).height(620)
                .title(r.network() + " on " + r.dataset() + ": " + r.metricName() + " vs MACs (mean ± 95 % CI)")
                .xAxisTitle("MACs per clip at the reference input (millions; criteria offset slightly for legibility)")
                .yAxisTitle(r.metricName() + " on the test split (%)").build();
        style(chart);
        Map<String, List<SweepReport.Cell>> byCriterion = new LinkedHashMap<>();
        double lo = r.baseline().macs();
        double hi = r.baseline().macs();
        for (SweepReport.Cell c : r.cells()) {
            byCriterion.computeIfAbsent(c.criterion(), k -> new ArrayList<>()).add(c);
            lo = Math.min(lo, c.macs());
            hi = Math.max(hi, c.macs());
        }
        double span = Math.max(hi - lo, 0.05 * hi) / 1e6;
        java.util.TreeSet<Double> xs = new java.util.TreeSet<>();
        xs.add(r.baseline().macs() / 1e6);
        r.cells().forEach(c -> xs.add(c.macs() / 1e6));
        double gap = Double.POSITIVE_INFINITY;
        Double prev = null;
        for (double x : xs) {
            gap = prev == null ? gap : Math.min(gap, x - prev);
            prev = x;
        }
        XYSeries base = chart.addSeries("baseline", new double[] {r.baseline().macs() / 1e6},
                new double[] {100 * r.baseline().metric().mean()},
                new double[] {err(r.baseline().metric(), 100)});
        base.setMarker(SeriesMarkers.DIAMOND);
        base.setMarkerColor(Color.BLACK);
        base.setLineColor(Color.BLACK);
        int k = 0;
        int n = 2 * byCriterion.size();
        double step = Math.min(OFFSET * span, 0.8 * gap / n);
        double ymin = 100 * r.baseline().metric().mean();
        double ymax = ymin;
        for (Map.Entry<String, List<SweepReport.Cell>> e : byCriterion.entrySet()) {
            Color color = PALETTE[k % PALETTE.length];
            double dx = (2 * k - (n - 1) / 2.0) * step;
            List<SweepReport.Cell> cells = e.getValue();
            double[] x = cells.stream().mapToDouble(c -> c.macs() / 1e6 + dx).toArray();
            double[] xPruned = cells.stream().mapToDouble(c -> c.macs() / 1e6 + dx + step).toArray();
            for (SweepReport.Cell c : cells) {
                for (Summary i : new Summary[] {c.pruned(), c.finetuned()}) {
                    if (i != null) {
                        ymin = Math.min(ymin, 100 * i.mean() - err(i, 100));
                        ymax = Math.max(ymax, 100 * i.mean() + err(i, 100));
                    }
                }
            }
            if (cells.get(0).finetuned() != null) {
                XYSeries ft = chart.addSeries(e.getKey() + ", fine-tuned", x,
                        cells.stream().mapToDouble(c -> 100 * c.finetuned().mean()).toArray(),
                        cells.stream().mapToDouble(c -> err(c.finetuned(), 100)).toArray());
                ft.setMarker(SeriesMarkers.CIRCLE);
                ft.setMarkerColor(color);
                ft.setLineColor(color);
            }
            XYSeries pr = chart.addSeries(e.getKey() + ", pruned" + (cells.get(0).finetuned() != null
                    ? " (before fine-tuning)" : ""), xPruned,
                    cells.stream().mapToDouble(c -> 100 * c.pruned().mean()).toArray(),
                    cells.stream().mapToDouble(c -> err(c.pruned(), 100)).toArray());
            pr.setMarker(SeriesMarkers.TRIANGLE_UP);
            Color pale = new Color(color.getRed(), color.getGreen(), color.getBlue(), 120);
            pr.setMarkerColor(pale);
            pr.setLineColor(pale);
            k++;
        }
        // a t-interval can reach past 0 or 100 %; the axis stays within what the metric can be
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(ymin / 5) * 5));
        chart.getStyler().setYAxisMax(Math.min(100, Math.ceil(ymax / 5) * 5 + (ymax % 5 == 0 ? 5 : 0)));
        return chart;
    }

    /**
     * The cells side by side: per configuration, one bar per criterion, after fine-tuning (right
     * after pruning without fine-tuning), mean with its 95 % interval; the baseline as a line. Cells
     * at nearly the same MACs, which crowd the MACs plot, are read here.
     */
    public static CategoryChart cells(SweepReport r) {
        boolean tuned = r.cells().stream().allMatch(c -> c.finetuned() != null);
        CategoryChart chart = new CategoryChartBuilder().width(1000).height(560)
                .title(r.network() + " on " + r.dataset() + ": " + r.metricName() + (tuned ? " after fine-tuning"
                        : " after pruning") + " per cell (mean ± 95 % CI; line: baseline)")
                .xAxisTitle("configuration").yAxisTitle(r.metricName() + " on the test split (%)").build();
        CategoryStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setErrorBarsColorSeriesColor(true);
        st.setOverlapped(false);
        st.setSeriesColors(PALETTE); // error bars take the palette's colour, not a series' own
        Map<String, List<SweepReport.Cell>> byCriterion = new LinkedHashMap<>();
        r.cells().forEach(c -> byCriterion.computeIfAbsent(c.criterion(), k -> new ArrayList<>()).add(c));
        List<String> configs = r.cells().stream().map(SweepReport.Cell::configuration).distinct().toList();
        double ymin = 100 * r.baseline().metric().mean();
        double ymax = ymin;
        int k = 0;
        for (Map.Entry<String, List<SweepReport.Cell>> e : byCriterion.entrySet()) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String config : configs) {
                SweepReport.Cell c = e.getValue().stream().filter(x -> x.configuration().equals(config)).findFirst()
                        .orElse(null);
                Summary m = c == null ? null : c.last();
                y.add(m == null ? Double.NaN : 100 * m.mean());
                err.add(m == null ? 0 : err(m, 100));
                if (m != null) {
                    ymin = Math.min(ymin, 100 * m.mean() - err(m, 100));
                    ymax = Math.max(ymax, 100 * m.mean() + err(m, 100));
                }
            }
            Color c = PALETTE[k++ % PALETTE.length];
            // translucent bars, so that the lower half of each error bar shows through
            chart.addSeries(e.getKey(), configs, y, err).setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(),
                    140));
        }
        List<Double> base = configs.stream().map(c -> 100 * r.baseline().metric().mean()).toList();
        var line = chart.addSeries("baseline", configs, base);
        line.setChartCategorySeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Line);
        line.setLineColor(Color.BLACK);
        line.setMarker(SeriesMarkers.NONE);
        st.setYAxisMin(Math.max(0, Math.floor(ymin / 5) * 5 - 5));
        st.setYAxisMax(Math.min(100, Math.ceil(ymax / 5) * 5 + 5));
        return chart;
    }

    /** Metric vs ratio, one line per layer, each layer pruned alone by one criterion. */
    public static XYChart sensitivity(Sensitivity s, String network, String metricName, String split) {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title(network + ": " + metricName + " with one layer pruned by " + s.criterion() + " (" + split
                        + " split)")
                .xAxisTitle("pruning ratio of the layer (share of its filters removed)")
                .yAxisTitle(metricName + " (%)").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        XYSeries base = chart.addSeries("unpruned", new double[] {0, c0(s)}, new double[] {100 * s.baseline(),
            100 * s.baseline()});
        base.setMarker(SeriesMarkers.NONE);
        base.setLineColor(Color.GRAY);
        for (Sensitivity.Curve c : s.layers()) {
            List<Double> ratios = new ArrayList<>(c.ratios());
            List<Double> metrics = new ArrayList<>(c.metrics());
            if (ratios.get(0) > 0) { // the unpruned network is every curve's start
                ratios.add(0, 0.0);
                metrics.add(0, s.baseline());
            }
            chart.addSeries(c.layer(), ratios.stream().mapToDouble(Double::doubleValue).toArray(),
                    metrics.stream().mapToDouble(m -> 100 * m).toArray());
        }
        return chart;
    }

    private static double c0(Sensitivity s) {
        return s.layers().stream().flatMap(c -> c.ratios().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
    }

    /** The chart as PNG bytes. */
    public static byte[] png(Chart<?, ?> chart) {
        System.setProperty("java.awt.headless", "true");
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a plot: " + e.getMessage(), e);
        }
    }

    private static void style(XYChart chart) {
        Styler st = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        st.setChartTitleFont(st.getChartTitleFont().deriveFont(15f));
    }

    /** Half the 95 % interval (0 for one run, which has none). */
    private static double err(Summary s, double scale) {
        return s.interval().defined() ? scale * (s.interval().upper() - s.interval().lower()) / 2 : 0;
    }
}
