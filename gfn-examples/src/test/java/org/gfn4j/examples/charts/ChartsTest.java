package org.gfn4j.examples.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.train.IterationReport;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** The charts' data and layout, without training. */
class ChartsTest {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private static TrainingHistory history(int iterations, boolean evaluate) {
    TrainingHistory history = new TrainingHistory();
    IterationReport last = null;
    for (int i = 1; i <= iterations; i++) {
      last = new IterationReport(i, 10.0 / i, 0.01 * i, null, 1000, 1000L * i, null);
      history.onIteration(last);
      if (evaluate && i % 10 == 0) {
        history.onEvaluation(i, new Evaluation(Map.of(Evaluation.L1_EXACT, 1.0 / i, Evaluation.LOGZ, 0.01 * i,
            Evaluation.LOGZ_TRUE, 3.0)), last);
      }
    }
    return history;
  }

  private static BufferedImage png(JFreeChart chart) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(bytes, chart, TrainingChart.WIDTH, TrainingChart.HEIGHT);
    return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  @Test
  void trainingChart_withoutEvaluations_showsTheLossAlone() throws IOException {
    JFreeChart chart = TrainingChart.chart("no evaluation", history(50, false), true);
    List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    assertThat(panels).hasSize(1);
    assertThat(panels.get(0).getDataset().getItemCount(0)).isEqualTo(50);
    assertThat(png(chart).getWidth()).isEqualTo(TrainingChart.WIDTH);
  }

  @Test
  void trainingChart_binsLongRuns_andAddsLogZAndTheMetric() {
    JFreeChart chart = TrainingChart.chart("evaluated", history(4000, true), true);
    CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getXYPlot();
    assertThat(plot.getSubplots()).hasSize(3);
    assertThat(plot.getSubplots().get(0).getDataset().getItemCount(0)).isEqualTo(TrainingChart.LOSS_POINTS);
    assertThat(plot.getSubplots().get(1).getDataset().getSeriesCount()).as("log Z and its target").isEqualTo(2);
    assertThat(TrainingChart.chart("no log Z", history(100, true), false).getXYPlot())
        .extracting(p -> ((CombinedDomainXYPlot) p).getSubplots().size()).isEqualTo(2);
  }

  @Test
  void topIndices_areTheLargestValues_largestFirst() {
    double[] values = new SplittableRandom(1).doubles(1000).toArray();
    int[] top = DistributionChart.topIndices(values, 30);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 30; i++) {
      assertThat(values[top[i]]).isEqualTo(sorted[999 - i]);
    }
  }

  @Test
  void histograms_ofOneDimensionalSamples_haveThePictureSize() {
    SplittableRandom random = new SplittableRandom(2);
    double[] learned = random.doubles(500).map(x -> x * 2).toArray();
    double[] target = random.doubles(500).toArray();
    BufferedImage image = DistributionChart.histograms(learned, target);
    assertThat(image.getWidth()).isEqualTo(DistributionChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(DistributionChart.HEIGHT);
  }
}
