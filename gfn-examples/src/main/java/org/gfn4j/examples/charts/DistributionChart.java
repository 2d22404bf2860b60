package org.gfn4j.examples.charts;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.ConditionalEvaluator;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.envs.hypergrid.HyperGrid;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code distribution.png}: the learned distribution beside the target. A 2-D HyperGrid (a conditional one at
 * c = 1): heatmaps of the exact terminal distributions on one colour scale; another enumerable environment: the
 * exact probabilities of the target's most likely states; a continuous target: learned samples beside exact target
 * samples, as scatters (2-D) or overlaid histograms (1-D), drawn from streams of their own.
 */
public final class DistributionChart {
  /** Width of the picture in pixels. */
  public static final int WIDTH = 1000;

  /** Height of the picture in pixels. */
  public static final int HEIGHT = 500;

  /** States in the bar chart of an enumerable environment that is not a 2-D grid. */
  static final int TOP_STATES = 30;

  /** Points in each scatter of a 2-D continuous target. */
  static final int SCATTER_POINTS = 2000;

  /** Samples in each histogram of a 1-D continuous target. */
  static final int HISTOGRAM_SAMPLES = 5000;

  /** The random stream of the learned samples ({@link Seeds#stream}); the target's is the next one. */
  public static final int SAMPLE_STREAM = Seeds.EVALUATION + 1000;

  /** The widest heatmap drawn cell by cell; larger grids are summed into blocks. */
  private static final int MAX_CELLS = 128;

  private static final int BINS = 60;

  private DistributionChart() {}

  /** The picture of the run's learned distribution against its target, or empty when the run has neither. */
  public static Optional<BufferedImage> image(TrainingRun run) {
    GFlowNet model = run.model();
    StepEnvironment<?, ?> environment = model.environment();
    Optional<Exact> exact = exact(run);
    if (exact.isPresent()) {
      ExactEvaluator evaluator = exact.get().evaluator();
      double[] learned = evaluator.terminalDistribution(model.forwardPolicy());
      double[] target = evaluator.targetDistribution();
      if (environment instanceof HyperGrid grid && grid.ndim() == 2
          && learned.length == grid.height() * grid.height()) {
        return Optional.of(heatmaps(grid.height(), learned, target, exact.get().where()));
      }
      if (environment instanceof Enumerable enumerable) {
        return Optional.of(topStates(enumerable, learned, target, exact.get().where()));
      }
      return Optional.empty();
    }
    if (environment instanceof ContinuousEnvironment continuous && environment instanceof ContinuousTarget target
        && continuous.conditionDim() == 0 && (target.pointDim() == 1 || target.pointDim() == 2)) {
      long seed = run.spec().training().seed();
      int n = target.pointDim() == 2 ? SCATTER_POINTS : HISTOGRAM_SAMPLES;
      double[] learned = learnedPoints(model, continuous, target, n, Seeds.stream(seed, SAMPLE_STREAM));
      double[] exactPoints = target.sampleTarget(n, Seeds.stream(seed, SAMPLE_STREAM + 1));
      return Optional.of(target.pointDim() == 2 ? scatters(target, learned, exactPoints)
          : histograms(learned, exactPoints));
    }
    return Optional.empty();
  }

  /** An exact evaluator and where it evaluates (empty, or " at c = 1"). */
  private record Exact(ExactEvaluator evaluator, String where) {}

  private static Optional<Exact> exact(TrainingRun run) {
    if (run.targetEvaluator().isPresent() && run.targetEvaluator().get() instanceof ConditionalEvaluator conditional) {
      String label = conditional.conditionLabels().contains("1") ? "1"
          : conditional.conditionLabels().get(conditional.conditionLabels().size() - 1);
      return Optional.of(new Exact(conditional.at(label), " at c = " + label));
    }
    return run.exactEvaluator().map(evaluator -> new Exact(evaluator, ""));
  }

  private static double[] learnedPoints(GFlowNet model, ContinuousEnvironment environment, ContinuousTarget target,
      int n, RandomGenerator random) {
    Sampler<ContinuousStates, ?> sampler = new Sampler<>(environment, model.forwardPolicy(), model.reward());
    Trajectories batch = sampler.sample(n, Exploration.NONE, random);
    double[] points = new double[n * target.pointDim()];
    target.points((ContinuousStates) batch.terminalStates(), points);
    return points;
  }

  /** Heatmaps of a 2-D grid, state {@code x * height + y} at (x, y), summed into blocks when the grid is large. */
  static BufferedImage heatmaps(int height, double[] learned, double[] target, String where) {
    int block = (height + MAX_CELLS - 1) / MAX_CELLS;
    double[][] learnedCells = cells(height, block, learned);
    double[][] targetCells = cells(height, block, target);
    double upper = Math.max(max(learnedCells[2]), max(targetCells[2]));
    String l1 = String.format(Locale.ROOT, "exact L1 %.3f", l1(learned, target));
    return ChartStyle.sideBySide(WIDTH, HEIGHT,
        heatmap("learned" + where + " (" + l1 + ")", learnedCells, height, block, upper),
        heatmap("target" + where, targetCells, height, block, upper));
  }

  private static double[][] cells(int height, int block, double[] distribution) {
    int side = (height + block - 1) / block;
    double[] sums = new double[side * side];
    for (int x = 0; x < height; x++) {
      for (int y = 0; y < height; y++) {
        sums[(x / block) * side + y / block] += distribution[x * height + y];
      }
    }
    double[][] xyz = new double[3][side * side];
    for (int i = 0; i < sums.length; i++) {
      xyz[0][i] = (i / side) * block + (block - 1) / 2.0;
      xyz[1][i] = (i % side) * block + (block - 1) / 2.0;
      xyz[2][i] = sums[i];
    }
    return xyz;
  }

