package org.gfn4j.examples.charts;

import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.examples.charts.ChartStyle.Line;
import org.gfn4j.examples.charts.TrainingHistory.Row;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;

/**
 * {@code training.png}: the loss over iterations, then where the run has them the learned log Z beside its true
 * value (dashed) and the main metric of the evaluations: exact L1 (per condition for a conditional run), the KDE
 * JSD of a 2-D continuous target, or the sample mean and variance against the target's (dashed) for a 1-D one.
 */
public final class TrainingChart {
  /** Width of the picture in pixels. */
  public static final int WIDTH = 900;

  /** Height of the picture in pixels. */
  public static final int HEIGHT = 900;

  /** The loss curve has at most this many points (each the mean loss of a run of iterations). */
  static final int LOSS_POINTS = 400;

  private TrainingChart() {}

  /**
   * The chart of a run's history.
   *
   * @param title the chart's title (the run's environment, objective and seed)
   * @param learnsLogZ whether the objective learns log Z (else no log Z panel)
   */
  public static JFreeChart chart(String title, TrainingHistory history, boolean learnsLogZ) {
    NumberAxis iteration = new NumberAxis("iteration");
    NumberFormat plain = NumberFormat.getIntegerInstance(Locale.ROOT);
    plain.setGroupingUsed(false);
    iteration.setNumberFormatOverride(plain);
    iteration.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(iteration);
    plot.setGap(12);
    plot.add(lossPlot(history), 1);
    if (learnsLogZ) {
      logZPlot(history.rows()).ifPresent(panel -> plot.add(panel, 1));
    }
    metricPlot(history.rows()).ifPresent(panel -> plot.add(panel, 1));
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setPadding(new RectangleInsets(4, 4, 4, 20));
    return ChartStyle.plain(chart);
  }

  /** The mean loss over runs of iterations, on a log axis when every mean is positive. */
  private static XYPlot lossPlot(TrainingHistory history) {
    int[] iterations = history.iterations();
    double[] losses = history.losses();
    int bin = Math.max(1, (losses.length + LOSS_POINTS - 1) / LOSS_POINTS);
    XYSeries series = new XYSeries(bin == 1 ? "loss" : "loss (mean of " + bin + " iterations)");
    boolean positive = true;
    double smallest = Double.POSITIVE_INFINITY;
    double largest = 0;
    for (int from = 0; from < losses.length; from += bin) {
      double sum = 0;
      int n = 0;
      int to = Math.min(losses.length, from + bin);
      for (int i = from; i < to; i++) {
        if (Double.isFinite(losses[i])) {
          sum += losses[i];
          n++;
        }
      }
      if (n > 0) {
        series.add(iterations[to - 1], sum / n);
        positive &= sum > 0;
        smallest = Math.min(smallest, sum / n);
        largest = Math.max(largest, sum / n);
      }
    }
    ValueAxis axis;
    if (positive && series.getItemCount() > 0) {
      LogAxis log = new LogAxis("loss");
      log.setSmallestValue(1e-12);
      if (largest / smallest >= 100) {
        log.setTickUnit(new NumberTickUnit(1)); // powers of ten only
      } else {
        log.setNumberFormatOverride(new DecimalFormat("0.##E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
      }
      axis = log;
    } else {
      NumberAxis linear = new NumberAxis("loss");
      linear.setAutoRangeIncludesZero(false);
      axis = linear;
    }
    XYPlot plot = new XYPlot(null, null, axis, null);
    ChartStyle.draw(plot, List.of(new Line(series, ChartStyle.LEARNED, false)));
    return plot;
  }

  /** Learned log Z (per condition for a conditional run) and the true value dashed, where both are known. */
  private static Optional<XYPlot> logZPlot(List<Row> rows) {
    List<Line> lines = new ArrayList<>();
    Set<String> conditions = conditions(rows);
    if (conditions.isEmpty()) {
      addPair(lines, rows, row -> Double.isFinite(row.evaluation().logZ()) ? row.evaluation().logZ() : row.logZ(),
          row -> row.evaluation().logZTrue(), "log Z", 1);
    } else {
      int i = 0;
      for (String c : conditions) {
        addPair(lines, rows, row -> at(row, c).logZ(), row -> at(row, c).logZTrue(), "log Z(c=" + c + ")", i++);
      }
    }
    return lines.isEmpty() ? Optional.empty() : Optional.of(plot("log Z", lines, false));
  }

  /** The run's main metric: exact L1 (per condition), KDE JSD, or the sample moments against the target's. */
  private static Optional<XYPlot> metricPlot(List<Row> rows) {
    List<Line> lines = new ArrayList<>();
    Set<String> conditions = conditions(rows);
    if (!conditions.isEmpty()) {
      int i = 0;
      for (String c : conditions) {
        addLine(lines, rows, row -> at(row, c).l1(), "exact L1 at c=" + c, ChartStyle.colour(i++), false);
      }
      return lines.isEmpty() ? Optional.empty() : Optional.of(plot("exact L1", lines, true));
    }
    if (addLine(lines, rows, row -> row.evaluation().l1(), "exact L1", ChartStyle.colour(2), false)) {
      return Optional.of(plot("exact L1", lines, true));
    }
    if (addLine(lines, rows, row -> row.evaluation().get(Evaluation.JSD_KDE), "JSD of KDEs", ChartStyle.colour(2),
        false)) {
      return Optional.of(plot("JSD (KDE)", lines, true));
    }
    addPair(lines, rows, row -> row.evaluation().get(Evaluation.SAMPLE_MEAN),
        row -> row.evaluation().get(Evaluation.TARGET_MEAN), "sample mean", 2);
    addPair(lines, rows, row -> row.evaluation().get(Evaluation.SAMPLE_VARIANCE),
        row -> row.evaluation().get(Evaluation.TARGET_VARIANCE), "sample variance", 3);
    return lines.isEmpty() ? Optional.empty() : Optional.of(plot("mean, variance", lines, false));
  }

  private static Set<String> conditions(List<Row> rows) {
    Set<String> conditions = new LinkedHashSet<>();
    rows.forEach(row -> conditions.addAll(row.evaluation().byCondition().keySet()));
    return conditions;
  }

  private static Evaluation at(Row row, String condition) {
    return row.evaluation().byCondition().getOrDefault(condition, new Evaluation(Map.of()));
  }

  /** Adds a learned line and its target dashed in colour {@code colour}, when both have finite values. */
  private static void addPair(List<Line> lines, List<Row> rows, ToDoubleFunction<Row> learned,
      ToDoubleFunction<Row> target, String name, int colour) {
    List<Line> pair = new ArrayList<>();
    if (addLine(pair, rows, learned, name, ChartStyle.colour(colour), false)
        && addLine(pair, rows, target, name + " (target)", ChartStyle.colour(colour), true)) {
      lines.addAll(pair);
    }
  }

  /** Adds the finite values of {@code value} as a line; whether there were any. */
  private static boolean addLine(List<Line> lines, List<Row> rows, ToDoubleFunction<Row> value, String name,
      Color colour, boolean dashed) {
    XYSeries series = new XYSeries(name);
    for (Row row : rows) {
      double v = value.applyAsDouble(row);
      if (Double.isFinite(v)) {
        series.add(row.iteration(), v);
      }
    }
    if (series.getItemCount() == 0) {
      return false;
    }
    lines.add(new Line(series, colour, dashed));
    return true;
  }

  private static XYPlot plot(String label, List<Line> lines, boolean fromZero) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(fromZero);
    XYPlot plot = new XYPlot(null, null, axis, null);
    ChartStyle.draw(plot, lines);
    return plot;
  }
}
