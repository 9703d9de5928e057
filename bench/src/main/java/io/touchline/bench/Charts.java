package io.touchline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The plots committed beside docs/benchmarks.md, drawn with JFreeChart. */
final class Charts {

    private static final Map<String, String> QUANTILES = Map.of("p50_ms", "p50", "p99_ms", "p99", "p999_ms", "p99.9");

    /** Distinct on white and for the common colour-vision deficiencies (Okabe-Ito). */
    private static final Color[] PALETTE = { new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
            new Color(0x00, 0x9E, 0x73),
            new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0xCC, 0x79, 0xA7),
            new Color(0x00, 0x00, 0x00) };

    private Charts() {
    }

    /**
     * Latency per hop (one panel each, log scale) against the offered rate, as a percentage of the
     * pipeline's capacity: p50, p99 and p99.9, medians of the runs.
     */
    static void latency(Results medians, List<Integer> percents, Path png) throws IOException {
        NumberAxis rate = new NumberAxis("offered rate, % of the pipeline's capacity");
        rate.setRange(percents.get(0) - 5, percents.get(percents.size() - 1) + 5);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(rate);
        combined.setGap(12);
        for (String hop : EndToEndLoad.HOPS) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (String quantile : List.of("p50_ms", "p99_ms", "p999_ms")) {
                XYSeries series = new XYSeries(QUANTILES.get(quantile));
                for (int percent : percents) {
                    medians.get("e2e.p" + percent + "." + hop + "." + quantile)
                            .ifPresent(v -> series.add(percent, v));
                }
                data.addSeries(series);
            }
            NumberAxis ms = new NumberAxis(Report.HOP_NAMES.get(hop) + " (ms)");
            XYPlot plot = new XYPlot(data, null, ms, lines());
            plot.setBackgroundPaint(Color.WHITE);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (Targets.Target target : Targets.ALL) {
                if (target.figure().equals("e2e.p50." + hop + ".p99_ms")) {
                    ValueMarker marker = new ValueMarker(target.bound(), Color.RED, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER, 1f, new float[] { 4f, 4f }, 0f));
                    marker.setLabel("target: p99 at 50% " + target.boundText());
                    marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
                    marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
                    plot.addRangeMarker(marker);
                }
            }
            combined.add(plot);
        }
        // Every panel has the same three series: one legend for all.
        combined.setFixedLegendItems(((XYPlot) combined.getSubplots().get(0)).getLegendItems());
        save("Latency from the event's due time, per hop (open loop)", combined, png, 1100);
    }

    /** Each process's resident memory over one run: idle, then each offered rate (marked). */
    static void rss(Path csv, Path png) throws IOException {
        Map<String, XYSeries> byName = new TreeMap<>();
        Map<String, Double> phaseStarts = new TreeMap<>();
        long origin = -1;
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f.length != 4) {
                continue;
            }
            long at = Long.parseLong(f[0]);
            origin = origin < 0 ? at : Math.min(origin, at);
            double seconds = (at - origin) / 1000.0;
            phaseStarts.merge(f[1], seconds, Math::min);
            byName.computeIfAbsent(f[2], XYSeries::new).add(seconds, Double.parseDouble(f[3]));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byName.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < PALETTE.length; i++) {
            renderer.setSeriesPaint(i, PALETTE[i]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds"), new NumberAxis("resident memory (MiB)"), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        phaseStarts.forEach((phase, at) -> {
            ValueMarker marker = new ValueMarker(at, Color.GRAY, new BasicStroke(1f));
            marker.setLabel(phase.matches("p[0-9]+") ? phase.substring(1) + "%" : phase);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(marker);
        });
        save("Resident memory (VmRSS) during the end-to-end part of one run", plot, png, 500);
    }

    /** A chart of the plot, white, 900 pixels wide, with its legend. */
    private static void save(String title, Plot plot, Path png, int height) throws IOException {
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, height);
    }

    private static XYLineAndShapeRenderer lines() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, PALETTE[3]);
        renderer.setSeriesPaint(1, PALETTE[0]);
        renderer.setSeriesPaint(2, PALETTE[4]);
        return renderer;
    }
}
