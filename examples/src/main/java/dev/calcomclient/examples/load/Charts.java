package dev.calcomclient.examples.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts, drawn with XChart. Returns the file names written. */
final class Charts {
  private static final Color NAIVE = new Color(0xD6, 0x27, 0x28);
  private static final Color GENERIC = new Color(0xFF, 0x7F, 0x0E);
  private static final Color CALCOM = new Color(0x1F, 0x77, 0xB4);

  private Charts() {}

  static List<String> write(Path dir, ScenarioSpec spec, List<SideResult> sides) throws IOException {
    List<String> files = new ArrayList<>();
    files.add(requestsPerWindow(dir, spec, sides));
    if (spec.kind() == ScenarioSpec.Kind.TRAFFIC) {
      files.add(hitRatio(dir, spec, sides));
    }
    files.add(latency(dir, spec, sides));
    return files;
  }

  private static Color color(SideResult r) {
    return switch (r.client) {
      case ScenarioRunner.NAIVE -> NAIVE;
      case ScenarioRunner.GENERIC -> GENERIC;
      default -> CALCOM;
    };
  }

  private static String requestsPerWindow(Path dir, ScenarioSpec spec, List<SideResult> sides) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(450)
        .title(spec.title() + ": requests in the trailing 60 s vs the limit")
        .xAxisTitle("simulated minutes").yAxisTitle("requests per sliding 60 s").build();
    chart.getStyler().setMarkerSize(0);
    double end = 60;
    for (SideResult r : sides) {
      addXy(chart, r.client, r.windowSeries, color(r), 60, false);
      end = Math.max(end, last(r.windowSeries));
    }
    int max = sides.get(0).limit;
    XYSeries limit = chart.addSeries("limit (" + max + ")", new double[] {0, end / 60.0}, new double[] {max, max});
    limit.setLineColor(Color.BLACK);
    limit.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {8f, 6f}, 0f));
    limit.setMarker(SeriesMarkers.NONE);
    return save(chart, dir, spec.name() + "-requests-per-60s");
  }

  private static String hitRatio(Path dir, ScenarioSpec spec, List<SideResult> sides) throws IOException {
    XYChart chart = new XYChartBuilder().width(900).height(450)
        .title(spec.title() + ": hit ratio per simulated minute (from the journal)")
        .xAxisTitle("simulated minute").yAxisTitle("logical reads without an upstream request").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    for (SideResult r : sides) {
      addXy(chart, r.client, r.hitRatioSeries, color(r), 1, true);
    }
    return save(chart, dir, spec.name() + "-hit-ratio");
  }

  private static String latency(Path dir, ScenarioSpec spec, List<SideResult> sides) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(450)
        .title(spec.title() + ": latency of successful operations (simulated ms)")
        .xAxisTitle("operation and percentile").yAxisTitle("ms").build();
    List<String> categories = new ArrayList<>();
    List<List<Double>> values = new ArrayList<>();
    sides.forEach(r -> values.add(new ArrayList<>()));
    for (Op op : Op.values()) {
      for (double p : new double[] {50, 95, 99}) {
        if (sides.stream().allMatch(r -> r.percentile(op, p) == null)) {
          continue;
        }
        categories.add(op.label + " p" + (int) p);
        for (int i = 0; i < sides.size(); i++) {
          values.get(i).add(orZero(sides.get(i).percentile(op, p)));
        }
      }
    }
    if (categories.isEmpty()) {
      categories.add("no successful operation");
      values.forEach(v -> v.add(0.0));
    }
    for (int i = 0; i < sides.size(); i++) {
      chart.addSeries(sides.get(i).client, categories, values.get(i)).setFillColor(color(sides.get(i)));
    }
    chart.getStyler().setXAxisLabelRotation(30);
    return save(chart, dir, spec.name() + "-latency");
  }

  /** Adds {@code [x, y]} pairs, x divided by {@code xDivisor}; markers only where the points are sparse. */
  private static void addXy(XYChart chart, String name, List<double[]> series, Color color, double xDivisor,
      boolean markers) {
    double[] x = series.stream().mapToDouble(p -> p[0] / xDivisor).toArray();
    double[] y = series.stream().mapToDouble(p -> p[1]).toArray();
    if (x.length == 0) {
      x = new double[] {0};
      y = new double[] {0};
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(color);
    if (markers) {
      s.setMarkerColor(color);
    } else {
      s.setMarker(SeriesMarkers.NONE);
    }
  }

  private static double last(List<double[]> series) {
    return series.isEmpty() ? 60 : series.get(series.size() - 1)[0];
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }

  private static String save(Object chart, Path dir, String name) throws IOException {
    String file = name + ".png";
    BitmapEncoder.saveBitmap((org.knowm.xchart.internal.chartpart.Chart<?, ?>) chart,
        dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    return file;
  }
}
