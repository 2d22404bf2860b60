package org.gfn4j.examples.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The colours, strokes and layout shared by the run's pictures. */
final class ChartStyle {
  /** Line colours, one per series (Tableau 10). */
  static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
      new Color(0xbcbd22), new Color(0x17becf));

  /** The colour of learned quantities. */
  static final Color LEARNED = PALETTE.get(0);

  /** The colour of target quantities. */
  static final Color TARGET = PALETTE.get(1);

  private static final BasicStroke SOLID = new BasicStroke(1.6f);
  private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {6f, 4f}, 0f);

  /** Series with at most this many points are drawn with a marker at each point. */
  private static final int MARKED_POINTS = 40;

  private static final Ellipse2D MARKER = new Ellipse2D.Double(-3, -3, 6, 6);

  private ChartStyle() {}

  /** A series to draw as a line. */
  record Line(XYSeries series, Color colour, boolean dashed) {}

  /** The colour of series {@code i}. */
  static Color colour(int i) {
    return PALETTE.get(i % PALETTE.size());
  }

  /** White backgrounds and light grid lines. */
  static void plain(Plot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(new Color(0xdddddd));
      xy.setRangeGridlinePaint(new Color(0xdddddd));
    }
  }

  /** The chart with a white background and anti-aliasing. */
  static JFreeChart plain(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    plain(chart.getPlot());
    return chart;
  }

  /** Sets the lines as the data of {@code plot}, each with its colour and stroke. */
  static void draw(XYPlot plot, List<Line> lines) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      data.addSeries(line.series());
      renderer.setSeriesPaint(i, line.colour());
      renderer.setSeriesStroke(i, line.dashed() ? DASHED : SOLID);
      renderer.setSeriesShape(i, MARKER);
      renderer.setSeriesShapesVisible(i, !line.dashed() && line.series().getItemCount() <= MARKED_POINTS);
    }
    plot.setDataset(data);
    plot.setRenderer(renderer);
    plain(plot);
  }

  /** The charts drawn side by side, each in an equal share of {@code width}. */
  static BufferedImage sideBySide(int width, int height, JFreeChart... charts) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, width, height);
      double share = (double) width / charts.length;
      for (int i = 0; i < charts.length; i++) {
        charts[i].draw(g, new Rectangle2D.Double(i * share, 0, share, height));
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Viridis from 0 to {@code upper}: dark purple for 0, yellow for the largest value. */
  record Viridis(double upper) implements PaintScale {
    private static final int[] ANCHORS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      double t = upper > 0 && Double.isFinite(value) ? Math.max(0, Math.min(1, value / upper)) : 0;
      double position = t * (ANCHORS.length - 1);
      int low = Math.min((int) position, ANCHORS.length - 2);
      double f = position - low;
      return new Color(mix(ANCHORS[low] >> 16, ANCHORS[low + 1] >> 16, f),
          mix(ANCHORS[low] >> 8, ANCHORS[low + 1] >> 8, f), mix(ANCHORS[low], ANCHORS[low + 1], f));
    }

    private static int mix(int a, int b, double f) {
      return (int) Math.round((a & 0xff) * (1 - f) + (b & 0xff) * f);
    }
  }
}