  private static JFreeChart heatmap(String title, double[][] cells, int height, int block, double upper) {
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("p", cells);
    NumberAxis x = new NumberAxis("s[0]");
    NumberAxis y = new NumberAxis("s[1]");
    for (NumberAxis axis : new NumberAxis[] {x, y}) {
      axis.setRange(-0.5, height - 0.5);
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setLowerMargin(0);
      axis.setUpperMargin(0);
    }
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockWidth(block);
    renderer.setBlockHeight(block);
    ChartStyle.Viridis scale = new ChartStyle.Viridis(upper);
    renderer.setPaintScale(scale);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    NumberAxis legendAxis = new NumberAxis("probability");
    legendAxis.setRange(0, upper > 0 ? upper : 1);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 40, 4);
    legend.setStripWidth(12);
    chart.addSubtitle(legend);
    return ChartStyle.plain(chart);
  }

  /** Learned and target probabilities of the target's {@link #TOP_STATES} most likely states, as bars. */
  static BufferedImage topStates(Enumerable environment, double[] learned, double[] target, String where) {
    int[] top = topIndices(target, TOP_STATES);
    DiscreteStates states = environment.allStates();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double learnedMass = 0;
    double targetMass = 0;
    for (int index : top) {
      String label = states.format(index);
      label = label.length() > 28 ? label.substring(0, 27) + "…" : label;
      label = "#" + index + " " + label;
      data.addValue(learned[index], "learned" + where, label);
      data.addValue(target[index], "target" + where, label);
      learnedMass += learned[index];
      targetMass += target[index];
    }
    String title = String.format(Locale.ROOT, "the %d most likely states of the target (mass: learned %.3f, target "
        + "%.3f; exact L1 %.3f)", top.length, learnedMass, targetMass, l1(learned, target));
    JFreeChart chart = ChartFactory.createBarChart(title, "state", "probability", data, PlotOrientation.VERTICAL,
        true, false, false);
    chart.getTitle().setFont(JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, ChartStyle.LEARNED);
    renderer.setSeriesPaint(1, ChartStyle.TARGET);
    renderer.setItemMargin(0);
    ChartStyle.plain(chart);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    return ChartStyle.sideBySide(WIDTH, HEIGHT, chart);
  }

  /** The indices of the {@code k} largest values, largest first. */
  static int[] topIndices(double[] values, int k) {
    int[] top = new int[Math.min(k, values.length)];
    int size = 0;
    for (int i = 0; i < values.length; i++) {
      if (size < top.length) {
        top[size++] = i;
      } else if (values[i] > values[top[size - 1]]) {
        top[size - 1] = i;
      } else {
        continue;
      }
      for (int j = size - 1; j > 0 && values[top[j]] > values[top[j - 1]]; j--) {
        int swap = top[j];
        top[j] = top[j - 1];
        top[j - 1] = swap;
      }
    }
    return top;
  }

  /** Scatters of learned and target samples on the target's domain. */
  static BufferedImage scatters(ContinuousTarget target, double[] learned, double[] exact) {
    double[] low = target.domainLow();
    double[] high = target.domainHigh();
    return ChartStyle.sideBySide(WIDTH, HEIGHT,
        scatter(String.format(Locale.ROOT, "learned samples (%d)", learned.length / 2), learned, low, high,
            ChartStyle.LEARNED),
        scatter(String.format(Locale.ROOT, "target samples (%d)", exact.length / 2), exact, low, high,
            ChartStyle.TARGET));
  }

  private static JFreeChart scatter(String title, double[] points, double[] low, double[] high, Color colour) {
    XYSeries series = new XYSeries(title, false, true);
    for (int i = 0; i + 1 < points.length; i += 2) {
      series.add(points[i], points[i + 1]);
    }
    NumberAxis x = new NumberAxis("x[0]");
    NumberAxis y = new NumberAxis("x[1]");
    x.setRange(low[0], high[0]);
    y.setRange(low[1], high[1]);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    renderer.setSeriesShape(0, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
    renderer.setSeriesPaint(0, new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110));
    XYPlot plot = new XYPlot(new XYSeriesCollection(series), x, y, renderer);
    return ChartStyle.plain(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false));
  }

  /** Overlaid density histograms of learned and target samples. */
  static BufferedImage histograms(double[] learned, double[] exact) {
    double low = Math.min(min(learned), min(exact));
    double high = Math.max(max(learned), max(exact));
    if (!(high > low)) {
      high = low + 1;
    }
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.SCALE_AREA_TO_1);
    data.addSeries("learned samples (" + learned.length + ")", finite(learned), BINS, low, high);
    data.addSeries("target samples (" + exact.length + ")", finite(exact), BINS, low, high);
    JFreeChart chart = ChartFactory.createHistogram("learned vs target samples", "x", "density", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setForegroundAlpha(0.55f);
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, ChartStyle.LEARNED);
    renderer.setSeriesPaint(1, ChartStyle.TARGET);
    return ChartStyle.sideBySide(WIDTH, HEIGHT, ChartStyle.plain(chart));
  }

  private static double[] finite(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).toArray();
  }

  private static double l1(double[] p, double[] q) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += Math.abs(p[i] - q[i]);
    }
    return sum;
  }

  private static double max(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).max().orElse(0);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).filter(Double::isFinite).min().orElse(0);
  }
}
